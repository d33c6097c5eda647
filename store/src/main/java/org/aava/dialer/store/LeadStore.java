package org.aava.dialer.store;

import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.ports.InsertResult;
import org.aava.dialer.core.ports.LeadQuery;
import org.aava.dialer.core.ports.LeadRepository;
import org.aava.dialer.core.ports.LeadView;
import org.aava.dialer.core.ports.LeaseRequest;
import org.aava.dialer.core.ports.Page;
import org.aava.dialer.core.ports.RecentStarts;
import org.aava.dialer.store.jooq.tables.records.OutboundLeadsRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import static org.aava.dialer.store.LeadRules.DEFAULT_DNC_REASON;
import static org.aava.dialer.store.LeadRules.stateIn;
import static org.aava.dialer.store.LeadRules.stateIs;
import static org.aava.dialer.store.jooq.Tables.LEAD_STATE_COUNTS;
import static org.aava.dialer.store.jooq.Tables.OUTBOUND_ATTEMPTS;
import static org.aava.dialer.store.jooq.Tables.OUTBOUND_CAMPAIGNS;
import static org.aava.dialer.store.jooq.Tables.OUTBOUND_DNC;
import static org.aava.dialer.store.jooq.Tables.OUTBOUND_LEADS;

final class LeadStore implements LeadRepository {
    static final List<String> LIVE = LeadState.LIVE.stream().map(LeadState::wire).toList();
    private static final String PENDING = LeadState.PENDING.wire();
    private static final int IN_CHUNK = 1000;
    private static final int FOREACH_PAGE = 1000;
    /** A search that looks like a phone number (digits with formatting) is a prefix search on the normalised number. */
    private static final Pattern PHONE_LIKE = Pattern.compile("[+]?[0-9*#\\s().\\-/]*[0-9][0-9*#\\s().\\-/]*");
    private static final int MAX_SEARCH = 64;
    static final int SEARCH_CAP = 10_000;

    private final Db db;
    private final LeadNameIndex names;

    LeadStore(Db db, LeadNameIndex names) {
        this.db = db;
        this.names = names;
    }

    private static final Set<LeadState> EXPIRABLE = java.util.EnumSet.of(LeadState.LEASED, LeadState.DIALING);

    static Condition dncBlocked() {
        return DSL.exists(DSL.selectOne().from(OUTBOUND_DNC)
                .where(OUTBOUND_DNC.PHONE_NORMALIZED.eq(OUTBOUND_LEADS.PHONE_NORMALIZED))
                .and(OUTBOUND_DNC.CAMPAIGN_ID.isNull().or(OUTBOUND_DNC.CAMPAIGN_ID.eq(OUTBOUND_LEADS.CAMPAIGN_ID))));
    }

    // ---------------------------------------------------------------- lease

    @Override
    public CompletableFuture<List<Lead>> lease(LeaseRequest req) {
        return db.write("lead.lease", dsl -> LeadLease.lease(dsl, req));
    }

    // ---------------------------------------------------------------- call progress

    /** {@code leased → dialing}, counting the attempt; false when the lead was no longer leased (see JournalStore). */
    static boolean markDialing(org.jooq.DSLContext dsl, long leadId, Instant now, Instant leaseUntil) {
        return dsl.update(OUTBOUND_LEADS)
                .set(OUTBOUND_LEADS.STATE, LeadState.DIALING.wire())
                .set(OUTBOUND_LEADS.ATTEMPT_COUNT, OUTBOUND_LEADS.ATTEMPT_COUNT.plus(1))
                .set(OUTBOUND_LEADS.LAST_ATTEMPT_AT_UTC, Timestamps.format(now))
                .set(OUTBOUND_LEADS.LEASED_UNTIL_UTC, Timestamps.format(leaseUntil))
                // from here on a next_attempt_at can only be a callback asked for during this call (see close)
                .set(OUTBOUND_LEADS.NEXT_ATTEMPT_AT_UTC, (String) null)
                .set(OUTBOUND_LEADS.UPDATED_AT_UTC, Timestamps.format(now))
                .where(OUTBOUND_LEADS.ID.eq(leadId)).and(stateIs(LeadState.LEASED)).execute() == 1;
    }

    /** Moves a live lead along its call; a lead no longer live is left alone. */
    static void markProgress(org.jooq.DSLContext dsl, long leadId, LeadState state, String lastOutcome) {
        var update = dsl.update(OUTBOUND_LEADS).set(OUTBOUND_LEADS.STATE, state.wire())
                .set(OUTBOUND_LEADS.LEASED_UNTIL_UTC, (String) null)
                .set(OUTBOUND_LEADS.UPDATED_AT_UTC, Timestamps.format(Instant.now()));
        if (lastOutcome != null) update = update.set(OUTBOUND_LEADS.LAST_OUTCOME, lastOutcome);
        update.where(OUTBOUND_LEADS.ID.eq(leadId)).and(stateIn(LeadState.LIVE)).execute();
    }

    @Override
    public CompletableFuture<Void> release(long leadId, Instant nextAttemptAt, String reason) {
        return db.write("lead.release", dsl -> {
            dsl.update(OUTBOUND_LEADS).set(OUTBOUND_LEADS.STATE, PENDING)
                    .set(OUTBOUND_LEADS.LEASED_UNTIL_UTC, (String) null)
                    .set(OUTBOUND_LEADS.NEXT_ATTEMPT_AT_UTC, Timestamps.format(nextAttemptAt))
                    .set(OUTBOUND_LEADS.UPDATED_AT_UTC, Timestamps.format(Instant.now()))
                    .where(OUTBOUND_LEADS.ID.eq(leadId)).and(stateIs(LeadState.LEASED)).execute();
            return null;
        });
    }

    @Override
    public CompletableFuture<Integer> requeueExpired(Instant now) {
        return db.write("lead.requeueExpired", dsl -> {
            String ts = Timestamps.format(now);
            List<Long> ids = dsl.select(OUTBOUND_LEADS.ID).from(OUTBOUND_LEADS)
                    .where(stateIn(EXPIRABLE))
                    .and(OUTBOUND_LEADS.LEASED_UNTIL_UTC.lt(ts))
                    .fetch(OUTBOUND_LEADS.ID);
            if (ids.isEmpty()) return 0;
            int requeued = 0;
            for (List<Long> chunk : chunks(ids)) {
                // Every attempt is closed exactly once: one left open by a crashed process is closed here.
                Set<Long> hadAttempt = new HashSet<>(dsl.update(OUTBOUND_ATTEMPTS)
                        .set(OUTBOUND_ATTEMPTS.ENDED_AT_UTC, ts)
                        .set(OUTBOUND_ATTEMPTS.OUTCOME, "error")
                        .set(OUTBOUND_ATTEMPTS.ERROR_MESSAGE, "lease expired (lost on restart)")
                        .where(OUTBOUND_ATTEMPTS.LEAD_ID.in(chunk)).and(OUTBOUND_ATTEMPTS.ENDED_AT_UTC.isNull())
                        .returning(OUTBOUND_ATTEMPTS.LEAD_ID).fetch(OUTBOUND_ATTEMPTS.LEAD_ID));
                requeued += dsl.update(OUTBOUND_LEADS).set(OUTBOUND_LEADS.STATE, PENDING)
                        .set(OUTBOUND_LEADS.LEASED_UNTIL_UTC, (String) null)
                        .set(OUTBOUND_LEADS.LAST_OUTCOME, DSL.when(OUTBOUND_LEADS.ID.in(hadAttempt), DSL.val("error"))
                                .otherwise(OUTBOUND_LEADS.LAST_OUTCOME))
                        .set(OUTBOUND_LEADS.UPDATED_AT_UTC, ts)
                        .where(OUTBOUND_LEADS.ID.in(chunk))
                        .and(stateIn(EXPIRABLE))
                        .execute();
            }
            return requeued;
        });
    }

    // ---------------------------------------------------------------- import

    @Override
    public CompletableFuture<InsertResult> insertBatch(long campaignId, List<Lead> leads, boolean skipExisting) {
        return insertBatch(campaignId, leads, skipExisting, 0);
    }

    @Override
    public CompletableFuture<InsertResult> insertBatch(long campaignId, List<Lead> leads, boolean skipExisting, long importJobId) {
        // One bulk write that yields between slices to any waiting call-path write (Db.writeBulkInSlices):
        // a lease or a call's close arriving meanwhile waits for one slice (a few ms), not for the chunk.
        InsertResult none = new InsertResult(0, List.of(), List.of());
        return db.writeBulkInSlices("lead.insertBatch", List.copyOf(leads), SLICE, MAX_PER_TRANSACTION, none,
                        dsl -> LeadImportTransaction.begin(dsl, campaignId, skipExisting),
                        (tx, slice, offset) -> plus(none, tx.insert(slice), offset),
                        (sum, part) -> plus(sum, part, 0),
                        (tx, sum) -> {
                            if (importJobId > 0) tx.countForJob(importJobId, sum);
                        })
                .whenComplete((r, e) -> names.kick());
    }

    /** Rows per slice of an import: what a lease waits for at most. */
    static final int SLICE = 10;
    /**
     * Rows per import transaction when no call-path write is waiting. Large on purpose: new numbers land on
     * random pages of the unique (campaign, number) index, and each transaction writes every page it touched
     * to the WAL once, so 1,000-row transactions wrote nearly a page per row. 1M leads on 2 cores: 34k rows/s
     * at 1,000, 55k at 5,000, 63k at 10,000, 66k at 20,000. A lease beside the import is not slowed by it (it
     * waits for one slice, then the commit of what the transaction has so far: p99 2.0 ms at 1,000, 2.7 ms
     * at 10,000).
     */
    static final int MAX_PER_TRANSACTION = 10_000;

    private static InsertResult plus(InsertResult sum, InsertResult part, int offset) {
        List<Integer> duplicates = new ArrayList<>(sum.duplicateIndexes());
        part.duplicateIndexes().forEach(i -> duplicates.add(i + offset));
        List<Integer> dnc = new ArrayList<>(sum.dncIndexes());
        part.dncIndexes().forEach(i -> dnc.add(i + offset));
        return new InsertResult(sum.accepted() + part.accepted(), duplicates, dnc);
    }

    // ---------------------------------------------------------------- reads

    @Override
    public CompletableFuture<Optional<Lead>> find(long leadId) {
        return db.read("lead.find", dsl -> dsl.selectFrom(OUTBOUND_LEADS).where(OUTBOUND_LEADS.ID.eq(leadId))
                .fetchOptional().map(Rows::lead));
    }

    /** Campaign and optional state. */
    static Condition base(LeadQuery q) {
        Condition c = OUTBOUND_LEADS.CAMPAIGN_ID.eq(q.campaignId());
        return q.state() == null ? c : c.and(stateIs(q.state()));
    }

    /**
     * A search term. One that looks like a number is a prefix match on the normalised number (with or
     * without a leading +), a range in the UNIQUE (campaign_id, phone_normalized) index; any other text
     * matches a name substring (case-insensitive): from the trigram name index ({@link LeadNameIndex}) for
     * three characters or more, else by a scan.
     *
     * @param indexed   the condition as the index can use it
     * @param unindexed the same condition written so SQLite does not use the index (unary +), for scans in id order
     */
    record Search(boolean phone, Condition indexed, Condition unindexed, String text) {
        static Search of(String raw, StoreDialect dialect) {
            String s = raw.strip();
            if (s.length() > MAX_SEARCH) s = s.substring(0, MAX_SEARCH);
            if (PHONE_LIKE.matcher(s).matches()) {
                String digits = s.replaceAll("[\\s().\\-/]", "");
                Field<String> noIndex = dialect.unindexed(OUTBOUND_LEADS.PHONE_NORMALIZED);
                Condition indexed = prefix(OUTBOUND_LEADS.PHONE_NORMALIZED, digits);
                Condition unindexed = prefix(noIndex, digits);
                if (!digits.startsWith("+")) {
                    indexed = indexed.or(prefix(OUTBOUND_LEADS.PHONE_NORMALIZED, "+" + digits));
                    unindexed = unindexed.or(prefix(noIndex, "+" + digits));
                }
                return new Search(true, indexed, unindexed, null);
            }
            String escaped = s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
            // SQLite's LIKE ignores ASCII case already; PostgreSQL's ILIKE is what its trigram index serves
            String pattern = "%" + escaped + "%";
            Condition text = dialect == StoreDialect.SQLITE ? OUTBOUND_LEADS.NAME.like(pattern, '\\')
                    : OUTBOUND_LEADS.NAME.likeIgnoreCase(pattern, '\\');
            return new Search(false, text, text, s);
        }
    }

    /** {@code prefix <= column < prefix + U+FFFF}: a range the index can use (LIKE would not, being case-insensitive). */
    private static Condition prefix(Field<String> column, String prefix) {
        return column.ge(prefix).and(column.lt(prefix + '\uffff'));
    }

    /** The most recent attempt (highest id) of each lead. */
    static Map<Long, Attempt> lastAttempts(DSLContext dsl, Collection<Long> leadIds) {
        Map<Long, Attempt> out = new HashMap<>();
        if (leadIds.isEmpty()) return out;
        for (List<Long> chunk : chunks(leadIds)) {
            dsl.selectFrom(OUTBOUND_ATTEMPTS).where(OUTBOUND_ATTEMPTS.ID.in(
                            DSL.select(DSL.max(OUTBOUND_ATTEMPTS.ID)).from(OUTBOUND_ATTEMPTS)
                                    .where(OUTBOUND_ATTEMPTS.LEAD_ID.in(chunk)).groupBy(OUTBOUND_ATTEMPTS.LEAD_ID)))
                    .forEach(r -> out.put(r.getLeadId(), Rows.attempt(r)));
        }
        return out;
    }

    private static List<LeadView> views(DSLContext dsl, List<OutboundLeadsRecord> rows) {
        Map<Long, Attempt> last = lastAttempts(dsl, rows.stream().map(OutboundLeadsRecord::getId).toList());
        List<LeadView> out = new ArrayList<>(rows.size());
        for (OutboundLeadsRecord r : rows) out.add(new LeadView(Rows.lead(r), last.get(r.getId())));
        return out;
    }

    /**
     * Newest first. Without a search: the exact count kept in lead_state_counts and an indexed page. With a search: one bounded pass
     * collects the ids of at most {@value #SEARCH_CAP} matches, newest first, and {@code total} is that
     * number (capped: an operator refines the search rather than paging past 10,000 hits). A number
     * prefix matching few leads is read from the index range; one matching many (e.g. a country code) is
     * found by walking the campaign newest first, which stops at the cap.
     */
    @Override
    public CompletableFuture<Page<LeadView>> page(LeadQuery q) {
        return db.read("lead.page", dsl -> {
            Condition base = base(q);
            long offset = (long) (q.page() - 1) * q.pageSize();
            long total;
            List<OutboundLeadsRecord> rows;
            if (q.search() == null) {
                total = countedLeads(dsl, q.campaignId(), q.state());
                rows = offset >= total ? List.of() : dsl.selectFrom(OUTBOUND_LEADS).where(base)
                        .orderBy(order(q.sort())).limit(q.pageSize()).offset(offset).fetch();
            } else {
                Search search = Search.of(q.search(), db.dialect());
                Condition match = search.indexed();
                if (search.phone()) {
                    int inRange = dsl.fetchCount(dsl.selectOne().from(OUTBOUND_LEADS)
                            .where(OUTBOUND_LEADS.CAMPAIGN_ID.eq(q.campaignId())).and(search.indexed()).limit(SEARCH_CAP + 1));
                    if (inRange > SEARCH_CAP) match = search.unindexed();
                }
                List<Long> ids;
                if (!search.phone() && names.separate() && LeadNameIndex.canSearch(search.text())) {
                    // the leads the index has not reached yet (imported since) by scan, then the index
                    long upTo = LeadNameIndex.indexedUpTo(dsl);
                    ids = new ArrayList<>(dsl.select(OUTBOUND_LEADS.ID).from(OUTBOUND_LEADS).where(base).and(OUTBOUND_LEADS.ID.gt(upTo))
                            .and(match).orderBy(OUTBOUND_LEADS.ID.desc()).limit(SEARCH_CAP).fetch(OUTBOUND_LEADS.ID));
                    if (ids.size() < SEARCH_CAP) {
                        List<Long> indexed = new ArrayList<>(LeadNameIndex.indexedMatches(dsl, search.text(), base.and(match), upTo,
                                SEARCH_CAP - ids.size()));
                        indexed.sort(Comparator.reverseOrder());
                        ids.addAll(indexed);
                    }
                } else {
                    ids = dsl.select(OUTBOUND_LEADS.ID).from(OUTBOUND_LEADS).where(base).and(match)
                            .orderBy(OUTBOUND_LEADS.ID.desc()).limit(SEARCH_CAP).fetch(OUTBOUND_LEADS.ID);
                }
                total = ids.size();
                List<Long> slice = offset >= ids.size() ? List.of()
                        : ids.subList((int) offset, (int) Math.min(ids.size(), offset + q.pageSize()));
                rows = slice.isEmpty() ? List.of() : dsl.selectFrom(OUTBOUND_LEADS).where(OUTBOUND_LEADS.ID.in(slice))
                        .orderBy(OUTBOUND_LEADS.ID.desc()).fetch();
            }
            return new Page<>(views(dsl, rows), total, q.page(), q.pageSize());
        });
    }

    /** The lead table's orders; ties go newest first so a page never shuffles. */
    private static List<org.jooq.SortField<?>> order(LeadQuery.Sort sort) {
        return switch (sort) {
            case NEWEST -> List.of(OUTBOUND_LEADS.ID.desc());
            case OLDEST -> List.of(OUTBOUND_LEADS.ID.asc());
            case NAME -> List.of(OUTBOUND_LEADS.NAME.asc().nullsLast(), OUTBOUND_LEADS.ID.desc());
            case PHONE -> List.of(OUTBOUND_LEADS.PHONE_NORMALIZED.asc(), OUTBOUND_LEADS.ID.desc());
            case ATTEMPTS -> List.of(OUTBOUND_LEADS.ATTEMPT_COUNT.desc(), OUTBOUND_LEADS.ID.desc());
        };
    }

    @Override
    public CompletableFuture<Void> forEach(long campaignId, Consumer<LeadView> consumer) {
        return db.read("lead.forEach", dsl -> {
            long after = 0;
            while (true) {
                List<OutboundLeadsRecord> rows = dsl.selectFrom(OUTBOUND_LEADS)
                        .where(OUTBOUND_LEADS.CAMPAIGN_ID.eq(campaignId)).and(OUTBOUND_LEADS.ID.gt(after))
                        .orderBy(OUTBOUND_LEADS.ID).limit(FOREACH_PAGE).fetch();
                if (rows.isEmpty()) return null;
                views(dsl, rows).forEach(consumer);
                if (rows.size() < FOREACH_PAGE) return null;
                after = rows.get(rows.size() - 1).getId();
            }
        });
    }

    @Override
    public CompletableFuture<Map<Long, RecentStarts>> recentStarts(long campaignId, Instant now) {
        String since = Timestamps.format(now.minusSeconds(86_400));
        String until = Timestamps.format(now);
        return db.read("lead.recentStarts", dsl -> {
            var sameNumber = OUTBOUND_LEADS.as("same_number");
            Map<Long, List<Instant>> own = new HashMap<>();
            Map<Long, List<Instant>> number = new HashMap<>();
            dsl.select(OUTBOUND_LEADS.ID, OUTBOUND_ATTEMPTS.LEAD_ID, OUTBOUND_ATTEMPTS.STARTED_AT_UTC).from(OUTBOUND_LEADS)
                    .join(sameNumber).on(sameNumber.PHONE_NORMALIZED.eq(OUTBOUND_LEADS.PHONE_NORMALIZED))
                    .join(OUTBOUND_ATTEMPTS).on(OUTBOUND_ATTEMPTS.LEAD_ID.eq(sameNumber.ID))
                    .where(OUTBOUND_LEADS.CAMPAIGN_ID.eq(campaignId))
                    .and(OUTBOUND_ATTEMPTS.STARTED_AT_UTC.gt(since)).and(OUTBOUND_ATTEMPTS.STARTED_AT_UTC.le(until))
                    .orderBy(OUTBOUND_LEADS.ID, OUTBOUND_ATTEMPTS.STARTED_AT_UTC)
                    .forEach(r -> {
                        Instant at = Timestamps.parse(r.value3());
                        number.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(at);
                        if (r.value1().equals(r.value2())) own.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(at);
                    });
            Map<Long, RecentStarts> out = new HashMap<>();
            number.forEach((lead, starts) -> out.put(lead, new RecentStarts(own.getOrDefault(lead, List.of()), starts)));
            return out;
        });
    }

    /** Read from lead_state_counts, which triggers keep exact in every transaction that changes a lead. */
    @Override
    public CompletableFuture<Map<LeadState, Long>> countByState(long campaignId) {
        return db.read("lead.countByState", dsl -> {
            Map<LeadState, Long> out = new EnumMap<>(LeadState.class);
            dsl.select(LEAD_STATE_COUNTS.STATE, LEAD_STATE_COUNTS.N).from(LEAD_STATE_COUNTS)
                    .where(LEAD_STATE_COUNTS.CAMPAIGN_ID.eq(campaignId)).and(LEAD_STATE_COUNTS.N.gt(0L))
                    .forEach(r -> out.put(LeadState.fromWire(r.value1()), r.value2()));
            return out;
        });
    }

    /** The campaign's leads (in one state, or all), from the trigger-kept counts. */
    private static long countedLeads(DSLContext dsl, long campaignId, LeadState state) {
        Condition where = LEAD_STATE_COUNTS.CAMPAIGN_ID.eq(campaignId);
        if (state != null) where = where.and(LEAD_STATE_COUNTS.STATE.eq(state.wire()));
        Long n = dsl.select(DSL.sum(LEAD_STATE_COUNTS.N)).from(LEAD_STATE_COUNTS).where(where).fetchOne(0, Long.class);
        return n == null ? 0 : n;
    }

    @Override
    public CompletableFuture<Optional<Instant>> nextDueAt(long campaignId, Instant now) {
        return db.read("lead.nextDueAt", dsl -> Optional.ofNullable(dsl.select(DSL.min(OUTBOUND_LEADS.NEXT_ATTEMPT_AT_UTC))
                .from(OUTBOUND_LEADS).where(OUTBOUND_LEADS.CAMPAIGN_ID.eq(campaignId))
                .and(stateIs(LeadState.PENDING)).and(OUTBOUND_LEADS.NEXT_ATTEMPT_AT_UTC.isNotNull())
                .and(OUTBOUND_LEADS.NEXT_ATTEMPT_AT_UTC.gt(Timestamps.format(now)))
                .fetchOne(0, String.class)).map(Timestamps::parse));
    }

    // ---------------------------------------------------------------- operator actions

    @Override
    public CompletableFuture<Boolean> recycle(long leadId, boolean reset) {
        return db.write("lead.recycle", dsl -> {
            OutboundLeadsRecord lead = dsl.selectFrom(OUTBOUND_LEADS).where(OUTBOUND_LEADS.ID.eq(leadId)).fetchOne();
            if (lead == null || LIVE.contains(lead.getState())) return false;
            if (LeadState.DNC.wire().equals(lead.getState()) && dsl.fetchExists(DSL.selectOne().from(OUTBOUND_DNC)
                    .where(OUTBOUND_DNC.PHONE_NORMALIZED.eq(lead.getPhoneNormalized()))
                    .and(OUTBOUND_DNC.CAMPAIGN_ID.isNull().or(OUTBOUND_DNC.CAMPAIGN_ID.eq(lead.getCampaignId()))))) {
                return false; // still on a DNC list
            }
            if (reset) {
                dsl.deleteFrom(OUTBOUND_ATTEMPTS).where(OUTBOUND_ATTEMPTS.LEAD_ID.eq(leadId)).execute();
                lead.setAttemptCount(0);
                lead.setLastOutcome(null);
                lead.setLastAttemptAtUtc(null);
            }
            lead.setState(PENDING);
            lead.setLeasedUntilUtc(null);
            lead.setNextAttemptAtUtc(null);
            lead.setDncReason(null);
            lead.setUpdatedAtUtc(Timestamps.format(Instant.now()));
            lead.store();
            return true;
        });
    }

    @Override
    public CompletableFuture<Boolean> ignore(long leadId) {
        return db.write("lead.ignore", dsl -> dsl.update(OUTBOUND_LEADS).set(OUTBOUND_LEADS.STATE, LeadState.CANCELED.wire())
                .set(OUTBOUND_LEADS.LEASED_UNTIL_UTC, (String) null)
                .set(OUTBOUND_LEADS.NEXT_ATTEMPT_AT_UTC, (String) null)
                .set(OUTBOUND_LEADS.UPDATED_AT_UTC, Timestamps.format(Instant.now()))
                .where(OUTBOUND_LEADS.ID.eq(leadId)).and(stateIn(LeadState.LIVE).not()).execute() == 1);
    }

    @Override
    public CompletableFuture<Boolean> delete(long leadId) {
        return db.write("lead.delete", dsl -> dsl.deleteFrom(OUTBOUND_LEADS)
                .where(OUTBOUND_LEADS.ID.eq(leadId)).and(stateIn(LeadState.LIVE).not()).execute() == 1);
    }

    @Override
    public CompletableFuture<Integer> cancelPending(long campaignId) {
        return db.write("lead.cancelPending", dsl -> dsl.update(OUTBOUND_LEADS).set(OUTBOUND_LEADS.STATE, LeadState.CANCELED.wire())
                .set(OUTBOUND_LEADS.UPDATED_AT_UTC, Timestamps.format(Instant.now()))
                .where(OUTBOUND_LEADS.CAMPAIGN_ID.eq(campaignId)).and(stateIs(LeadState.PENDING)).execute());
    }

    /**
     * A pending or closed (completed/failed/canceled) lead becomes pending, due at {@code at}. A live lead
     * keeps its state and the time is remembered: closing its attempt then re-queues it for that time
     * (a callback the AI scheduled during the call). DNC leads are left alone.
     */
    @Override
    public CompletableFuture<Void> scheduleAt(long leadId, Instant at) {
        return db.write("lead.scheduleAt", dsl -> {
            dsl.update(OUTBOUND_LEADS).set(OUTBOUND_LEADS.NEXT_ATTEMPT_AT_UTC, Timestamps.format(at))
                    .set(OUTBOUND_LEADS.STATE, DSL.when(stateIn(LeadState.LIVE), OUTBOUND_LEADS.STATE).otherwise(PENDING))
                    .set(OUTBOUND_LEADS.UPDATED_AT_UTC, Timestamps.format(Instant.now()))
                    .where(OUTBOUND_LEADS.ID.eq(leadId)).and(stateIs(LeadState.DNC).not()).execute();
            return null;
        });
    }

    static <T> List<List<T>> chunks(Collection<T> values) {
        List<T> list = values instanceof List<T> l ? l : new ArrayList<>(values);
        if (list.size() <= IN_CHUNK) return Collections.singletonList(list);
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i += IN_CHUNK) out.add(list.subList(i, Math.min(list.size(), i + IN_CHUNK)));
        return out;
    }
}
