package org.aava.dialer.store;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.aava.dialer.store.jooq.Tables.NAME_INDEX_PROGRESS;
import static org.aava.dialer.store.jooq.Tables.OUTBOUND_LEADS;

/**
 * The trigram index over lead names (migration V3), filled in the background: after an import, or at
 * start, it indexes the leads above {@code name_index_progress.indexed_up_to} in id order, {@value #STEP}
 * per write transaction, on the writer's idle lane and only once no import has written for
 * {@link #QUIET}, so an import never pays for it. Searches read the index up to the mark and scan the
 * leads above it ({@link LeadStore#page}). On PostgreSQL the trigram index is the database's own (pg_trgm, kept
 * up to date by every write): there is nothing to fill, and searches use it directly.
 */
final class LeadNameIndex implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeadNameIndex.class);
    static final int STEP = 5_000;
    static final Duration QUIET = Duration.ofSeconds(1);
    /** Trigram matching needs three characters; shorter terms are matched by a scan. */
    static final int MIN_TERM = 3;

    private final Db db;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean running = new AtomicBoolean();
    /** Bumped by every {@link #kick()}: a pass that ends with new kicks since it started goes round again. */
    private final AtomicLong kicks = new AtomicLong();

    LeadNameIndex(Db db) {
        this.db = db;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aava-name-index");
            t.setDaemon(true);
            return t;
        });
    }

    /** New leads may be waiting to be indexed (called after imports and at start). */
    void kick() {
        if (!separate()) return;
        kicks.incrementAndGet();
        if (running.compareAndSet(false, true)) schedule(QUIET, kicks.get());
    }

    private void schedule(Duration delay, long kicksAtStart) {
        try {
            timer.schedule(() -> pass(kicksAtStart), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            running.set(false); // closing
        }
    }

    private void pass(long kicksAtStart) {
        if (db.bulkWriteWithin(QUIET)) {
            schedule(QUIET, kicksAtStart);
            return;
        }
        db.writeIdle("lead.nameIndex", LeadNameIndex::indexStep).whenComplete((more, e) -> {
            if (e != null) {
                log.warn("name index step failed (searches still scan the unindexed leads): {}", e.toString());
                running.set(false);
                return;
            }
            if (more) {
                schedule(Duration.ZERO, kicksAtStart);
            } else if (kicks.get() != kicksAtStart) {
                schedule(QUIET, kicks.get());
            } else {
                running.set(false);
                // a kick that saw running == true just before it was cleared would otherwise wait for the next one
                if (kicks.get() != kicksAtStart && running.compareAndSet(false, true)) schedule(QUIET, kicks.get());
            }
        });
    }

    /** Indexes the next {@value #STEP} leads by id; true if more are waiting. */
    static boolean indexStep(DSLContext dsl) {
        long upTo = indexedUpTo(dsl);
        List<Long> next = dsl.select(OUTBOUND_LEADS.ID).from(OUTBOUND_LEADS).where(OUTBOUND_LEADS.ID.gt(upTo))
                .orderBy(OUTBOUND_LEADS.ID).limit(STEP + 1).fetch(OUTBOUND_LEADS.ID);
        if (next.isEmpty()) return false;
        long to = next.get(Math.min(STEP, next.size()) - 1);
        dsl.execute("INSERT INTO lead_name_fts (rowid, name) SELECT id, name FROM outbound_leads"
                + " WHERE id > ? AND id <= ? AND name IS NOT NULL", upTo, to);
        dsl.update(NAME_INDEX_PROGRESS).set(NAME_INDEX_PROGRESS.INDEXED_UP_TO, to).where(NAME_INDEX_PROGRESS.ID.eq(1L)).execute();
        return next.size() > STEP;
    }

    /** Leads the index does not cover yet (imported since it last caught up); 0 when searches need no scan. */
    CompletableFuture<Long> backlog() {
        if (!separate()) return CompletableFuture.completedFuture(0L);
        return db.read("lead.nameIndexBacklog", dsl -> (long) dsl.fetchCount(OUTBOUND_LEADS, OUTBOUND_LEADS.ID.gt(indexedUpTo(dsl))));
    }

    /** Whether the index is this class's (SQLite's FTS5 table, filled in the background) rather than the database's own. */
    boolean separate() {
        return db.dialect() == StoreDialect.SQLITE;
    }

    /** Every lead with an id at or below this is in the index. */
    static long indexedUpTo(DSLContext dsl) {
        Long v = dsl.select(NAME_INDEX_PROGRESS.INDEXED_UP_TO).from(NAME_INDEX_PROGRESS).where(NAME_INDEX_PROGRESS.ID.eq(1L))
                .fetchOne(NAME_INDEX_PROGRESS.INDEXED_UP_TO);
        return v == null ? 0 : v;
    }

    /** Whether the index can answer this (already lower-cased or not) name term. */
    static boolean canSearch(String term) {
        return term.codePointCount(0, term.length()) >= MIN_TERM && term.indexOf('%') < 0 && term.indexOf('_') < 0
                && term.indexOf('\\') < 0;
    }

    /**
     * Ids (at or below the mark) whose name contains {@code term}, newest first, whose lead row matches
     * {@code where}; at most {@code limit}. The index drives the query, in descending rowid order, and
     * each hit is checked against its lead row: {@code where} repeats the scan's own LIKE, so the answer
     * is the scan's exactly (the index also folds non-ASCII case; SQLite's LIKE does not).
     */
    static List<Long> indexedMatches(DSLContext dsl, String term, Condition where, long upTo, int limit) {
        var hits = DSL.table("(SELECT rowid AS r FROM lead_name_fts WHERE name LIKE {0} AND rowid <= {1} ORDER BY rowid DESC)",
                DSL.val("%" + term + "%"), DSL.val(upTo)).as("hits");
        return dsl.select(OUTBOUND_LEADS.ID).from(hits).crossJoin(OUTBOUND_LEADS)
                .where(OUTBOUND_LEADS.ID.eq(DSL.field(DSL.name("hits", "r"), Long.class))).and(where)
                .limit(limit).fetch(OUTBOUND_LEADS.ID);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
