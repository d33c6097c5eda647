package org.aava.dialer.web;

import java.io.Closeable;
import java.util.List;

/**
 * The rows of an uploaded lead file, one at a time, whatever its format (CSV or XLSX): the importer applies the
 * same rules and writes the same error file for both.
 */
public interface RowSource extends Closeable {
    /** One data row. {@code number} is the row's number in the file as a spreadsheet shows it (the header is row 1). */
    record Row(long number, List<String> values) {
    }

    List<String> header();

    /**
     * The next row, or null at the end. A file that turns unreadable part-way is a {@link Unreadable}: the rows
     * before it stand.
     */
    Row next();

    /** "csv" or "xlsx". */
    String format();

    /** How far through the file the rows read so far are (0..1), or -1 when this source cannot tell. */
    default double fractionRead() {
        return -1;
    }

    @Override
    void close();

    /** The file cannot be read on from here (an unterminated quote, a broken XLSX part, a row over the size limit). */
    final class Unreadable extends RuntimeException {
        Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
