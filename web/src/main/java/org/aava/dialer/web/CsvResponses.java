package org.aava.dialer.web;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A CSV download streamed as it is written, in the form Excel opens. */
final class CsvResponses {
    private CsvResponses() {
    }

    static Writer open(HttpServerExchange ex, String filename) throws IOException {
        ex.startBlocking();
        ex.setStatusCode(200);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/csv; charset=utf-8");
        ex.getResponseHeaders().put(Headers.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"");
        Writer w = new OutputStreamWriter(ex.getOutputStream(), StandardCharsets.UTF_8);
        w.write('\uFEFF'); // Excel reads UTF-8 only with a BOM
        return w;
    }

    /** Prints one row from inside a store callback, where checked exceptions cannot pass. */
    static void printRow(CSVPrinter p, List<Object> row) {
        try {
            p.printRecord(SafeCsv.row(row));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
