package org.aava.dialer.web;

import org.aava.dialer.core.admin.RuleViolation;
import org.aava.dialer.core.admin.imports.ImportResult;
import org.aava.dialer.core.admin.imports.LeadColumns;
import org.aava.dialer.core.admin.imports.LeadImports;
import org.aava.dialer.core.admin.imports.LeadRowRules;
import org.aava.dialer.core.admin.imports.RejectedRows;
import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.phone.PhoneNumbers;
import org.aava.dialer.core.ports.LeadRepository;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A lead file (CSV or XLSX) into a campaign through core's {@link LeadImports}, which owns the rules: this class opens
 * the file's format and writes the rejected rows to the error CSV, as given plus their row number and the reason.
 * The web import, a lead added by hand and the CLI {@code import} all come through here.
 */
public final class LeadImporter {
    static final int CHUNK = LeadImports.CHUNK;
    static final int MAX_WARNINGS = LeadImports.MAX_WARNINGS;
    public static final int MAX_NAME_CHARS = LeadRowRules.MAX_NAME_CHARS;
    public static final int MAX_CUSTOM_VARS_CHARS = LeadRowRules.MAX_CUSTOM_VARS_CHARS;
    public static final int MAX_VALUE_CHARS = LeadRowRules.MAX_VALUE_CHARS;
    /** The error file's default bound; past it rejected rows are counted but no longer written. */
    public static final long DEFAULT_MAX_ERROR_FILE_BYTES = 16L * 1024 * 1024;
    static final List<String> SAMPLE_HEADER = LeadColumns.SAMPLE_HEADER;
    public static final List<String> FIELDS = LeadColumns.FIELDS;

    /**
     * @param rows every data row read; {@code rows == accepted + duplicates + rejected} ({@code dnc} leads are
     *             among the accepted: stored, but in state dnc)
     * @param errorCsv the file of rejected rows, null when none was rejected
     * @param errorRowsOmitted rejected rows not written to the error file because it reached its bound
     */
    public record Result(long rows, long accepted, long duplicates, long rejected, long dnc, List<Map<String, Object>> warnings,
                         Path errorCsv, long errorRowsOmitted) {
        public Result(long rows, long accepted, long duplicates, long rejected, long dnc, List<Map<String, Object>> warnings, Path errorCsv) {
            this(rows, accepted, duplicates, rejected, dnc, warnings, errorCsv, 0);
        }

        static Result of(ImportResult r, Path errorCsv) {
            return new Result(r.rows(), r.accepted(), r.duplicates(), r.rejected(), r.dnc(), r.warnings(), errorCsv, r.errorRowsOmitted());
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

    private final LeadImports imports;

    public LeadImporter(LeadRepository leads, AiContexts contexts, PhoneNumbers phones) {
        this(new LeadImports(leads, new LeadRowRules(contexts, phones, CustomVarsJson::canonical)));
    }

    /** Files into this use case (the one the web's other lead routes share). */
    LeadImporter(LeadImports imports) {
        this.imports = imports;
    }

    /** An importer with the default number rules (region US, extensions of 3-6 digits). */
    public LeadImporter(LeadRepository leads, AiContexts contexts) {
        this(leads, contexts, PhoneNumbers.defaults());
    }

    static String normalizeHeader(String h) {
        return LeadColumns.normalizeHeader(h);
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
     * read at all (no phone_number column, a bad mapping) is an {@link ApiException};
     * one that turns unreadable part-way is a {@link PartlyImported} with what was committed; everything else thrown is a bug.
     */
    public Result importRows(long campaignId, RowSource source, Options options, Path errorCsv) throws IOException {
        try (ErrorCsv errors = new ErrorCsv(errorCsv, source.header(), options.maxErrorFileBytes())) {
            LeadImports.Options o = new LeadImports.Options(options.skipExisting(), options.mapping(), options.importJobId(),
                    soFar -> options.progress().update(Result.of(soFar, errors.path())), options.region());
            try {
                return Result.of(imports.run(campaignId, source, o, errors), errors.path());
            } catch (org.aava.dialer.core.admin.imports.PartlyImported e) {
                throw new PartlyImported(e.getMessage(), Result.of(e.partial(), errors.path()));
            } catch (RuleViolation e) {
                throw ApiException.of(e); // the file cannot be imported at all (no phone_number column, a bad mapping)
            } catch (UncheckedIOException e) {
                throw e.getCause(); // the error CSV could not be written
            }
        }
    }

    /** Which value index holds each of our columns: by the mapping when given, else by the header's names. */
    static Map<String, Integer> columns(List<String> header, Map<String, String> mapping) {
        try {
            return LeadColumns.columns(header, mapping);
        } catch (RuleViolation e) {
            throw ApiException.of(e);
        }
    }

    /** A first guess, for the mapping form, at which of a foreign header's columns holds {@code field}; null if none looks like it. */
    static String guessColumn(String field, List<String> header) {
        return LeadColumns.guessColumn(field, header);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** The reference's rule: {@code agent} wins over {@code context}, and a blank agent falls back to the row's context. */
    public static String aiContext(String agent, String context) {
        return LeadColumns.aiContext(agent, context);
    }

    /**
     * The rejected rows, written only once there is one: the row as given, its row number and the reason,
     * then any values beyond the header's columns in one extra_values cell (as a CSV line), so every record
     * has the same columns and row_number and error are always where the header says. Values are cut at
     * {@link #MAX_VALUE_CHARS} and the file stops growing at its bound (a last line says how many rows it left out).
     */
    private static final class ErrorCsv implements RejectedRows, java.io.Closeable {
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

        @Override
        public void reject(List<String> given, long row, String reason) {
            try {
                write(given, row, reason);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void write(List<String> given, long row, String reason) throws IOException {
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

        @Override
        public long omitted() {
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

    /** Drops a UTF-8 byte order mark, which Excel writes. */
    static InputStream skipBom(InputStream in) throws IOException {
        PushbackInputStream p = new PushbackInputStream(in, 3);
        byte[] b = new byte[3];
        int n = p.readNBytes(b, 0, 3);
        if (!(n == 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF)) p.unread(b, 0, n);
        return p;
    }
}
