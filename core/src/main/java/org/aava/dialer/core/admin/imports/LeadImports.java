package org.aava.dialer.core.admin.imports;

import org.aava.dialer.core.admin.RuleViolation;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.ports.InsertResult;
import org.aava.dialer.core.ports.LeadImport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Imports lead rows into a campaign: rows are checked one at a time and inserted in chunks, so a million-row file
 * needs no more memory than one chunk. A bad row never stops the import: it is rejected with its reason. The store
 * dedupes (numbers the campaign has already) and stores DNC numbers as {@code dnc}.
 */
public final class LeadImports {
    /**
     * Rows handed to the store per insert: it commits them in one transaction (large transactions are what
     * make an import fast, see the store's MAX_PER_TRANSACTION), unless a call-path write is waiting, when it
     * commits early and lets that write go first. Two chunks are in memory at most: a few MB.
     */
    public static final int CHUNK = 10_000;
    public static final int MAX_WARNINGS = 100;

    /** Told after each committed chunk: rows read so far and the committed totals. */
    @FunctionalInterface
    public interface Progress {
        void update(ImportResult soFar);

        Progress NONE = r -> { };
    }

    /**
     * @param mapping     our column (one of {@link LeadColumns#FIELDS}) to the file's header that holds it, for files whose
     *                    header is not ours; empty to read the header by name
     * @param importJobId the job whose committed counts the store keeps, or 0
     * @param region      the campaign's default_region for numbers written without a country code, null for the node's
     */
    public record Options(boolean skipExisting, Map<String, String> mapping, long importJobId, Progress progress, String region) {
    }

    private final LeadImport leads;
    private final LeadRowRules rules;

    public LeadImports(LeadImport leads, LeadRowRules rules) {
        this.leads = leads;
        this.rules = rules;
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
     * Imports the rows. A file without a phone_number column (or a bad mapping) is a {@link org.aava.dialer.core.admin.RuleViolation}
     * before any row is read; one that turns unreadable part-way is a {@link PartlyImported} with what was committed.
     */
    public ImportResult run(long campaignId, LeadRows source, Options options, RejectedRows rejected) {
        Counts n = new Counts();
        List<Map<String, Object>> warnings = new ArrayList<>();
        LeadRowRules.Warnings warn = (row, phone, text) -> {
            if (warnings.size() < MAX_WARNINGS) warnings.add(Map.of("row_number", row, "phone_number", phone == null ? "" : phone, "warning", text));
        };
        List<Lead> chunk = new ArrayList<>(CHUNK);
        Map<String, Integer> columns = LeadColumns.columns(source.header(), options.mapping());
        InFlight inFlight = new InFlight(n);
        try {
            for (LeadRows.Row r = source.next(); r != null; r = source.next()) {
                n.rows++;
                try {
                    chunk.add(rules.lead(campaignId, r.values(), columns, r.number(), warn, options.region()));
                } catch (IllegalArgumentException e) {
                    n.rejected++;
                    rejected.reject(r.values(), r.number(), e.getMessage());
                }
                if (chunk.size() >= CHUNK) {
                    inFlight.next(flush(campaignId, chunk, options));
                    options.progress().update(result(n, warnings, rejected));
                }
            }
        } catch (LeadRows.Unreadable e) {
            inFlight.next(flush(campaignId, chunk, options));
            inFlight.finish();
            throw new PartlyImported(e.getMessage() + " after row " + (n.rows + 1) + "; the rows before it were imported"
                    + " (accepted " + n.accepted + ", duplicates " + n.duplicates + ", rejected " + n.rejected + ")", result(n, warnings, rejected));
        }
        inFlight.next(flush(campaignId, chunk, options));
        inFlight.finish();
        ImportResult done = result(n, warnings, rejected);
        options.progress().update(done);
        return done;
    }

    /**
     * One lead by hand, as one row through the same rules as an imported one: {@code fields} are our column names
     * ({@link LeadColumns#FIELDS}) and their values. A rejected row is a {@link RuleViolation} naming the field at fault.
     */
    public ImportResult addOne(long campaignId, Map<String, String> fields, String region) {
        List<String> header = List.copyOf(fields.keySet());
        List<String> values = new ArrayList<>();
        for (String f : header) values.add(fields.get(f) == null ? "" : fields.get(f).strip()); // as a CSV cell would be read
        String[] reason = new String[1];
        RejectedRows first = new RejectedRows() {
            @Override
            public void reject(List<String> given, long rowNumber, String why) {
                if (reason[0] == null) reason[0] = why;
            }

            @Override
            public long omitted() {
                return 0;
            }
        };
        LeadRows one = new LeadRows() {
            private boolean read;

            @Override
            public List<String> header() {
                return header;
            }

            @Override
            public Row next() {
                if (read) return null;
                read = true;
                return new Row(2, values);
            }
        };
        ImportResult r = run(campaignId, one, new Options(true, Map.of(), 0, Progress.NONE, region), first);
        if (r.rejected() > 0) throw RuleViolation.invalid(reason[0], fieldOf(reason[0]));
        return r;
    }

    /** The field a rejection reason is about: custom_vars, a consent_ column, or else the number. */
    private static String fieldOf(String reason) {
        if (reason.startsWith("custom_vars")) return "custom_vars";
        if (reason.startsWith("consent_")) return reason.indexOf(' ') < 0 ? reason : reason.substring(0, reason.indexOf(' '));
        return "phone_number";
    }

    private static ImportResult result(Counts n, List<Map<String, Object>> warnings, RejectedRows rejected) {
        return new ImportResult(n.rows, n.accepted, n.duplicates, n.rejected, n.dnc, List.copyOf(warnings), rejected.omitted());
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
}
