package org.aava.dialer.web;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

import java.io.BufferedReader;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * A lead CSV read as rows. Nothing in it is unbounded: a record (all its lines, inside quotes too) longer than
 * {@link #MAX_RECORD_CHARS} stops the import, since a 100 MB cell would otherwise be held in memory whole.
 */
final class CsvRowSource implements RowSource {
    static final int MAX_RECORD_CHARS = 1 << 20;
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
            .setTrim(true).setAllowMissingColumnNames(true).setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL).get();

    private final RecordBound bound;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;

    CsvRowSource(InputStream in) throws IOException {
        this.bound = new RecordBound(new BufferedReader(new InputStreamReader(LeadImporter.skipBom(in), StandardCharsets.UTF_8), 1 << 16));
        try {
            this.parser = CSVParser.parse(bound, FORMAT);
        } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            // the header line itself is broken (e.g. an unterminated quote)
            throw ApiException.badRequest("unreadable CSV header: " + LeadImporter.rootMessage(e), "file");
        }
        this.records = parser.iterator();
        bound.recordEnded();
    }

    @Override
    public List<String> header() {
        return parser.getHeaderNames();
    }

    @Override
    public Row next() {
        try {
            if (!records.hasNext()) return null;
            CSVRecord r = records.next();
            bound.recordEnded();
            return new Row(r.getRecordNumber() + 1, Arrays.asList(r.values())); // the record's own array: toList() streams a copy
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            throw new Unreadable("unreadable CSV: " + LeadImporter.rootMessage(e), e);
        }
    }

    @Override
    public String format() {
        return "csv";
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException ignored) {
            // an upload stream; nothing to save
        }
    }

    /** Counts the characters handed to the parser since the last record ended; too many is an error, not more memory. */
    private static final class RecordBound extends FilterReader {
        private long sinceRecord;

        RecordBound(Reader in) {
            super(in);
        }

        void recordEnded() {
            sinceRecord = 0;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) count(1);
            return c;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) count(n);
            return n;
        }

        private void count(int n) throws IOException {
            sinceRecord += n;
            // the parser reads ahead by its buffer, so the bound is the record plus that buffer
            if (sinceRecord > MAX_RECORD_CHARS + (1 << 16)) {
                throw new IOException("a row is longer than " + (MAX_RECORD_CHARS >> 20) + " MiB (a field without its closing quote?)");
            }
        }
    }
}
