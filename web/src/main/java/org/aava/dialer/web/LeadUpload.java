package org.aava.dialer.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An uploaded lead file. A CSV imported while the client waits is streamed straight from the request (a
 * million rows need no disk copy); an XLSX workbook (a zip, read by its central directory) and any upload
 * imported in the background are spooled to a temporary file first, deleted when this is closed.
 */
final class LeadUpload implements Closeable {
    /** An XLSX larger than this is refused: its shared strings are held in memory while it is read. */
    static final long MAX_XLSX_BYTES = 64L * 1024 * 1024;

    private final InputStream stream;
    private final Path spooled;
    private final String sourceName;

    private LeadUpload(InputStream stream, Path spooled, String sourceName) {
        this.stream = stream;
        this.spooled = spooled;
        this.sourceName = sourceName;
    }

    static LeadUpload of(HttpServerExchange ex, InputStream body, boolean spool) throws IOException {
        String name = Http.query(ex, "filename");
        if (name != null && name.length() > 255) name = name.substring(0, 255);
        PushbackInputStream in = new PushbackInputStream(body, 4);
        byte[] head = new byte[4];
        int n = in.readNBytes(head, 0, 4);
        if (n > 0) in.unread(head, 0, n);
        boolean zip = n == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        if (!zip && !spool) return new LeadUpload(in, null, name);
        Path tmp = Files.createTempFile("aava-import", zip ? ".xlsx" : ".csv");
        try (in) {
            Files.copy(zip ? new BoundedInput(in, MAX_XLSX_BYTES) : in, tmp, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return new LeadUpload(null, tmp, name);
    }

    /** Bytes of a spooled CSV the importer has read, for a progress bar that follows the server's work. */
    private final java.util.concurrent.atomic.AtomicLong consumed = new java.util.concurrent.atomic.AtomicLong();

    /** The XLSX source opened, which knows how far through its sheet it is. */
    private volatile RowSource workbook;

    RowSource open() throws IOException {
        if (spooled == null) return new CsvRowSource(stream);
        RowSource rows = LeadImporter.open(spooled);
        if (!rows.format().equals("csv")) {
            workbook = rows;
            return rows;
        }
        rows.close();
        return new CsvRowSource(new java.io.FilterInputStream(Files.newInputStream(spooled)) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) consumed.incrementAndGet();
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) consumed.addAndGet(n);
                return n;
            }
        });
    }

    /**
     * How far the importer has read the file (0..1): the bytes of a spooled CSV, the rows of an XLSX sheet against its
     * row count; -1 when that is not known (a CSV streamed from the request).
     */
    double fractionRead() {
        RowSource xlsx = workbook;
        if (xlsx != null) return xlsx.fractionRead();
        try {
            if (spooled == null || !spooled.toString().endsWith(".csv")) return -1;
            long size = Files.size(spooled);
            return size == 0 ? 1 : Math.min(1, consumed.get() / (double) size);
        } catch (IOException e) {
            return -1;
        }
    }

    String sourceName() {
        return sourceName;
    }

    /** {@code ?mapping={"phone_number":"Mobile",...}}: our column to the file's header; absent or empty for none. */
    static Map<String, String> mapping(String json) {
        if (json == null || json.isBlank()) return Map.of();
        JsonNode node;
        try {
            node = Http.JSON.readTree(json);
        } catch (IOException e) {
            throw ApiException.badRequest("mapping must be a JSON object of column names", "mapping");
        }
        if (node == null || !node.isObject()) throw ApiException.badRequest("mapping must be a JSON object of column names", "mapping");
        Map<String, String> out = new LinkedHashMap<>();
        for (var it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isTextual() && !e.getValue().isNull()) throw ApiException.badRequest("mapping." + e.getKey() + " must be a header name", "mapping");
            out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        try {
            if (stream != null) stream.close();
        } finally {
            if (spooled != null) Files.deleteIfExists(spooled);
        }
    }

    /** Fails once more than {@code max} bytes were read. */
    private static final class BoundedInput extends java.io.FilterInputStream {
        private final long max;
        private long read;

        BoundedInput(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++read > max) throw tooLarge();
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0 && (read += n) > max) throw tooLarge();
            return n;
        }

        private ApiException tooLarge() {
            return new ApiException(413, "an XLSX file may be at most " + (max >> 20) + " MiB; save larger lead lists as CSV", "file");
        }
    }
}
