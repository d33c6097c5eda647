package org.aava.dialer.web;

import org.aava.dialer.core.admin.imports.LeadRows;

import java.io.Closeable;

/**
 * An uploaded lead file read as rows, whatever its format (CSV or XLSX): core's import sees its rows through
 * {@link LeadRows}; this adds what the web and the CLI need of the file itself.
 */
public interface RowSource extends LeadRows, Closeable {
    /** "csv" or "xlsx". */
    String format();

    /** How far through the file the rows read so far are (0..1), or -1 when this source cannot tell. */
    default double fractionRead() {
        return -1;
    }

    @Override
    void close();
}
