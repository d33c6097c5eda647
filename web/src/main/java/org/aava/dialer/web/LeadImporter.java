package org.aava.dialer.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.phone.PhoneNumbers;
import org.aava.dialer.core.ports.InsertResult;
import org.aava.dialer.core.ports.LeadRepository;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Streams a lead CSV into a campaign: rows are parsed one at a time and inserted in chunks, so a
 * million-row file needs no more memory than one chunk. A rejected row goes to the error CSV as
 * given, plus its row number and the reason; nothing is silently dropped.
 */
public final class LeadImporter {
    static final int CHUNK = 2000;
    static final int MAX_WARNINGS = 100;
    static final List<String> SAMPLE_HEADER = List.of("name", "phone_number", "context", "timezone", "caller_id", "custom_vars");
    private static final Map<String, String> ALIASES = Map.of("phone", "phone_number", "number", "phone_number",
            "agent", "context", "agent_slug", "context");

    public record Result(long accepted, long duplicates, long rejected, long dnc, List<Map<String, Object>> warnings, Path errorCsv) {
    }

    private final LeadRepository leads;
    private final AiContexts contexts;

    public LeadImporter(LeadRepository leads, AiContexts contexts) {
        this.leads = leads;
        this.contexts = contexts;
    }

    static String normalizeHeader(String h) {
        String n = h.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT).replace(' ', '_');
        return ALIASES.getOrDefault(n, n);
    }

    public Result importCsv(long campaignId, InputStream raw, boolean skipExisting, Path errorCsv) throws IOException {
        InputStream in = skipBom(raw);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                .setTrim(true).setAllowMissingColumnNames(true).get();
        long accepted = 0, duplicates = 0, rejected = 0, dnc = 0;
        List<Map<String, Object>> warnings = new ArrayList<>();
        Writer errorWriter = null;
        CSVPrinter errors = null;
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            List<String> header = parser.getHeaderNames();
            Map<String, Integer> columns = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) columns.putIfAbsent(normalizeHeader(header.get(i)), i);
            if (!columns.containsKey("phone_number")) {
                throw ApiException.badRequest("CSV must include a phone_number column (or phone/number)", "phone_number");
            }
            List<Lead> chunk = new ArrayList<>(CHUNK);
            for (CSVRecord r : parser) {
                long row = r.getRecordNumber() + 1; // the header is row 1
                String phone = get(r, columns, "phone_number");
                try {
                    String normalized = PhoneNumbers.normalize(phone);
                    String vars = get(r, columns, "custom_vars");
                    if (vars == null || vars.isBlank()) vars = "{}";
                    JsonNode parsed;
                    try {
                        parsed = Http.JSON.readTree(vars);
                    } catch (IOException e) {
                        throw new IllegalArgumentException("custom_vars is not valid JSON");
                    }
                    if (parsed == null || !parsed.isObject()) throw new IllegalArgumentException("custom_vars must be a JSON object");
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
                    chunk.add(Lead.newPending(campaignId, phone.strip(), normalized, blankToNull(get(r, columns, "name")),
                            parsed.toString(), ctx, tz, blankToNull(get(r, columns, "caller_id"))));
                } catch (IllegalArgumentException e) {
                    rejected++;
                    if (errors == null) {
                        errorWriter = Files.newBufferedWriter(errorCsv, StandardCharsets.UTF_8);
                        List<String> h = new ArrayList<>(header);
                        h.add("row_number");
                        h.add("error");
                        errors = new CSVPrinter(errorWriter, CSVFormat.DEFAULT.builder().setHeader(h.toArray(String[]::new)).get());
                    }
                    List<String> values = new ArrayList<>(r.toList());
                    while (values.size() < header.size()) values.add("");
                    values.add(Long.toString(row));
                    values.add(e.getMessage());
                    errors.printRecord(values);
                }
                if (chunk.size() >= CHUNK) {
                    InsertResult res = flush(campaignId, chunk, skipExisting);
                    accepted += res.accepted();
                    duplicates += res.duplicateIndexes().size();
                    dnc += res.dncIndexes().size();
                }
            }
            InsertResult res = flush(campaignId, chunk, skipExisting);
            accepted += res.accepted();
            duplicates += res.duplicateIndexes().size();
            dnc += res.dncIndexes().size();
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            if (e instanceof ApiException) throw e;
            throw ApiException.badRequest("unreadable CSV: " + e.getMessage(), "file");
        } finally {
            if (errors != null) errors.close();
            else if (errorWriter != null) errorWriter.close();
        }
        return new Result(accepted, duplicates, rejected, dnc, warnings, errors == null ? null : errorCsv);
    }

    private InsertResult flush(long campaignId, List<Lead> chunk, boolean skipExisting) {
        if (chunk.isEmpty()) return new InsertResult(0, List.of(), List.of());
        InsertResult r = leads.insertBatch(campaignId, List.copyOf(chunk), skipExisting).join();
        chunk.clear();
        return r;
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
