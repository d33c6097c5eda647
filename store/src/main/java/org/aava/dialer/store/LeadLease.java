package org.aava.dialer.store;

import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.ports.LeaseRequest;
import org.aava.dialer.core.scheduler.AttemptCaps;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import static org.aava.dialer.store.jooq.Tables.LEAD_STATE_COUNTS;
import static org.aava.dialer.store.jooq.Tables.OUTBOUND_ATTEMPTS;
import static org.aava.dialer.store.jooq.Tables.OUTBOUND_CAMPAIGNS;
import static org.aava.dialer.store.jooq.Tables.OUTBOUND_DNC;
import static org.aava.dialer.store.jooq.Tables.OUTBOUND_LEADS;

/**
 * The pacer's lease: one write transaction. Due pending leads come from two index ranges: leads without
 * a retry time ({@code idx_leads_due_now}, read in priority/id order, stops after {@code limit}) and leads
 * whose retry time has come ({@code idx_leads_due_later}, a covering range ranked by priority/id, or when
 * thousands are due {@code idx_leads_retry_order}, walked in lease order); the best {@code limit} of both
 * are candidates. Only candidates are then checked:
 * <ul>
 *   <li>a number on the global or the campaign's DNC list: the lead becomes {@code dnc} with the list's reason
 *       (both sides are E.164, so any format of the number matches); an emergency, special-service or feature-code
 *       number becomes {@code dnc} with reason {@code special_number: ...};</li>
 *   <li>a lead at the 24 h attempt cap (the campaign's, or the stricter cap of the state rules of its number, e.g.
 *       3 in Florida): it stays pending with {@code next_attempt_at} set to when its oldest
 *       counted attempt leaves the window, so it drops out of the due set instead of being re-checked on
 *       every lease;</li>
 * </ul>
 * and the search goes on until {@code limit} dialable leads are found or none are left.
 *
 * <p>The SQL is rendered once from the generated classes and each statement is prepared once per connection
 * ({@link ConnectionStatements}): rendering and preparing cost more than running these statements (a
 * profile of a one-lead lease: 57% of the writer's time). Id lists travel as one JSON array bound to
 * {@link StoreDialect#ids()}, so a statement's text does not depend on how many ids it carries.
 */
final class LeadLease {
    /** From this many due retries on, the lease walks them in lease order rather than ranking them all. */
    static final int DENSE_DUE = 2_000;
    /** Emergency/special-service numbers and feature codes stored before import refused them are never dialed. */
    private static final org.aava.dialer.core.phone.PhoneNumbers PHONES = org.aava.dialer.core.phone.PhoneNumbers.defaults();
    private static final org.aava.dialer.core.phone.StateRules STATE_RULES = org.aava.dialer.core.phone.StateRules.defaults();
    static final String REFUSED_NUMBER = "special_number: emergency, special-service or feature code, never autodialed";
    /** Lead states that hold one of the campaign's concurrent calls. */
    static final List<LeadState> LIVE = List.of(LeadState.LEASED, LeadState.DIALING, LeadState.AMD_PENDING, LeadState.IN_PROGRESS);
    private static final Sql SQLITE_SQL = new Sql(StoreDialect.SQLITE);
    private static final Sql POSTGRES_SQL = new Sql(StoreDialect.POSTGRES);

    /** The lease's statements, rendered once for one database. */
    private static final class Sql {
        /** Whether the campaign is running, and how many retries are due (up to {@link #DENSE_DUE}). */
        final String plan;
        final String dueNow;
        final String dueLater;
        /** The same leads as {@link #dueLater}, walked in lease order (the unary + keeps SQLite off the time range). */
        final String dueLaterDense;
        final String dncReasons;
        final String attemptStarts;
        /** Attempt starts of each lead's number in every campaign: state caps are per person, not per lead row. */
        final String numberStarts;
        final String markDnc;
        final String defer;
        final String lease;
        /** PostgreSQL: the campaign row, locked for the lease's transaction, so leases of one campaign queue over all nodes. */
        final String lockCampaign;
        /** Live leads of the campaign (leased, dialing, AMD, with the AI), and how many of them are only leased. */
        final String liveLeads;
        final String lastStart;
        private final StoreDialect dialect;

        Sql(StoreDialect dialect) {
            this.dialect = dialect;
            DSLContext render = dialect.render();
            Condition pending = OUTBOUND_LEADS.CAMPAIGN_ID.eq(0L).and(LeadRules.stateIs(LeadState.PENDING));
            Condition retryDue = OUTBOUND_LEADS.NEXT_ATTEMPT_AT_UTC.isNotNull().and(OUTBOUND_LEADS.NEXT_ATTEMPT_AT_UTC.le(""));
            plan = render.select(
                    DSL.field(DSL.exists(DSL.selectOne().from(OUTBOUND_CAMPAIGNS).where(OUTBOUND_CAMPAIGNS.ID.eq(0L))
                            .and(OUTBOUND_CAMPAIGNS.STATUS.eq(DSL.inline("running"))))),
                    DSL.field(DSL.selectCount().from(DSL.selectOne().from(OUTBOUND_LEADS).where(pending).and(retryDue)
                            .limit(DSL.inline(DENSE_DUE)).asTable("due")))).getSQL();
            dueNow = candidates(pending.and(OUTBOUND_LEADS.NEXT_ATTEMPT_AT_UTC.isNull()));
            dueLater = candidates(pending.and(retryDue));
            dueLaterDense = candidates(pending.and(OUTBOUND_LEADS.NEXT_ATTEMPT_AT_UTC.isNotNull())
                    .and(dialect.unindexed(OUTBOUND_LEADS.NEXT_ATTEMPT_AT_UTC).le("")));
            dncReasons = render.select(OUTBOUND_LEADS.ID, dncReason(), OUTBOUND_LEADS.PHONE_NORMALIZED).from(OUTBOUND_LEADS)
                    .where(OUTBOUND_LEADS.ID.in(dialect.ids())).getSQL();
            attemptStarts = render.select(OUTBOUND_ATTEMPTS.LEAD_ID, OUTBOUND_ATTEMPTS.STARTED_AT_UTC).from(OUTBOUND_ATTEMPTS)
                    .where(OUTBOUND_ATTEMPTS.LEAD_ID.in(dialect.ids())).and(OUTBOUND_ATTEMPTS.STARTED_AT_UTC.gt(""))
                    .orderBy(OUTBOUND_ATTEMPTS.LEAD_ID, OUTBOUND_ATTEMPTS.STARTED_AT_UTC).getSQL();
            var sameNumber = OUTBOUND_LEADS.as("same_number");
            numberStarts = render.select(OUTBOUND_LEADS.ID, OUTBOUND_ATTEMPTS.STARTED_AT_UTC).from(OUTBOUND_LEADS)
                    .join(sameNumber).on(sameNumber.PHONE_NORMALIZED.eq(OUTBOUND_LEADS.PHONE_NORMALIZED))
                    .join(OUTBOUND_ATTEMPTS).on(OUTBOUND_ATTEMPTS.LEAD_ID.eq(sameNumber.ID))
                    .where(OUTBOUND_LEADS.ID.in(dialect.ids())).and(OUTBOUND_ATTEMPTS.STARTED_AT_UTC.gt(""))
                    .orderBy(OUTBOUND_LEADS.ID, OUTBOUND_ATTEMPTS.STARTED_AT_UTC).getSQL();
            markDnc = render.update(OUTBOUND_LEADS).set(OUTBOUND_LEADS.STATE, DSL.inline(LeadState.DNC.wire()))
                    .set(OUTBOUND_LEADS.DNC_REASON, "").set(OUTBOUND_LEADS.UPDATED_AT_UTC, "")
                    .where(OUTBOUND_LEADS.ID.eq(0L)).getSQL();
            defer = render.update(OUTBOUND_LEADS).set(OUTBOUND_LEADS.NEXT_ATTEMPT_AT_UTC, "").set(OUTBOUND_LEADS.UPDATED_AT_UTC, "")
                    .where(OUTBOUND_LEADS.ID.eq(0L)).getSQL();
            lease = render.update(OUTBOUND_LEADS).set(OUTBOUND_LEADS.STATE, DSL.inline(LeadState.LEASED.wire()))
                    .set(OUTBOUND_LEADS.LEASED_UNTIL_UTC, "").set(OUTBOUND_LEADS.UPDATED_AT_UTC, "")
                    .where(OUTBOUND_LEADS.ID.in(dialect.ids())).and(LeadRules.stateIs(LeadState.PENDING))
                    .returning(OUTBOUND_LEADS.fields()).getSQL();
            lockCampaign = render.select(OUTBOUND_CAMPAIGNS.ID).from(OUTBOUND_CAMPAIGNS).where(OUTBOUND_CAMPAIGNS.ID.eq(0L))
                    .forUpdate().getSQL();
            var live = LEAD_STATE_COUNTS.STATE.in(LIVE.stream().map(LeadState::wire).map(DSL::inline).toList());
            liveLeads = render.select(DSL.coalesce(DSL.sum(LEAD_STATE_COUNTS.N), DSL.inline(java.math.BigDecimal.ZERO)),
                            DSL.coalesce(DSL.sum(DSL.when(LEAD_STATE_COUNTS.STATE.eq(DSL.inline(LeadState.LEASED.wire())), LEAD_STATE_COUNTS.N)
                                    .otherwise(DSL.inline(0L))), DSL.inline(java.math.BigDecimal.ZERO)))
                    .from(LEAD_STATE_COUNTS).where(LEAD_STATE_COUNTS.CAMPAIGN_ID.eq(0L)).and(live).getSQL();
            lastStart = render.select(OUTBOUND_ATTEMPTS.STARTED_AT_UTC).from(OUTBOUND_ATTEMPTS)
                    .where(OUTBOUND_ATTEMPTS.CAMPAIGN_ID.eq(0L)).orderBy(OUTBOUND_ATTEMPTS.ID.desc()).limit(DSL.inline(1)).getSQL();
        }

        /**
         * Binds: campaign id, [the due time,] whether a consent record is required (1/0), the ids already chosen (JSON),
         * how many. A lead without the consent record its campaign requires is not a candidate (eligibility says why).
         * On PostgreSQL the candidates are locked, skipping rows another node's lease holds: two nodes leasing from one
         * campaign take different leads instead of queueing behind each other.
         */
        private String candidates(Condition due) {
            var select = dialect.render().select(OUTBOUND_LEADS.ID, OUTBOUND_LEADS.PRIORITY).from(OUTBOUND_LEADS).where(due)
                    .and(DSL.val(0).eq(DSL.inline(0)).or(OUTBOUND_LEADS.CONSENT_BASIS.isNotNull()))
                    .and(OUTBOUND_LEADS.ID.notIn(dialect.ids()))
                    .orderBy(OUTBOUND_LEADS.PRIORITY.desc(), OUTBOUND_LEADS.ID).limit(0);
            return dialect == StoreDialect.POSTGRES ? select.forUpdate().skipLocked().getSQL() : select.getSQL();
        }
    }

    /** The reason of a DNC entry blocking the lead's number (global or its campaign's list), or null. */
    private static Field<String> dncReason() {
        return DSL.field(DSL.select(DSL.coalesce(OUTBOUND_DNC.REASON, DSL.inline(LeadRules.DEFAULT_DNC_REASON)))
                .from(OUTBOUND_DNC)
                .where(OUTBOUND_DNC.PHONE_NORMALIZED.eq(OUTBOUND_LEADS.PHONE_NORMALIZED))
                .and(OUTBOUND_DNC.CAMPAIGN_ID.isNull().or(OUTBOUND_DNC.CAMPAIGN_ID.eq(OUTBOUND_LEADS.CAMPAIGN_ID)))
                .limit(DSL.inline(1)));
    }

    private record Candidate(long id, int priority) {
    }

    private static final Comparator<Candidate> LEASE_ORDER =
            Comparator.comparingInt(Candidate::priority).reversed().thenComparingLong(Candidate::id);

    private final ConnectionStatements statements;
    private final Sql sql;
    private final LeaseRequest req;
    private final String now;

    private LeadLease(ConnectionStatements statements, Sql sql, LeaseRequest req) {
        this.statements = statements;
        this.sql = sql;
        this.req = req;
        this.now = Timestamps.format(req.now());
    }

    /** Leases up to {@code req.limit()} leads in the transaction {@code dsl} runs in. */
    static List<Lead> lease(DSLContext dsl, LeaseRequest req) {
        return dsl.connectionResult(c -> {
            try {
                return new LeadLease(ConnectionStatements.of(c), StoreDialect.of(dsl) == StoreDialect.POSTGRES ? POSTGRES_SQL : SQLITE_SQL, req).run();
            } catch (SQLException e) {
                throw new org.jooq.exception.DataAccessException("lease failed: " + e.getMessage(), e);
            }
        });
    }

    private List<Lead> run() throws SQLException {
        PreparedStatement plan = statements.prepared(sql.plan);
        plan.setLong(1, req.campaignId());
        plan.setLong(2, req.campaignId());
        plan.setString(3, now);
        boolean running;
        int dueRetries;
        try (ResultSet rs = plan.executeQuery()) {
            rs.next();
            running = rs.getBoolean(1);
            dueRetries = rs.getInt(2);
        }
        if (!running) return List.of();
        int limit = sql == POSTGRES_SQL ? paceAllows() : req.limit();
        if (limit <= 0) return List.of();
        // Few due retries: rank them from the range of idx_leads_due_later. Many (a cohort released until
        // its local hours opened, now all due): walk idx_leads_retry_order in lease order instead, which
        // stops after `limit` due entries.
        String dueLaterSql = dueRetries >= DENSE_DUE ? sql.dueLaterDense : sql.dueLater;

        List<Long> chosen = new ArrayList<>();
        while (chosen.size() < limit) {
            int need = limit - chosen.size();
            String chosenJson = json(chosen);
            List<Candidate> candidates = new ArrayList<>();
            readCandidates(sql.dueNow, null, chosenJson, need, candidates);
            if (dueRetries > 0) readCandidates(dueLaterSql, now, chosenJson, need, candidates);
            if (candidates.isEmpty()) break;
            candidates.sort(LEASE_ORDER);
            List<Long> ids = candidates.subList(0, Math.min(need, candidates.size())).stream().map(Candidate::id).toList();

            Map<Long, Integer> stateCaps = new HashMap<>();
            Map<Long, String> dnc = dncReasons(ids, stateCaps);
            Map<Long, Instant> capped = req.maxAttemptsPer24h() > 0 || !stateCaps.isEmpty() ? eligibleAgainAt(ids, stateCaps) : Map.of();
            boolean skipped = false;
            for (Long id : ids) {
                String reason = dnc.get(id);
                Instant eligible = capped.get(id);
                if (reason != null) {
                    // A number put on a DNC list after import: explained, never dialed, and it does not block completion.
                    skipped = true;
                    update(sql.markDnc, reason, now, id);
                } else if (eligible != null) {
                    skipped = true;
                    update(sql.defer, Timestamps.format(eligible), now, id);
                } else {
                    chosen.add(id);
                }
            }
            if (!skipped) break; // either enough leads or none left
        }
        if (chosen.isEmpty()) return List.of();
        PreparedStatement lease = statements.prepared(sql.lease);
        lease.setString(1, Timestamps.format(req.now().plus(req.ttl())));
        lease.setString(2, now);
        lease.setString(3, json(chosen));
        List<Lead> leased = new ArrayList<>(chosen.size());
        try (ResultSet rs = lease.executeQuery()) {
            while (rs.next()) leased.add(Rows.lead(rs));
        }
        leased.sort(Comparator.comparingInt(Lead::priority).reversed().thenComparingLong(Lead::id));
        return leased;
    }

    /**
     * PostgreSQL, where several nodes lease from one campaign: how many leads the campaign's caps allow now, counted in
     * the database under the campaign's row lock (the nodes' own checks see only their own calls). A node's lease
     * waits for another's to commit, then counts what it leased.
     */
    private int paceAllows() throws SQLException {
        LeaseRequest.Pace pace = req.pace();
        if (pace.maxConcurrent() <= 0 && pace.minIntervalSeconds() <= 0) return req.limit();
        PreparedStatement lock = statements.prepared(sql.lockCampaign);
        lock.setLong(1, req.campaignId());
        try (ResultSet rs = lock.executeQuery()) {
            if (!rs.next()) return 0;
        }
        long live;
        long leasedOnly;
        PreparedStatement count = statements.prepared(sql.liveLeads);
        count.setLong(1, req.campaignId());
        try (ResultSet rs = count.executeQuery()) {
            rs.next();
            live = rs.getLong(1);
            leasedOnly = rs.getLong(2);
        }
        int limit = req.limit();
        if (pace.maxConcurrent() > 0) limit = (int) Math.min(limit, pace.maxConcurrent() - live);
        if (pace.minIntervalSeconds() > 0) {
            // a leased lead is a call about to start: the next one waits for it, and then for the interval
            if (leasedOnly > 0) return 0;
            PreparedStatement last = statements.prepared(sql.lastStart);
            last.setLong(1, req.campaignId());
            try (ResultSet rs = last.executeQuery()) {
                if (rs.next() && req.now().isBefore(Timestamps.parse(rs.getString(1)).plusSeconds(pace.minIntervalSeconds()))) return 0;
            }
            limit = Math.min(limit, 1);
        }
        return limit;
    }

    private void readCandidates(String candidates, String dueBy, String chosenJson, int need, List<Candidate> into) throws SQLException {
        PreparedStatement s = statements.prepared(candidates);
        int i = 1;
        s.setLong(i++, req.campaignId());
        if (dueBy != null) s.setString(i++, dueBy);
        s.setInt(i++, req.requireConsentRecord() ? 1 : 0);
        s.setString(i++, chosenJson);
        s.setInt(i, need);
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) into.add(new Candidate(rs.getLong(1), rs.getInt(2)));
        }
    }

    /** DNC reasons by lead; fills {@code stateCaps} with the per-number 24 h cap of the state rules of each lead's number. */
    private Map<Long, String> dncReasons(List<Long> ids, Map<Long, Integer> stateCaps) throws SQLException {
        PreparedStatement s = statements.prepared(sql.dncReasons);
        s.setString(1, json(ids));
        Map<Long, String> out = new HashMap<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                String reason = rs.getString(2);
                String number = rs.getString(3);
                if (reason == null && PHONES.refusedAtLease(number)) reason = REFUSED_NUMBER;
                int stateCap = req.stateRules() ? STATE_RULES.maxCallsPer24h(number, req.now()) : 0;
                if (stateCap > 0) stateCaps.put(rs.getLong(1), stateCap);
                if (reason != null) out.put(rs.getLong(1), reason);
            }
        }
        return out;
    }

    /**
     * When each capped lead may be dialed again: the campaign's cap counts that lead's attempts, a state rule's cap
     * counts every attempt to the same number in any campaign (the rule protects the person). A lead at a cap
     * becomes eligible when the attempt that must leave the 24 h window does (its start plus 24 h).
     */
    private Map<Long, Instant> eligibleAgainAt(List<Long> ids, Map<Long, Integer> stateCaps) throws SQLException {
        Map<Long, Instant> out = new HashMap<>();
        if (req.maxAttemptsPer24h() > 0) deferAtCap(starts(sql.attemptStarts, ids), lead -> req.maxAttemptsPer24h(), out);
        if (!stateCaps.isEmpty())
            deferAtCap(starts(sql.numberStarts, List.copyOf(stateCaps.keySet())), lead -> stateCaps.getOrDefault(lead, 0), out);
        return out;
    }

    private Map<Long, List<Instant>> starts(String query, List<Long> ids) throws SQLException {
        PreparedStatement s = statements.prepared(query);
        s.setString(1, json(ids));
        s.setString(2, Timestamps.format(req.now().minusSeconds(86_400)));
        Map<Long, List<Instant>> starts = new HashMap<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) starts.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(Timestamps.parse(rs.getString(2)));
        }
        return starts;
    }

    /** Records in {@code out} the later of the deferrals when a lead is at its cap ({@link AttemptCaps}, the rule eligibility explains). */
    private static void deferAtCap(Map<Long, List<Instant>> starts, java.util.function.ToIntFunction<Long> capOf, Map<Long, Instant> out) {
        starts.forEach((lead, times) -> AttemptCaps.clearsAt(times, capOf.applyAsInt(lead))
                .ifPresent(again -> out.merge(lead, again, (a, b) -> a.isAfter(b) ? a : b)));
    }

    private void update(String statement, String value, String updatedAt, long id) throws SQLException {
        PreparedStatement s = statements.prepared(statement);
        s.setString(1, value);
        s.setString(2, updatedAt);
        s.setLong(3, id);
        ConnectionStatements.update(s);
    }

    private static String json(Collection<Long> ids) {
        if (ids.isEmpty()) return StoreDialect.NO_IDS;
        StringJoiner j = new StringJoiner(",", "[", "]");
        for (Long id : ids) j.add(Long.toString(id));
        return j.toString();
    }
}
