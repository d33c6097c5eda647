package org.aava.dialer.store;

import org.aava.dialer.core.ports.ImportJobRepository;
import org.jooq.Condition;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.aava.dialer.store.jooq.Tables.IMPORT_JOBS;

final class ImportJobStore implements ImportJobRepository {
    private final Db db;

    ImportJobStore(Db db) {
        this.db = db;
    }

    @Override
    public CompletableFuture<ImportJob> start(long campaignId, String sourceName, String format, String actor, long ownerPid) {
        return db.write("importJob.start", dsl -> {
            String now = Timestamps.format(Instant.now());
            long id = dsl.insertInto(IMPORT_JOBS).set(IMPORT_JOBS.CAMPAIGN_ID, campaignId)
                    .set(IMPORT_JOBS.SOURCE_NAME, sourceName == null ? null : truncate(sourceName, 255))
                    .set(IMPORT_JOBS.FORMAT, format).set(IMPORT_JOBS.STATUS, Status.RUNNING.wire()).set(IMPORT_JOBS.ACTOR, actor)
                    .set(IMPORT_JOBS.OWNER_PID, ownerPid).set(IMPORT_JOBS.STARTED_AT_UTC, now).set(IMPORT_JOBS.UPDATED_AT_UTC, now)
                    .returning(IMPORT_JOBS.ID).fetchOne().getId();
            return dsl.selectFrom(IMPORT_JOBS).where(IMPORT_JOBS.ID.eq(id)).fetchOne(ImportJobStore::job);
        });
    }

    @Override
    public CompletableFuture<Void> progress(long id, long rowsRead, long rejected) {
        return db.write("importJob.progress", dsl -> {
            dsl.update(IMPORT_JOBS).set(IMPORT_JOBS.ROWS_READ, rowsRead).set(IMPORT_JOBS.REJECTED, rejected)
                    .set(IMPORT_JOBS.UPDATED_AT_UTC, Timestamps.format(Instant.now()))
                    .where(IMPORT_JOBS.ID.eq(id)).and(IMPORT_JOBS.STATUS.eq(Status.RUNNING.wire())).execute();
            return null;
        });
    }

    @Override
    public CompletableFuture<Optional<ImportJob>> end(long id, Status status, String error, long rowsRead, long rejected, String errorCsv) {
        return db.write("importJob.end", dsl -> {
            String now = Timestamps.format(Instant.now());
            dsl.update(IMPORT_JOBS).set(IMPORT_JOBS.STATUS, status.wire()).set(IMPORT_JOBS.ERROR, error == null ? null : truncate(error, 2000))
                    .set(IMPORT_JOBS.ROWS_READ, DSL.greatest(IMPORT_JOBS.ROWS_READ, DSL.val(rowsRead)))
                    .set(IMPORT_JOBS.REJECTED, DSL.greatest(IMPORT_JOBS.REJECTED, DSL.val(rejected)))
                    .set(IMPORT_JOBS.ERROR_CSV, DSL.coalesce(DSL.val(errorCsv), IMPORT_JOBS.ERROR_CSV))
                    .set(IMPORT_JOBS.UPDATED_AT_UTC, now).set(IMPORT_JOBS.FINISHED_AT_UTC, now)
                    .where(IMPORT_JOBS.ID.eq(id)).and(IMPORT_JOBS.STATUS.eq(Status.RUNNING.wire())).execute();
            return dsl.selectFrom(IMPORT_JOBS).where(IMPORT_JOBS.ID.eq(id)).fetchOptional(ImportJobStore::job);
        });
    }

    @Override
    public CompletableFuture<Optional<ImportJob>> find(long id) {
        return db.read("importJob.find", dsl -> dsl.selectFrom(IMPORT_JOBS).where(IMPORT_JOBS.ID.eq(id)).fetchOptional(ImportJobStore::job));
    }

    @Override
    public CompletableFuture<List<ImportJob>> recent(Long campaignId, int limit) {
        Condition where = campaignId == null ? DSL.noCondition() : IMPORT_JOBS.CAMPAIGN_ID.eq(campaignId);
        return db.read("importJob.recent", dsl -> dsl.selectFrom(IMPORT_JOBS).where(where).orderBy(IMPORT_JOBS.ID.desc())
                .limit(Math.max(1, limit)).fetch(ImportJobStore::job));
    }

    @Override
    public CompletableFuture<List<ImportJob>> running() {
        return db.read("importJob.running", dsl -> dsl.selectFrom(IMPORT_JOBS).where(IMPORT_JOBS.STATUS.eq(Status.RUNNING.wire()))
                .orderBy(IMPORT_JOBS.ID).fetch(ImportJobStore::job));
    }

    @Override
    public CompletableFuture<Integer> forgetErrorCsv(String errorCsv) {
        return db.write("importJob.forgetErrorCsv", dsl -> dsl.update(IMPORT_JOBS).setNull(IMPORT_JOBS.ERROR_CSV)
                .where(IMPORT_JOBS.ERROR_CSV.eq(errorCsv)).execute());
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static ImportJob job(org.aava.dialer.store.jooq.tables.records.ImportJobsRecord r) {
        return new ImportJob(r.getId(), r.getCampaignId(), r.getSourceName(), r.getFormat(), Status.valueOf(r.getStatus().toUpperCase(Locale.ROOT)),
                r.getRowsRead(), r.getAccepted(), r.getDuplicates(), r.getRejected(), r.getDnc(), r.getError(), r.getErrorCsv(), r.getActor(),
                r.getOwnerPid() == null ? 0 : r.getOwnerPid(), Timestamps.parse(r.getStartedAtUtc()), Timestamps.parse(r.getUpdatedAtUtc()),
                r.getFinishedAtUtc() == null ? null : Timestamps.parse(r.getFinishedAtUtc()));
    }
}
