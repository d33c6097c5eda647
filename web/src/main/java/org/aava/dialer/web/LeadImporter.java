package org.aava.dialer.web;

import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.model.ConsentRecord;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.phone.PhoneNumbers;
import org.aava.dialer.core.ports.InsertResult;
import org.aava.dialer.core.ports.LeadRepository;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.InputStream;
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
    /** Longest name kept; a longer one rejects its row (a 100 MB name once made three lead pages run out of memory). */
    public static final int MAX_NAME_CHARS = 200;
    /** Longest custom_vars JSON text of a row. */
    public static final int MAX_CUSTOM_VARS_CHARS = 16 * 1024;
    /** Longest value of any other column. */
    public static final int MAX_VALUE_CHARS = 1024;
    /** The error file's default bound; past it rejected rows are counted but no longer written. */
    public static final long DEFAULT_MAX_ERROR_FILE_BYTES = 16L * 1024 * 1024;
    static final List<String> SAMPLE_HEADER = List.of("name", "phone_number", "context", "timezone", "caller_id", "custom_vars");
    /** The columns a lead file can have (after aliases); a mapping names, per column, the file's header that holds it. */
    public static final List<String> FIELDS = List.of("name", "phone_number", "agent", "context", "timezone", "caller_id", "custom_vars",
            "consent_basis", "consent_source", "consent_at");
    private static final Map<String, String> ALIASES = Map.of("phone", "phone_number", "number", "phone_number",
            "agent_slug", "agent");

    /**
     * @param rows every data row read; {@code rows == accepted + duplicates + rejected} ({@code dnc} leads are
     *             among the accepted: stored, but in state dnc)
     * @param errorRowsOmitted rejected rows not written to the error file because it reached its bound
     */
    public record Result(long rows, long accepted, long duplicates, long rejected, long dnc, List<Map<String, Object>> warnings,
                         Path errorCsv, long errorRowsOmitted) {
        public Result(long rows, long accepted, long duplicates, long rejected, long dnc, List<Map<String, Object>> warnings, Path errorCsv) {
            this(rows, accepted, duplicates, rejected, dnc, warnings, errorCsv, 0);
        }
    }

    /** Told after each committed chunk: rows read so far and the committed totals. */
    @FunctionalInterface
    public interface Progress {
        void update(Result soFar);

        Progress NONE = r -> { };
    }

    /**
     * @param mapping    our column (one of {@link #FIELDS}) to the file's header that holds it, for files whose header is
     *                   not ours; empty to read the header by name
     * @param importJobId the job whose committed counts the store keeps, or 0
     * @param region     the campaign's default_region for numbers written without a country code, null for the node's
     */
    public record Options(boolean skipExisting, Map<String, String> mapping, long importJobId, long maxErrorFileBytes, Progress progress,
                          String region) {
        public static Options of(boolean skipExisting) {
            return new Options(skipExisting, Map.of(), 0, DEFAULT_MAX_ERROR_FILE_BYTES, Progress.NONE, null);
        }

        public Options withRegion(String r) {
            return new Options(skipExisting, mapping, importJobId, maxErrorFileBytes, progress, r);
        }
    }

    /** The file turned unreadable part-way: what came before it was imported, and {@link #partial()} says how much. */
    public static final class PartlyImported extends ApiException {
        private final transient Result partial;

        PartlyImported(String message, Result partial) {
            super(400, message, "file");
            this.partial = partial;
        }

        public Result partial() {
            return partial;
        }
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

    /** Imports a CSV with today's defaults (no mapping, no job). */
    public Result importCsv(long campaignId, InputStream raw, boolean skipExisting, Path errorCsv) throws IOException {
        return importCsv(campaignId, raw, Options.of(skipExisting), errorCsv);
    }

    public Result importCsv(long campaignId, InputStream raw, Options options, Path errorCsv) throws IOException {
        try (RowSource rows = new CsvRowSource(raw)) {
            return importRows(campaignId, rows, options, errorCsv);
        }
    }

    /** A CSV read from a stream (the header is read here: a broken one is an {@link ApiException}). */
    public static RowSource csv(InputStream in) throws IOException {
        return new CsvRowSource(in);
    }

    /** Opens a lead file by its content: an XLSX workbook (a zip) or else CSV. {@code file} is read, not deleted. */
    public static RowSource open(Path file) throws IOException {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, 4);
        }
        if (n == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return new XlsxRowSource(file);
        return new CsvRowSource(Files.newInputStream(file));
    }

    /**
     * Imports the rows. Bad rows never stop the import: each is rejected with a reason. A file that cannot be
     * read at all (no phone_number column, a broken header) is an {@link ApiException}; one that turns unreadable
     * part-way is a {@link PartlyImported} with what was committed; everything else thrown is a bug.
     */
    public Result importRows(long campaignId, RowSource source, Options options, Path errorCsv) throws IOException {
        Counts n = new Counts();
        List<Map<String, Object>> warnings = new ArrayList<>();
        List<Lead> chunk = new ArrayList<>(CHUNK);
        List<String> header = source.header();
        Map<String, Integer> columns = columns(header, options.mapping());
        InFlight inFlight = new InFlight(n);
        try (ErrorCsv errors = new ErrorCsv(errorCsv, header, options.maxErrorFileBytes())) {
            try {
                for (RowSource.Row r = source.next(); r != null; r = source.next()) {
                    n.rows++;
                    try {
                        chunk.add(lead(campaignId, r.values(), columns, r.number(), warnings, options.region()));
                    } catch (IllegalArgumentException e) {
                        n.rejected++;
                        errors.reject(r.values(), r.number(), e.getMessage());
                    }
                    if (chunk.size() >= CHUNK) {
                        inFlight.next(flush(campaignId, chunk, options));
                        options.progress().update(result(n, warnings, errors));
                    }
                }
            } catch (RowSource.Unreadable e) {
                inFlight.next(flush(campaignId, chunk, options));
                inFlight.finish();
                Result partial = result(n, warnings, errors);
                throw new PartlyImported(e.getMessage() + " after row " + (n.rows + 1) + "; the rows before it were imported"
                        + " (accepted " + n.accepted + ", duplicates " + n.duplicates + ", rejected " + n.rejected + ")", partial);
            }
            inFlight.next(flush(campaignId, chunk, options));
            inFlight.finish();
            Result done = result(n, warnings, errors);
            options.progress().update(done);
            return done;
        }
    }

    private static Result result(Counts n, List<Map<String, Object>> warnings, ErrorCsv errors) {
        return new Result(n.rows, n.accepted, n.duplicates, n.rejected, n.dnc, List.copyOf(warnings), errors.path(), errors.omitted());
    }

    /** Which value index holds each of our columns: by the mapping when given, else by the header's names. */
    static Map<String, Integer> columns(List<String> header, Map<String, String> mapping) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        if (mapping != null && !mapping.isEmpty()) {
            for (var e : mapping.entrySet()) {
                String field = normalizeHeader(e.getKey());
                if (!FIELDS.contains(field)) throw ApiException.badRequest("unknown lead column '" + e.getKey() + "' in the mapping; known: " + FIELDS, "mapping");
                if (e.getValue() == null || e.getValue().isBlank()) continue;
                int i = header.indexOf(e.getValue());
                if (i < 0) throw ApiException.badRequest("the file has no column '" + e.getValue() + "' (mapped to " + field + ")", "mapping");
                columns.put(field, i);
            }
        } else {
            for (int i = 0; i < header.size(); i++) columns.putIfAbsent(normalizeHeader(header.get(i)), i);
        }
        if (!columns.containsKey("phone_number")) {
            throw ApiException.badRequest("the file must include a phone_number column (or phone/number), or map one", "phone_number");
        }
        return columns;
    }

    private static final Map<String, java.util.regex.Pattern> GUESSES = Map.of(
            "phone_number", java.util.regex.Pattern.compile("phone|mobile|cell|tel|number|msisdn", java.util.regex.Pattern.CASE_INSENSITIVE),
            "name", java.util.regex.Pattern.compile("name", java.util.regex.Pattern.CASE_INSENSITIVE),
            "agent", java.util.regex.Pattern.compile("agent|bot", java.util.regex.Pattern.CASE_INSENSITIVE),
            "context", java.util.regex.Pattern.compile("context", java.util.regex.Pattern.CASE_INSENSITIVE),
            "timezone", java.util.regex.Pattern.compile("zone|\\btz\\b", java.util.regex.Pattern.CASE_INSENSITIVE),
            "caller_id", java.util.regex.Pattern.compile("caller", java.util.regex.Pattern.CASE_INSENSITIVE),
            "consent_basis", java.util.regex.Pattern.compile("consent.*(basis|type)", java.util.regex.Pattern.CASE_INSENSITIVE),
            "consent_source", java.util.regex.Pattern.compile("consent.*source", java.util.regex.Pattern.CASE_INSENSITIVE),
            "consent_at", java.util.regex.Pattern.compile("consent.*(at|date|time)", java.util.regex.Pattern.CASE_INSENSITIVE),
            "custom_vars", java.util.regex.Pattern.compile("custom|vars|json", java.util.regex.Pattern.CASE_INSENSITIVE));

    /** A first guess, for the mapping form, at which of a foreign header's columns holds {@code field}; null if none looks like it. */
    static String guessColumn(String field, List<String> header) {
        java.util.regex.Pattern p = GUESSES.get(field);
        return p == null ? null : header.stream().filter(h -> h != null && p.matcher(h).find()).findFirst().orElse(null);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** One row as a lead; an IllegalArgumentException rejects the row with its message as the reason. */
    private Lead lead(long campaignId, List<String> r, Map<String, Integer> columns, long row, List<Map<String, Object>> warnings,
                      String region) {
        for (int i = 0; i < r.size(); i++) {
            String v = r.get(i);
            if (v != null && v.length() > MAX_VALUE_CHARS && !Integer.valueOf(i).equals(columns.get("custom_vars"))) {
                throw new IllegalArgumentException("a value is longer than " + MAX_VALUE_CHARS + " characters (column " + (i + 1) + ")");
            }
        }
        String phone = get(r, columns, "phone_number");
        String name = blankToNull(get(r, columns, "name"));
        if (name != null && name.length() > MAX_NAME_CHARS) throw new IllegalArgumentException("name is longer than " + MAX_NAME_CHARS + " characters");
        String rawVars = get(r, columns, "custom_vars");
        if (rawVars != null && rawVars.length() > MAX_CUSTOM_VARS_CHARS) {
            throw new IllegalArgumentException("custom_vars is longer than " + MAX_CUSTOM_VARS_CHARS + " characters");
        }
        String normalized = phones.parse(phone, region).normalized();
        String vars = CustomVarsJson.canonical(rawVars);
        String tz = blankToNull(get(r, columns, "timezone"));
        if (tz != null && !validZone(tz)) {
            warn(warnings, row, phone, "unknown timezone '" + tz + "'; the campaign's is used");
            tz = null;
        }
        String ctx = aiContext(get(r, columns, "agent"), get(r, columns, "context"));
        if (ctx != null && !contexts.contains(ctx)) {
            warn(warnings, row, phone, "unknown AI context '" + ctx + "'; the campaign default is used");
            ctx = null;
        }
        String callerId = blankToNull(get(r, columns, "caller_id"));
        if (callerId != null) {
            try {
                callerId = phones.parse(callerId, region).normalized();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid_number: caller_id " + e.getMessage().replaceFirst("^[a-z_]+: ", ""));
            }
        }
        return Lead.newPending(campaignId, phone.strip(), normalized, name, vars, ctx, tz, callerId).withConsent(consent(r, columns));
    }

    /** The row's consent record: a basis makes one; a source or time without a basis rejects the row (it would prove nothing). */
    private static ConsentRecord consent(List<String> r, Map<String, Integer> columns) {
        String basis = blankToNull(get(r, columns, "consent_basis"));
        String source = blankToNull(get(r, columns, "consent_source"));
        String at = blankToNull(get(r, columns, "consent_at"));
        if (basis == null && source == null && at == null) return null;
        return new ConsentRecord(basis, source, at == null ? null : consentTime(at));
    }

    /** ISO 8601: an instant ({@code 2026-10-01T14:03:00Z}, an offset allowed) or a date (midnight UTC). */
    private static java.time.Instant consentTime(String at) {
        String t = at.strip();
        try {
            return java.time.OffsetDateTime.parse(t).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(t).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (java.time.format.DateTimeParseException e2) {
                throw new IllegalArgumentException("consent_at '" + t + "' is not an ISO 8601 time such as 2026-10-01T14:03:00Z or a date 2026-10-01");
            }
        }
    }

    /** The reference's rule: {@code agent} wins over {@code context}, and a blank agent falls back to the row's context. */
    public static String aiContext(String agent, String context) {
        String a = blankToNull(agent);
        return a != null ? a : blankToNull(context);
    }

    /**
     * The rejected rows, written only once there is one: the row as given, its row number and the reason,
     * then any values beyond the header's columns in one extra_values cell (as a CSV line), so every record
     * has the same columns and row_number and error are always where the header says. Values are cut at
     * {@link #MAX_VALUE_CHARS} and the file stops growing at its bound (a last line says how many rows it left out).
     */
    private static final class ErrorCsv implements java.io.Closeable {
        private final Path path;
        private final List<String> header;
        private final long maxBytes;
        private CountingOutput out;
        private CSVPrinter printer;
        private long omitted;

        ErrorCsv(Path path, List<String> header, long maxBytes) {
            this.path = path;
            this.header = header;
            this.maxBytes = maxBytes;
        }

        void reject(List<String> given, long row, String reason) throws IOException {
            if (printer == null) {
                List<String> h = new ArrayList<>();
                for (String c : header) h.add(cut(c));
                h.add("row_number");
                h.add("error");
                h.add("extra_values");
                out = new CountingOutput(Files.newOutputStream(path));
                // An encoder that replaces, unlike Files.newBufferedWriter's: a row as given is never a reason to fail the import.
                printer = new CSVPrinter(new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)),
                        CSVFormat.DEFAULT.builder().setHeader(SafeCsv.header(h)).get());
            }
            if (out.count() >= maxBytes) {
                omitted++;
                return;
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < Math.min(given.size(), header.size()); i++) values.add(cut(given.get(i)));
            while (values.size() < header.size()) values.add("");
            values.add(Long.toString(row));
            values.add(reason);
            values.add(given.size() > header.size() ? cut(CSVFormat.DEFAULT.format(given.subList(header.size(), given.size()).toArray())) : "");
            printer.printRecord(SafeCsv.row(values));
            printer.flush();
        }

        private static String cut(String v) {
            return v == null || v.length() <= MAX_VALUE_CHARS ? v : v.substring(0, MAX_VALUE_CHARS) + "...[" + (v.length() - MAX_VALUE_CHARS) + " more characters]";
        }

        long omitted() {
            return omitted;
        }

        Path path() {
            return printer == null ? null : path;
        }

        @Override
        public void close() throws IOException {
            if (printer == null) return;
            if (omitted > 0) {
                List<String> note = new ArrayList<>();
                for (int i = 0; i < header.size(); i++) note.add("");
                note.add("");
                note.add(omitted + " more rejected rows are not in this file: it reached its size limit of " + maxBytes + " bytes");
                note.add("");
                printer.printRecord(note);
            }
            printer.close();
        }
    }

    /** Counts the bytes written through it. */
    private static final class CountingOutput extends java.io.FilterOutputStream {
        private long count;

        CountingOutput(java.io.OutputStream out) {
            super(new java.io.BufferedOutputStream(out, 1 << 16));
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        long count() {
            return count;
        }
    }

    private CompletableFuture<InsertResult> flush(long campaignId, List<Lead> chunk, Options options) {
        if (chunk.isEmpty()) return CompletableFuture.completedFuture(new InsertResult(0, List.of(), List.of()));
        CompletableFuture<InsertResult> r = leads.insertBatch(campaignId, List.copyOf(chunk), options.skipExisting(), options.importJobId());
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

    private static String get(List<String> r, Map<String, Integer> columns, String name) {
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
