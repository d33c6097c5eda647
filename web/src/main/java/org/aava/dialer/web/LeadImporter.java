package org.aava.dialer.web;

import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.phone.PhoneNumbers;
import org.aava.dialer.core.ports.InsertResult;
import org.aava.dialer.core.ports.LeadRepository;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Locale;
import java.util.Map;

/**
 * Streams a lead CSV into a campaign: rows are parsed one at a time and inserted in chunks, so a
 * million-row file needs no more memory than one chunk. A rejected row goes to the error CSV as
 * given, plus its row number and the reason; nothing is silently dropped.
 */
public final class LeadImporter {
    /**
     * Rows handed to the store per insert: it commits them in one transaction (large transactions are what
     * make an import fast, see the store's MAX_PER_TRANSACTION), unless a call-path write is waiting, when it
     * commits early and lets that write go first. Two chunks are in memory at most: a few MB.
     */
    static final int CHUNK = 10_000;
    static final int MAX_WARNINGS = 100;
    static final List<String> SAMPLE_HEADER = List.of("name", "phone_number", "context", "timezone", "caller_id", "custom_vars");
    private static final Map<String, String> ALIASES = Map.of("phone", "phone_number", "number", "phone_number",
            "agent", "context", "agent_slug", "context");

    /**
     * @param rows every data row read; {@code rows == accepted + duplicates + rejected} ({@code dnc} leads are
     *             among the accepted: stored, but in state dnc)
     */
    public record Result(long rows, long accepted, long duplicates, long rejected, long dnc, List<Map<String, Object>> warnings,
                         Path errorCsv) {
    }

    private final LeadRepository leads;
    private final AiContexts contexts;
    private final PhoneNumbers phones;

    public LeadImporter(LeadRepository leads, AiContexts contexts, PhoneNumbers phones) {
        this.leads = leads;
        this.contexts = contexts;
        this.phones = phones;
    }

    /** An importer with the default number rules (region US, extensions of 3-6 digits). */
    public LeadImporter(LeadRepository leads, AiContexts contexts) {
        this(leads, contexts, PhoneNumbers.defaults());
    }

    static String normalizeHeader(String h) {
        String n = h.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT).replace(' ', '_');
        return ALIASES.getOrDefault(n, n);
    }

    /** Running totals, so a file that turns unreadable half-way can say what happened before. */
    private static final class Counts {
        long rows, accepted, duplicates, rejected, dnc;

        void add(InsertResult r) {
            accepted += r.accepted();
            duplicates += r.duplicateIndexes().size();
            dnc += r.dncIndexes().size();
        }
    }

    /**
     * Imports the CSV. Bad rows never stop the import: each is rejected with a reason. A file that cannot
     * be read as CSV at all (no phone_number column, a broken header, an unterminated quote) is an
     * {@link ApiException}; everything else thrown is a bug.
     */
    public Result importCsv(long campaignId, InputStream raw, boolean skipExisting, Path errorCsv) throws IOException {
        InputStream in = skipBom(raw);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                .setTrim(true).setAllowMissingColumnNames(true).setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL).get();
        Counts n = new Counts();
        List<Map<String, Object>> warnings = new ArrayList<>();
        List<Lead> chunk = new ArrayList<>(CHUNK);
        InFlight inFlight = new InFlight(n);
        try (CSVParser parser = openParser(reader, format); ErrorCsv errors = new ErrorCsv(errorCsv, parser.getHeaderNames())) {
            List<String> header = parser.getHeaderNames();
            Map<String, Integer> columns = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) columns.putIfAbsent(normalizeHeader(header.get(i)), i);
            if (!columns.containsKey("phone_number")) {
                throw ApiException.badRequest("CSV must include a phone_number column (or phone/number)", "phone_number");
            }
            try {
                for (CSVRecord r : parser) {
                    n.rows++;
                    long row = r.getRecordNumber() + 1; // the header is row 1
                    try {
                        chunk.add(lead(campaignId, r, columns, row, warnings));
                    } catch (IllegalArgumentException e) {
                        n.rejected++;
                        errors.reject(r, row, e.getMessage());
                    }
                    if (chunk.size() >= CHUNK) inFlight.next(flush(campaignId, chunk, skipExisting));
                }
            } catch (java.io.UncheckedIOException | IllegalStateException e) {
                inFlight.next(flush(campaignId, chunk, skipExisting));
                inFlight.finish();
                throw ApiException.badRequest("unreadable CSV after row " + (n.rows + 1) + ": " + rootMessage(e) + "; the rows before it were imported"
                        + " (accepted " + n.accepted + ", duplicates " + n.duplicates + ", rejected " + n.rejected + ")", "file");
            }
            inFlight.next(flush(campaignId, chunk, skipExisting));
            inFlight.finish();
            return new Result(n.rows, n.accepted, n.duplicates, n.rejected, n.dnc, warnings, errors.path());
        }
    }

    private static CSVParser openParser(BufferedReader reader, CSVFormat format) {
        try {
            return CSVParser.parse(reader, format);
        } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            // the header line itself is broken (e.g. an unterminated quote)
            throw ApiException.badRequest("unreadable CSV header: " + rootMessage(e), "file");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** One row as a lead; an IllegalArgumentException rejects the row with its message as the reason. */
    private Lead lead(long campaignId, CSVRecord r, Map<String, Integer> columns, long row, List<Map<String, Object>> warnings) {
        String phone = get(r, columns, "phone_number");
        String normalized = phones.parse(phone).normalized();
        String vars = CustomVarsJson.canonical(get(r, columns, "custom_vars"));
        String tz = blankToNull(get(r, columns, "timezone"));
        if (tz != null && !validZone(tz)) {
            warn(warnings, row, phone, "unknown timezone '" + tz + "'; the campaign's is used");
            tz = null;
        }
        String ctx = blankToNull(get(r, columns, "context"));
        if (ctx != null && !contexts.contains(ctx)) {
            warn(warnings, row, phone, "unknown AI context '" + ctx + "'; the campaign default is used");
            ctx = null;
        }
        String callerId = blankToNull(get(r, columns, "caller_id"));
        if (callerId != null) {
            try {
                callerId = phones.parse(callerId).normalized();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid_number: caller_id " + e.getMessage().replaceFirst("^[a-z_]+: ", ""));
            }
        }
        return Lead.newPending(campaignId, phone.strip(), normalized, blankToNull(get(r, columns, "name")),
                vars, ctx, tz, callerId);
    }

    /**
     * The rejected rows, written only once there is one: the row as given, its row number and the reason,
     * then any values beyond the header's columns in one extra_values cell (as a CSV line), so every record
     * has the same columns and row_number and error are always where the header says.
     */
    private static final class ErrorCsv implements java.io.Closeable {
        private final Path path;
        private final List<String> header;
        private CSVPrinter printer;

        ErrorCsv(Path path, List<String> header) {
            this.path = path;
            this.header = header;
        }

        void reject(CSVRecord r, long row, String reason) throws IOException {
            if (printer == null) {
                List<String> h = new ArrayList<>(header);
                h.add("row_number");
                h.add("error");
                h.add("extra_values");
                // An encoder that replaces, unlike Files.newBufferedWriter's: a row as given is never a reason to fail the import.
                printer = new CSVPrinter(new java.io.BufferedWriter(new java.io.OutputStreamWriter(Files.newOutputStream(path), StandardCharsets.UTF_8)),
                        CSVFormat.DEFAULT.builder().setHeader(SafeCsv.header(h)).get());
            }
            List<String> given = r.toList();
            List<String> values = new ArrayList<>(given.subList(0, Math.min(given.size(), header.size())));
            while (values.size() < header.size()) values.add("");
            values.add(Long.toString(row));
            values.add(reason);
            values.add(given.size() > header.size() ? CSVFormat.DEFAULT.format(given.subList(header.size(), given.size()).toArray()) : "");
            printer.printRecord(SafeCsv.row(values));
        }

        Path path() {
            return printer == null ? null : path;
        }

        @Override
        public void close() throws IOException {
            if (printer != null) printer.close();
        }
    }

    private CompletableFuture<InsertResult> flush(long campaignId, List<Lead> chunk, boolean skipExisting) {
        if (chunk.isEmpty()) return CompletableFuture.completedFuture(new InsertResult(0, List.of(), List.of()));
        CompletableFuture<InsertResult> r = leads.insertBatch(campaignId, List.copyOf(chunk), skipExisting);
        chunk.clear();
        return r;
    }

    /**
     * One chunk is written while the next is parsed (the store's writer and the parser overlap on two
     * cores); at most one chunk waits, so memory stays at two chunks whatever the file's size.
     */
    private static final class InFlight {
        private final Counts counts;
        private CompletableFuture<InsertResult> pending;

        InFlight(Counts counts) {
            this.counts = counts;
        }

        void next(CompletableFuture<InsertResult> write) {
            finish();
            pending = write;
        }

        void finish() {
            if (pending != null) counts.add(pending.join());
            pending = null;
        }
    }

    private static void warn(List<Map<String, Object>> warnings, long row, String phone, String text) {
        if (warnings.size() < MAX_WARNINGS) warnings.add(Map.of("row_number", row, "phone_number", phone == null ? "" : phone, "warning", text));
    }

    private static String get(CSVRecord r, Map<String, Integer> columns, String name) {
        Integer i = columns.get(name);
        return i == null || i >= r.size() ? null : r.get(i);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static boolean validZone(String tz) {
        try {
            ZoneId.of(tz);
            return tz.contains("/") || tz.equals("UTC");
        } catch (java.time.DateTimeException e) {
            return false;
        }
    }

    /** Drops a UTF-8 byte order mark, which Excel writes. */
    static InputStream skipBom(InputStream in) throws IOException {
        PushbackInputStream p = new PushbackInputStream(in, 3);
        byte[] b = new byte[3];
        int n = p.readNBytes(b, 0, 3);
        if (!(n == 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF)) p.unread(b, 0, n);
        return p;
    }
}
