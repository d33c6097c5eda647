package org.aava.dialer.store;

import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.ports.InsertResult;
import org.aava.dialer.core.ports.LeadQuery;
import org.aava.dialer.core.ports.LeadRepository;
import org.aava.dialer.core.ports.LeadView;
import org.aava.dialer.core.ports.LeaseRequest;
import org.aava.dialer.core.ports.Page;
import org.aava.dialer.store.jooq.tables.OutboundAttempts;
import org.aava.dialer.store.jooq.tables.records.OutboundAttemptsRecord;
import org.aava.dialer.store.jooq.tables.records.OutboundLeadsRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import static org.aava.dialer.store.jooq.Tables.OUTBOUND_ATTEMPTS;
import static org.aava.dialer.store.jooq.Tables.OUTBOUND_CAMPAIGNS;
import static org.aava.dialer.store.jooq.Tables.OUTBOUND_DNC;
import static org.aava.dialer.store.jooq.Tables.OUTBOUND_LEADS;

final class LeadStore implements LeadRepository {
    static final List<String> LIVE = LeadState.LIVE.stream().map(LeadState::wire).toList();
    private static final OutboundAttempts LAST = OUTBOUND_ATTEMPTS.as("last_attempt");

    private final Db db;

    LeadStore(Db db) {
        this.db = db;
    }

    /** True when the lead's number is on the global list or its campaign's list. */
    static Condition dncBlocked() {
        return DSL.exists(DSL.selectOne().from(OUTBOUND_DNC)
                .where(OUTBOUND_DNC.PHONE_NORMALIZED.eq(OUTBOUND_LEADS.PHONE_NORMALIZED))
                .and(OUTBOUND_DNC.CAMPAIGN_ID.isNull().or(OUTBOUND_DNC.CAMPAIGN_ID.eq(OUTBOUND_LEADS.CAMPAIGN_ID))));
    }

    @Override
    public CompletableFuture<List<Lead>> lease(LeaseRequest req) {
        return db.write("lead.lease", dsl -> {
            boolean running = dsl.fetchExists(DSL.selectOne().from(OUTBOUND_CAMPAIGNS)
                    .where(OUTBOUND_CAMPAIGNS.ID.eq(req.campaignId())).and(OUTBOUND_CAMPAIGNS.STATUS.eq("running")));
            if (!running) return List.<Lead>of();
            String now = Timestamps.format(req.now());
            Condition due = OUTBOUND_LEADS.CAMPAIGN_ID.eq(req.campaignId()).and(OUTBOUND_LEADS.STATE.eq("pending"))
                    .and(OUTBOUND_LEADS.NEXT_ATTEMPT_AT_UTC.isNull().or(OUTBOUND_LEADS.NEXT_ATTEMPT_AT_UTC.le(now)));
            if (req.maxAttemptsPer24h() > 0) {
                String dayAgo = Timestamps.format(req.now().minusSeconds(86_400));
                due = due.and(DSL.selectCount().from(OUTBOUND_ATTEMPTS)
                        .where(OUTBOUND_ATTEMPTS.LEAD_ID.eq(OUTBOUND_LEADS.ID))
                        .and(OUTBOUND_ATTEMPTS.STARTED_AT_UTC.gt(dayAgo)).asField().lt(req.maxAttemptsPer24h()));
            }
            List<Long> chosen = new ArrayList<>();
            // Numbers put on a DNC list after import are caught here: they become 'dnc', explained and never dialed.
            while (chosen.size() < req.limit()) {
                var rows = dsl.select(OUTBOUND_LEADS.ID, DSL.field(dncBlocked()).as("blocked"))
                        .from(OUTBOUND_LEADS).where(due).and(OUTBOUND_LEADS.ID.notIn(chosen))
                        .orderBy(OUTBOUND_LEADS.PRIORITY.desc(), OUTBOUND_LEADS.ID)
                        .limit(req.limit() - chosen.size()).fetch();
                if (rows.isEmpty()) break;
                List<Long> blocked = new ArrayList<>();
                for (Record r : rows) {
                    if (Boolean.TRUE.equals(r.get("blocked", Boolean.class))) blocked.add(r.get(OUTBOUND_LEADS.ID));
                    else chosen.add(r.get(OUTBOUND_LEADS.ID));
                }
                if (!blocked.isEmpty()) {
                    dsl.update(OUTBOUND_LEADS).set(OUTBOUND_LEADS.STATE, "dnc")
                            .set(OUTBOUND_LEADS.DNC_REASON, "on a do-not-call list (found at dial time)")
                            .set(OUTBOUND_LEADS.UPDATED_AT_UTC, now).where(OUTBOUND_LEADS.ID.in(blocked)).execute();
                }
            }
            if (chosen.isEmpty()) return List.<Lead>of();
            List<Lead> leased = dsl.update(OUTBOUND_LEADS).set(OUTBOUND_LEADS.STATE, "leased")
                    .set(OUTBOUND_LEADS.LEASED_UNTIL_UTC, Timestamps.format(req.now().plus(req.ttl())))
                    .set(OUTBOUND_LEADS.UPDATED_AT_UTC, now)
                    .where(OUTBOUND_LEADS.ID.in(chosen)).and(OUTBOUND_LEADS.STATE.eq("pending"))
                    .returning().fetch().map(r -> Rows.lead(r.into(OUTBOUND_LEADS)));
            List<Lead> ordered = new ArrayList<>(leased);
            ordered.sort(Comparator.comparingInt(Lead::priority).reversed().thenComparingLong(Lead::id));
            return ordered;
        });
    }

    @Override
    public CompletableFuture<Boolean> markDialing(long leadId, Instant now, Instant leaseUntil) {
        return db.write("lead.markDialing", dsl -> dsl.update(OUTBOUND_LEADS)
                .set(OUTBOUND_LEADS.STATE, "dialing")
                .set(OUTBOUND_LEADS.ATTEMPT_COUNT, OUTBOUND_LEADS.ATTEMPT_COUNT.plus(1))
                .set(OUTBOUND_LEADS.LAST_ATTEMPT_AT_UTC, Timestamps.format(now))
                .set(OUTBOUND_LEADS.LEASED_UNTIL_UTC, Timestamps.format(leaseUntil))
                .set(OUTBOUND_LEADS.NEXT_ATTEMPT_AT_UTC, (String) null)
                .set(OUTBOUND_LEADS.UPDATED_AT_UTC, Timestamps.format(now))
                .where(OUTBOUND_LEADS.ID.eq(leadId)).and(OUTBOUND_LEADS.STATE.eq("leased")).execute() == 1);
    }

    @Override
    public CompletableFuture<Void> markProgress(long leadId, LeadState state, String lastOutcome) {
        return db.write("lead.markProgress", dsl -> {
            var update = dsl.update(OUTBOUND_LEADS).set(OUTBOUND_LEADS.STATE, state.wire())
                    .set(OUTBOUND_LEADS.LEASED_UNTIL_UTC, (String) null)
                    .set(OUTBOUND_LEADS.UPDATED_AT_UTC, Timestamps.format(Instant.now()));
            if (lastOutcome != null) update = update.set(OUTBOUND_LEADS.LAST_OUTCOME, lastOutcome);
            update.where(OUTBOUND_LEADS.ID.eq(leadId)).and(OUTBOUND_LEADS.STATE.in(LIVE)).execute();
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> release(long leadId, Instant nextAttemptAt, String reason) {
        return db.write("lead.release", dsl -> {
            dsl.update(OUTBOUND_LEADS).set(OUTBOUND_LEADS.STATE, "pending")
                    .set(OUTBOUND_LEADS.LEASED_UNTIL_UTC, (String) null)
                    .set(OUTBOUND_LEADS.NEXT_ATTEMPT_AT_UTC, Timestamps.format(nextAttemptAt))
                    .set(OUTBOUND_LEADS.UPDATED_AT_UTC, Timestamps.format(Instant.now()))
                    .where(OUTBOUND_LEADS.ID.eq(leadId)).and(OUTBOUND_LEADS.STATE.eq("leased")).execute();
            return null;
        });
    }

    @Override
    public CompletableFuture<Integer> requeueExpired(Instant now) {
        return db.write("lead.requeueExpired", dsl -> {
            String ts = Timestamps.format(now);
            List<Long> ids = dsl.select(OUTBOUND_LEADS.ID).from(OUTBOUND_LEADS)
                    .where(OUTBOUND_LEADS.STATE.in("leased", "dialing")).and(OUTBOUND_LEADS.LEASED_UNTIL_UTC.lt(ts))
                    .fetch(OUTBOUND_LEADS.ID);
            if (ids.isEmpty()) return 0;
            // Every attempt is closed exactly once: an attempt left open by a crashed process is closed here.
            dsl.update(OUTBOUND_ATTEMPTS).set(OUTBOUND_ATTEMPTS.ENDED_AT_UTC, ts)
                    .set(OUTBOUND_ATTEMPTS.OUTCOME, "error")
                    .set(OUTBOUND_ATTEMPTS.ERROR_MESSAGE, "lease expired (lost on restart)")
                    .where(OUTBOUND_ATTEMPTS.LEAD_ID.in(ids)).and(OUTBOUND_ATTEMPTS.ENDED_AT_UTC.isNull()).execute();
            return dsl.update(OUTBOUND_LEADS).set(OUTBOUND_LEADS.STATE, "pending")
                    .set(OUTBOUND_LEADS.LEASED_UNTIL_UTC, (String) null)
                    .set(OUTBOUND_LEADS.UPDATED_AT_UTC, ts)
                    .where(OUTBOUND_LEADS.ID.in(ids)).and(OUTBOUND_LEADS.STATE.in("leased", "dialing")).execute();
        });
    }

    @Override
    public CompletableFuture<InsertResult> insertBatch(long campaignId, List<Lead> leads, boolean skipExisting) {
        return db.write("lead.insertBatch", dsl -> insertNow(dsl, campaignId, leads, skipExisting));
    }

    private static InsertResult insertNow(DSLContext dsl, long campaignId, List<Lead> leads, boolean skipExisting) {
        if (leads.isEmpty()) return new InsertResult(0, List.of(), List.of());
        Set<String> numbers = new HashSet<>();
        for (Lead l : leads) numbers.add(l.phoneNormalized());
        Set<String> existing = new HashSet<>(dsl.select(OUTBOUND_LEADS.PHONE_NORMALIZED).from(OUTBOUND_LEADS)
                .where(OUTBOUND_LEADS.CAMPAIGN_ID.eq(campaignId)).and(OUTBOUND_LEADS.PHONE_NORMALIZED.in(numbers))
                .fetch(OUTBOUND_LEADS.PHONE_NORMALIZED));
        Set<String> dnc = new HashSet<>(dsl.select(OUTBOUND_DNC.PHONE_NORMALIZED).from(OUTBOUND_DNC)
                .where(OUTBOUND_DNC.PHONE_NORMALIZED.in(numbers))
                .and(OUTBOUND_DNC.CAMPAIGN_ID.isNull().or(OUTBOUND_DNC.CAMPAIGN_ID.eq(campaignId)))
                .fetch(OUTBOUND_DNC.PHONE_NORMALIZED));
        List<Integer> duplicates = new ArrayList<>();
        List<Integer> dncIndexes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String now = Timestamps.format(Instant.now());
        int[] accepted = {0};
        dsl.connection(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO outbound_leads (campaign_id, phone_number, "
                    + "phone_normalized, name, custom_vars_json, context_override, timezone, caller_id, state, dnc_reason, "
                    + "priority, created_at_utc, updated_at_utc) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
                 PreparedStatement update = c.prepareStatement("UPDATE outbound_leads SET name=COALESCE(?, name), "
                         + "custom_vars_json=?, context_override=COALESCE(?, context_override), timezone=COALESCE(?, timezone), "
                         + "caller_id=COALESCE(?, caller_id), updated_at_utc=? WHERE campaign_id=? AND phone_normalized=?")) {
                for (int i = 0; i < leads.size(); i++) {
                    Lead l = leads.get(i);
                    boolean known = existing.contains(l.phoneNormalized());
                    if (known || !seen.add(l.phoneNormalized())) {
                        duplicates.add(i);
                        if (known && !skipExisting) {
                            update.setString(1, l.name());
                            update.setString(2, l.customVarsJson());
                            update.setString(3, l.contextOverride());
                            update.setString(4, l.timezone());
                            update.setString(5, l.callerId());
                            update.setString(6, now);
                            update.setLong(7, campaignId);
                            update.setString(8, l.phoneNormalized());
                            update.addBatch();
                        }
                        continue;
                    }
                    boolean blocked = dnc.contains(l.phoneNormalized());
                    if (blocked) dncIndexes.add(i);
                    insert.setLong(1, campaignId);
                    insert.setString(2, l.phoneNumber());
                    insert.setString(3, l.phoneNormalized());
                    insert.setString(4, l.name());
                    insert.setString(5, l.customVarsJson());
                    insert.setString(6, l.contextOverride());
                    insert.setString(7, l.timezone());
                    insert.setString(8, l.callerId());
                    insert.setString(9, blocked ? "dnc" : "pending");
                    insert.setString(10, blocked ? "on a do-not-call list at import" : null);
                    insert.setInt(11, l.priority());
                    insert.setString(12, now);
                    insert.setString(13, now);
                    insert.addBatch();
                    accepted[0]++;
                }
                insert.executeBatch();
                update.executeBatch();
            } catch (SQLException e) {
                throw new org.jooq.exception.DataAccessException("lead insert failed: " + e.getMessage(), e);
            }
        });
        return new InsertResult(accepted[0], duplicates, dncIndexes);
    }

    @Override
    public CompletableFuture<Optional<Lead>> find(long leadId) {
        return db.read("lead.find", dsl -> dsl.selectFrom(OUTBOUND_LEADS).where(OUTBOUND_LEADS.ID.eq(leadId))
                .fetchOptional().map(Rows::lead));
    }

    private static Condition filter(LeadQuery q) {
        Condition c = OUTBOUND_LEADS.CAMPAIGN_ID.eq(q.campaignId());
        if (q.state() != null) c = c.and(OUTBOUND_LEADS.STATE.eq(q.state().wire()));
        if (q.search() != null) {
            String s = q.search().trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
            String digits = s.replaceAll("[\\s().\\-/]", "");
            c = c.and(OUTBOUND_LEADS.PHONE_NORMALIZED.like(digits + "%", '\\')
                    .or(OUTBOUND_LEADS.PHONE_NUMBER.like(s + "%", '\\'))
                    .or(OUTBOUND_LEADS.NAME.likeIgnoreCase("%" + s + "%", '\\')));
        }
        return c;
    }

    /** The lead's most recent attempt, joined for the lead table. */
    private static Condition lastAttemptOf() {
        return LAST.ID.eq(DSL.select(DSL.max(OUTBOUND_ATTEMPTS.ID)).from(OUTBOUND_ATTEMPTS)
                .where(OUTBOUND_ATTEMPTS.LEAD_ID.eq(OUTBOUND_LEADS.ID)));
    }

    private static LeadView view(Record r) {
        Lead lead = Rows.lead(r.into(OUTBOUND_LEADS));
        OutboundAttemptsRecord a = r.into(LAST);
        return new LeadView(lead, a.getId() == null ? null : Rows.attempt(a));
    }

    @Override
    public CompletableFuture<Page<LeadView>> page(LeadQuery q) {
        return db.read("lead.page", dsl -> {
            Condition where = filter(q);
            long total = dsl.selectCount().from(OUTBOUND_LEADS).where(where).fetchOne(0, Long.class);
            List<LeadView> items = dsl.select(OUTBOUND_LEADS.fields()).select(LAST.fields())
                    .from(OUTBOUND_LEADS).leftJoin(LAST).on(lastAttemptOf())
                    .where(where).orderBy(OUTBOUND_LEADS.ID.desc())
                    .limit(q.pageSize()).offset((long) (q.page() - 1) * q.pageSize())
                    .fetch(LeadStore::view);
            return new Page<>(items, total, q.page(), q.pageSize());
        });
    }

    @Override
    public CompletableFuture<Void> forEach(long campaignId, Consumer<LeadView> consumer) {
        return db.read("lead.forEach", dsl -> {
            long after = 0;
            while (true) {
                List<LeadView> batch = dsl.select(OUTBOUND_LEADS.fields()).select(LAST.fields())
                        .from(OUTBOUND_LEADS).leftJoin(LAST).on(lastAttemptOf())
                        .where(OUTBOUND_LEADS.CAMPAIGN_ID.eq(campaignId)).and(OUTBOUND_LEADS.ID.gt(after))
                        .orderBy(OUTBOUND_LEADS.ID).limit(1000).fetch(LeadStore::view);
                if (batch.isEmpty()) return null;
                batch.forEach(consumer);
                after = batch.get(batch.size() - 1).lead().id();
            }
        });
    }

    @Override
    public CompletableFuture<Map<LeadState, Long>> countByState(long campaignId) {
        return db.read("lead.countByState", dsl -> {
            Map<LeadState, Long> out = new EnumMap<>(LeadState.class);
            dsl.select(OUTBOUND_LEADS.STATE, DSL.count()).from(OUTBOUND_LEADS)
                    .where(OUTBOUND_LEADS.CAMPAIGN_ID.eq(campaignId)).groupBy(OUTBOUND_LEADS.STATE)
                    .forEach(r -> out.put(LeadState.fromWire(r.value1()), r.value2().longValue()));
            return out;
        });
    }

    @Override
    public CompletableFuture<Optional<Instant>> nextDueAt(long campaignId, Instant now) {
        return db.read("lead.nextDueAt", dsl -> Optional.ofNullable(dsl.select(DSL.min(OUTBOUND_LEADS.NEXT_ATTEMPT_AT_UTC))
                .from(OUTBOUND_LEADS).where(OUTBOUND_LEADS.CAMPAIGN_ID.eq(campaignId))
                .and(OUTBOUND_LEADS.STATE.eq("pending")).and(OUTBOUND_LEADS.NEXT_ATTEMPT_AT_UTC.gt(Timestamps.format(now)))
                .fetchOne(0, String.class)).map(Timestamps::parse));
    }

    @Override
    public CompletableFuture<Boolean> recycle(long leadId, boolean reset) {
        return db.write("lead.recycle", dsl -> {
            OutboundLeadsRecord lead = dsl.selectFrom(OUTBOUND_LEADS).where(OUTBOUND_LEADS.ID.eq(leadId)).fetchOne();
            if (lead == null || LIVE.contains(lead.getState())) return false;
            if ("dnc".equals(lead.getState()) && dsl.fetchExists(DSL.selectOne().from(OUTBOUND_DNC)
                    .where(OUTBOUND_DNC.PHONE_NORMALIZED.eq(lead.getPhoneNormalized()))
                    .and(OUTBOUND_DNC.CAMPAIGN_ID.isNull().or(OUTBOUND_DNC.CAMPAIGN_ID.eq(lead.getCampaignId()))))) {
                return false;
            }
            if (reset) {
                dsl.deleteFrom(OUTBOUND_ATTEMPTS).where(OUTBOUND_ATTEMPTS.LEAD_ID.eq(leadId)).execute();
                lead.setAttemptCount(0);
                lead.setLastAttemptAtUtc(null);
            }
            lead.setState("pending");
            lead.setLastOutcome(null);
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
        return db.write("lead.ignore", dsl -> dsl.update(OUTBOUND_LEADS).set(OUTBOUND_LEADS.STATE, "canceled")
                .set(OUTBOUND_LEADS.LEASED_UNTIL_UTC, (String) null)
                .set(OUTBOUND_LEADS.UPDATED_AT_UTC, Timestamps.format(Instant.now()))
                .where(OUTBOUND_LEADS.ID.eq(leadId)).and(OUTBOUND_LEADS.STATE.notIn(LIVE)).execute() == 1);
    }

    @Override
    public CompletableFuture<Boolean> delete(long leadId) {
        return db.write("lead.delete", dsl -> dsl.deleteFrom(OUTBOUND_LEADS)
                .where(OUTBOUND_LEADS.ID.eq(leadId)).and(OUTBOUND_LEADS.STATE.notIn(LIVE)).execute() == 1);
    }

    @Override
    public CompletableFuture<Integer> cancelPending(long campaignId) {
        return db.write("lead.cancelPending", dsl -> dsl.update(OUTBOUND_LEADS).set(OUTBOUND_LEADS.STATE, "canceled")
                .set(OUTBOUND_LEADS.UPDATED_AT_UTC, Timestamps.format(Instant.now()))
                .where(OUTBOUND_LEADS.CAMPAIGN_ID.eq(campaignId)).and(OUTBOUND_LEADS.STATE.eq("pending")).execute());
    }

    @Override
    public CompletableFuture<Void> scheduleAt(long leadId, Instant at) {
        return db.write("lead.scheduleAt", dsl -> {
            // A live lead keeps its state: closing its attempt turns a future next_attempt_at into 'pending'.
            dsl.update(OUTBOUND_LEADS).set(OUTBOUND_LEADS.NEXT_ATTEMPT_AT_UTC, Timestamps.format(at))
                    .set(OUTBOUND_LEADS.STATE, DSL.when(OUTBOUND_LEADS.STATE.in("completed", "failed", "canceled"), "pending")
                            .otherwise(OUTBOUND_LEADS.STATE))
                    .set(OUTBOUND_LEADS.UPDATED_AT_UTC, Timestamps.format(Instant.now()))
                    .where(OUTBOUND_LEADS.ID.eq(leadId)).and(OUTBOUND_LEADS.STATE.ne("dnc")).execute();
            return null;
        });
    }

    @Override
    public CompletableFuture<Integer> markDnc(Long campaignId, String phoneNormalized, String reason) {
        return db.write("lead.markDnc", dsl -> markDncNow(dsl, campaignId, phoneNormalized, reason));
    }

    static int markDncNow(DSLContext dsl, Long campaignId, String phoneNormalized, String reason) {
        Condition where = OUTBOUND_LEADS.PHONE_NORMALIZED.eq(phoneNormalized).and(OUTBOUND_LEADS.STATE.notIn(LIVE))
                .and(OUTBOUND_LEADS.STATE.ne("dnc"));
        if (campaignId != null) where = where.and(OUTBOUND_LEADS.CAMPAIGN_ID.eq(campaignId));
        return dsl.update(OUTBOUND_LEADS).set(OUTBOUND_LEADS.STATE, "dnc").set(OUTBOUND_LEADS.DNC_REASON, reason)
                .set(OUTBOUND_LEADS.UPDATED_AT_UTC, Timestamps.format(Instant.now())).where(where).execute();
    }
}
