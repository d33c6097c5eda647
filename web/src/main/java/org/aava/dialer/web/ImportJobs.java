package org.aava.dialer.web;

import org.aava.dialer.core.admin.imports.ImportJobRecords;
import org.aava.dialer.core.admin.imports.ImportResult;
import org.aava.dialer.core.ports.AuditLog;
import org.aava.dialer.core.ports.ImportJobRepository;
import org.aava.dialer.core.ports.ImportJobRepository.ImportJob;
import org.aava.dialer.core.ports.ImportJobRepository.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs lead imports as recorded jobs ({@link ImportJobRecords} keeps the record: audit and status): each has an id,
 * its rejected rows go to a file here, and it says while it runs how many rows were read, committed and rejected.
 * The committed counts are the store's, kept in the transactions that commit the rows.
 */
public final class ImportJobs {
    private static final Logger log = LoggerFactory.getLogger(ImportJobs.class);
    /** This process and the others, as the job record needs them. */
    private static final ImportJobRecords.Processes PROCESSES = new ImportJobRecords.Processes() {
        @Override
        public long self() {
            return ProcessHandle.current().pid();
        }

        @Override
        public boolean isAlive(long pid) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    };

    private final ImportJobRepository repo;
    private final LeadImporter importer;
    private final ImportJobRecords records;
    private final Path errorDir;
    private final ImportSettings settings;
    /** Progress of the imports this process runs, fresher than the stored row (rows read between commits). */
    private final Map<Long, LeadImporter.Result> live = new ConcurrentHashMap<>();
    /** The warnings of the last imports this process ran (they are not stored), for the page's summary. */
    private final Map<Long, List<Map<String, Object>>> warnings = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, List<Map<String, Object>>> eldest) {
            return size() > 50;
        }
    });
    /** How far through its file each live import is (0..1, or negative when unknown). */
    private final Map<Long, java.util.function.DoubleSupplier> fractions = new ConcurrentHashMap<>();

    public ImportJobs(ImportJobRepository repo, LeadImporter importer, AuditLog audit, Path errorDir, ImportSettings settings) {
        this.repo = repo;
        this.importer = importer;
        this.records = new ImportJobRecords(repo, audit, PROCESSES);
        this.errorDir = errorDir;
        this.settings = settings;
    }

    /** A started job and where its rejected rows go. */
    /** @param region the campaign's default_region for numbers without a country code, null for the node's */
    public record Started(ImportJob job, Path errorCsv, String region) {
    }

    public Started start(long campaignId, String sourceName, String format, String actor) throws IOException {
        return start(campaignId, sourceName, format, actor, null);
    }

    public Started start(long campaignId, String sourceName, String format, String actor, String region) throws IOException {
        Files.createDirectories(errorDir);
        ImportJob job = records.start(campaignId, sourceName, format, actor);
        live.put(job.id(), new LeadImporter.Result(0, 0, 0, 0, 0, List.of(), null));
        return new Started(job, errorDir.resolve("import-errors-" + campaignId + "-" + UUID.randomUUID() + ".csv"), region);
    }

    /**
     * Runs a started job to its end on the calling thread. A file that turns unreadable part-way ends the job
     * {@code failed} with its reason and rethrows; so does anything unexpected (a database error, a bug).
     */
    public LeadImporter.Result run(Started s, RowSource rows, boolean skipExisting, Map<String, String> mapping) throws IOException {
        return run(s, rows, skipExisting, mapping, () -> -1);
    }

    /**
     * How far job {@code id} is, known before its worker starts: an answer given between the 202 and the first row read
     * says 0% rather than nothing (a bar that has no share to show is indeterminate).
     */
    void trackFraction(long id, java.util.function.DoubleSupplier fractionRead) {
        fractions.put(id, fractionRead);
    }

    /** As above; {@code fractionRead} tells the API how far through the file the import is. */
    public LeadImporter.Result run(Started s, RowSource rows, boolean skipExisting, Map<String, String> mapping,
                                   java.util.function.DoubleSupplier fractionRead) throws IOException {
        long id = s.job().id();
        fractions.put(id, fractionRead);
        LeadImporter.Options options = new LeadImporter.Options(skipExisting, mapping, id, settings.maxErrorFileBytes(), soFar -> {
            live.put(id, soFar);
            records.progress(id, new ImportResult(soFar.rows(), soFar.accepted(), soFar.duplicates(), soFar.rejected(), soFar.dnc(),
                    soFar.warnings(), soFar.errorRowsOmitted()));
        }, s.region());
        try {
            LeadImporter.Result r = importer.importRows(s.job().campaignId(), rows, options, s.errorCsv());
            warnings.put(id, r.warnings());
            records.finished(s.job(), new ImportResult(r.rows(), r.accepted(), r.duplicates(), r.rejected(), r.dnc(), r.warnings(),
                    r.errorRowsOmitted()), name(r.errorCsv()));
            return r;
        } catch (LeadImporter.PartlyImported e) {
            LeadImporter.Result r = e.partial();
            warnings.put(id, r.warnings());
            records.failed(s.job(), e.getMessage(), r.rows(), r.rejected(), name(r.errorCsv()));
            throw e;
        } catch (IOException | RuntimeException | Error e) {
            LeadImporter.Result soFar = live.get(id);
            String reason = e instanceof ApiException ? e.getMessage() : "import stopped: " + LeadImporter.rootMessage(e);
            records.failed(s.job(), reason, soFar == null ? 0 : soFar.rows(), soFar == null ? 0 : soFar.rejected(),
                    soFar == null ? null : name(soFar.errorCsv()));
            throw e;
        } finally {
            live.remove(id);
            fractions.remove(id);
        }
    }

    private static String name(Path errorCsv) {
        return errorCsv == null ? null : errorCsv.getFileName().toString();
    }

    public Optional<ImportJob> find(long id) {
        return repo.find(id).join();
    }

    public List<ImportJob> recent(long campaignId, int limit) {
        return repo.recent(campaignId, limit).join();
    }

    /**
     * At start: a job still {@code running} whose process is gone (kill -9, a crash, power loss) is marked
     * {@code interrupted}, with the rows its committed transactions kept. A CLI import running beside us is left alone.
     */
    public int interruptAbandoned() {
        return records.interruptAbandoned(live::containsKey);
    }

    /** Deletes rejected-rows files older than the retention, and unlinks them from their jobs. */
    public int deleteExpiredErrorFiles() {
        if (!Files.isDirectory(errorDir)) return 0;
        Instant cutoff = Instant.now().minus(settings.errorFileRetention());
        int n = 0;
        try (var files = Files.list(errorDir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().matches("import-errors-.*\\.csv")).toList()) {
                try {
                    if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(p);
                        repo.forgetErrorCsv(p.getFileName().toString()).join();
                        n++;
                    }
                } catch (IOException e) {
                    log.warn("cannot delete expired import error file {}: {}", p, e.getMessage());
                }
            }
        } catch (IOException e) {
            log.warn("cannot list {}: {}", errorDir, e.getMessage());
        }
        if (n > 0) log.info("deleted {} import error files older than {}", n, settings.errorFileRetention());
        return n;
    }

    /** The job as the API shows it; a running job of this process shows its rows read so far. */
    public Map<String, Object> view(ImportJob j) {
        LeadImporter.Result now = live.get(j.id());
        long rowsRead = Math.max(j.rowsRead(), now == null ? 0 : now.rows());
        long rejected = Math.max(j.rejected(), now == null ? 0 : now.rejected());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("import_id", j.id());
        m.put("campaign_id", j.campaignId());
        m.put("status", j.status().wire());
        m.put("format", j.format());
        m.put("source_name", j.sourceName());
        m.put("rows_read", rowsRead);
        m.put("committed", j.accepted() + j.duplicates());
        m.put("accepted", j.accepted());
        m.put("duplicates", j.duplicates());
        m.put("rejected", rejected);
        m.put("dnc", j.dnc());
        m.put("error", j.error());
        m.put("error_csv_url", j.errorCsv() == null ? null : "/api/outbound/import-errors/" + j.errorCsv());
        m.put("warnings", warnings.getOrDefault(j.id(), now == null ? List.of() : now.warnings()));
        m.put("actor", j.actor());
        m.put("started_at_utc", Views.ts(j.startedAt()));
        m.put("updated_at_utc", Views.ts(j.updatedAt()));
        m.put("finished_at_utc", j.finishedAt() == null ? null : Views.ts(j.finishedAt()));
        java.util.function.DoubleSupplier f = fractions.get(j.id());
        double fraction = j.status() != Status.RUNNING ? 1 : f == null ? -1 : f.getAsDouble();
        m.put("fraction_done", fraction < 0 ? null : Math.round(fraction * 1000) / 1000.0);
        m.put("status_url", "/api/outbound/imports/" + j.id());
        return m;
    }
}
