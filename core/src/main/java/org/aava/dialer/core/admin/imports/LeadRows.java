package org.aava.dialer.core.admin.imports;

import java.util.List;

/**
 * The rows of a lead file, one at a time, whatever its format: the import applies the same rules to all of them. The
 * file is parsed outside core; this is how its rows reach the rules.
 */
public interface LeadRows {
    /** One data row. {@code number} is the row's number in the file as a spreadsheet shows it (the header is row 1). */
    record Row(long number, List<String> values) {
    }

    List<String> header();

    /**
     * The next row, or null at the end. A file that turns unreadable part-way is a {@link Unreadable}: the rows
     * before it stand.
     */
    Row next();

    /** The file cannot be read on from here (an unterminated quote, a broken XLSX part, a row over the size limit). */
    final class Unreadable extends RuntimeException {
        public Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
