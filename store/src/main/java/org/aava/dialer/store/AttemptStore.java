package org.aava.dialer.store;

import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.AttemptClose;
import org.aava.dialer.core.model.ConsentResult;
import org.aava.dialer.core.model.HopResult;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.model.Placement;
import org.aava.dialer.core.ports.AttemptQuery;
import org.aava.dialer.core.ports.AttemptRepository;
import org.aava.dialer.core.ports.AttemptView;
import org.aava.dialer.core.ports.Page;
import org.aava.dialer.store.jooq.tables.records.OutboundAttemptsRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import static org.aava.dialer.store.jooq.Tables.CALL_HISTORY;
import static org.aava.dialer.store.jooq.Tables.OUTBOUND_ATTEMPTS;
import static org.aava.dialer.store.jooq.Tables.OUTBOUND_LEADS;

final class AttemptStore implements AttemptRepository {
    private final Db db;

    AttemptStore(Db db) {
        this.db = db;
    }

    @Override
    public CompletableFuture<Attempt> open(Attempt a) {
        return db.write("attempt.open", dsl -> insert(dsl, a));
    }

    static Attempt insert(DSLContext dsl, Attempt a) {
        OutboundAttemptsRecord r = dsl.newRecord(OUTBOUND_ATTEMPTS);
        r.setCampaignId(a.campaignId());
        r.setLeadId(a.leadId());
        r.setPhoneNumber(a.phoneNumber());
        r.setStartedAtUtc(Timestamps.format(a.startedAt()));
        r.setConsentEnabled(Rows.bit(a.consentEnabled()));
        r.setAriChannelId(a.channelId());
        r.setContext(a.context());
        r.setProvider(a.provider());
        r.setAiSessionKey(a.aiSessionKey() == null ? null : a.aiSessionKey().value());
        if (a.placement() != null) {
            r.setNodeId(a.placement().nodeId());
            r.setAsteriskServer(a.placement().asteriskServer());
        }
        r.store();
        return Rows.attempt(r);
    }

    static void markAnswered(DSLContext dsl, long attemptId, String channelId, Instant at) {
        dsl.update(OUTBOUND_ATTEMPTS).set(OUTBOUND_ATTEMPTS.ANSWERED_AT_UTC, Timestamps.format(at))
                .set(OUTBOUND_ATTEMPTS.ARI_CHANNEL_ID, channelId)
                .where(OUTBOUND_ATTEMPTS.ID.eq(attemptId)).and(OUTBOUND_ATTEMPTS.ENDED_AT_UTC.isNull()).execute();
    }

    static void recordHop(DSLContext dsl, HopResult hop, Instant at) {
        String dtmf = hop.dtmf().isEmpty() ? null : hop.dtmf();
        String consent = hop.consent().wire();
        dsl.update(OUTBOUND_ATTEMPTS)
                .set(OUTBOUND_ATTEMPTS.AMD_STATUS, DSL.coalesce(OUTBOUND_ATTEMPTS.AMD_STATUS, DSL.val(blankToNull(hop.amdStatus()))))
                .set(OUTBOUND_ATTEMPTS.AMD_CAUSE, DSL.coalesce(OUTBOUND_ATTEMPTS.AMD_CAUSE, DSL.val(blankToNull(hop.amdCause()))))
                .set(OUTBOUND_ATTEMPTS.CONSENT_DTMF, DSL.coalesce(OUTBOUND_ATTEMPTS.CONSENT_DTMF, DSL.val(dtmf)))
                .set(OUTBOUND_ATTEMPTS.CONSENT_RESULT, DSL.coalesce(OUTBOUND_ATTEMPTS.CONSENT_RESULT, DSL.val(consent)))
                // the time of the consent result that is kept (SET expressions read the old row)
                .set(OUTBOUND_ATTEMPTS.CONSENT_AT_UTC, DSL.coalesce(OUTBOUND_ATTEMPTS.CONSENT_AT_UTC,
                        DSL.when(DSL.coalesce(OUTBOUND_ATTEMPTS.CONSENT_RESULT, DSL.val(consent))
                                .ne(DSL.inline(ConsentResult.SKIPPED.wire())), DSL.val(Timestamps.format(at)))))
                .where(OUTBOUND_ATTEMPTS.ID.eq(hop.attemptId())).and(OUTBOUND_ATTEMPTS.ENDED_AT_UTC.isNull()).execute();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static void recordAttach(DSLContext dsl, long attemptId, String context, String provider, String effectivePrompt) {
        dsl.update(OUTBOUND_ATTEMPTS).set(OUTBOUND_ATTEMPTS.CONTEXT, context).set(OUTBOUND_ATTEMPTS.PROVIDER, provider)
                .set(OUTBOUND_ATTEMPTS.EFFECTIVE_PROMPT, effectivePrompt)
                .where(OUTBOUND_ATTEMPTS.ID.eq(attemptId)).and(OUTBOUND_ATTEMPTS.ENDED_AT_UTC.isNull()).execute();
    }

    /**
     * One transaction: the attempt is closed only if still open, and its call record (if any) is finished with
     * it; then its lead moves to
     * {@code close.leadState()} only if the lead is still live, so a lead an operator took out of the
     * queue meanwhile is not resurrected. A callback scheduled on the live lead during the call (a future
     * {@code next_attempt_at}, see {@code LeadStore.scheduleAt}) wins over a closed state: the lead goes back
     * to pending for that time (except for DNC).
     */
    @Override
    public CompletableFuture<Boolean> close(long attemptId, AttemptClose close) {
        return db.write("attempt.close", dsl -> close(dsl, attemptId, close));
    }

    static boolean close(DSLContext dsl, long attemptId, AttemptClose close) {
        String ended = Timestamps.format(close.endedAt());
        Long leadId = dsl.update(OUTBOUND_ATTEMPTS).set(OUTBOUND_ATTEMPTS.ENDED_AT_UTC, ended)
                .set(OUTBOUND_ATTEMPTS.OUTCOME, close.outcome().wire())
                .set(OUTBOUND_ATTEMPTS.HANGUP_CAUSE, close.hangupCause())
                .set(OUTBOUND_ATTEMPTS.HANGUP_CAUSE_TEXT, close.hangupCauseText())
                .set(OUTBOUND_ATTEMPTS.SIP_CODE, close.sipCode())
                .set(OUTBOUND_ATTEMPTS.ERROR_MESSAGE, DSL.coalesce(DSL.val(close.errorMessage()), OUTBOUND_ATTEMPTS.ERROR_MESSAGE))
                .where(OUTBOUND_ATTEMPTS.ID.eq(attemptId)).and(OUTBOUND_ATTEMPTS.ENDED_AT_UTC.isNull())
                .returning(OUTBOUND_ATTEMPTS.LEAD_ID).fetchOptional(OUTBOUND_ATTEMPTS.LEAD_ID).orElse(null);
        if (leadId == null) return false;
        dsl.update(CALL_HISTORY).set(CALL_HISTORY.ENDED_AT_UTC, ended).set(CALL_HISTORY.OUTCOME, close.outcome().wire())
                .where(CALL_HISTORY.ATTEMPT_ID.eq(attemptId)).and(CALL_HISTORY.ENDED_AT_UTC.isNull()).execute();
        String state = close.leadState().wire();
        String next = Timestamps.format(close.nextAttemptAt());
        var callbackPending = OUTBOUND_LEADS.NEXT_ATTEMPT_AT_UTC.isNotNull().and(OUTBOUND_LEADS.NEXT_ATTEMPT_AT_UTC.gt(ended));
        boolean honourCallback = next == null && close.leadState() != LeadState.DNC;
        var update = dsl.update(OUTBOUND_LEADS)
                .set(OUTBOUND_LEADS.STATE, honourCallback
                        ? DSL.when(callbackPending, DSL.val(LeadState.PENDING.wire())).otherwise(DSL.val(state))
                        : DSL.val(state))
                .set(OUTBOUND_LEADS.NEXT_ATTEMPT_AT_UTC, honourCallback
                        ? DSL.when(callbackPending, OUTBOUND_LEADS.NEXT_ATTEMPT_AT_UTC).otherwise(DSL.inline((String) null))
                        : DSL.val(next))
                .set(OUTBOUND_LEADS.LAST_OUTCOME, close.outcome().wire())
                .set(OUTBOUND_LEADS.LEASED_UNTIL_UTC, (String) null)
                .set(OUTBOUND_LEADS.UPDATED_AT_UTC, ended);
        if (close.leadState() == LeadState.DNC) {
            update = update.set(OUTBOUND_LEADS.DNC_REASON, close.errorMessage() != null ? close.errorMessage()
                    : "do not call (" + close.outcome().wire() + ")");
        }
        update.where(OUTBOUND_LEADS.ID.eq(leadId)).and(LeadRules.stateIn(LeadState.LIVE)).execute();
        return true;
    }

    @Override
    public CompletableFuture<Optional<Attempt>> find(long attemptId) {
        return db.read("attempt.find", dsl -> dsl.selectFrom(OUTBOUND_ATTEMPTS).where(OUTBOUND_ATTEMPTS.ID.eq(attemptId))
                .fetchOptional().map(Rows::attempt));
    }

    @Override
    public CompletableFuture<List<Attempt>> listOpen() {
        return db.read("attempt.listOpen", dsl -> dsl.selectFrom(OUTBOUND_ATTEMPTS)
                .where(OUTBOUND_ATTEMPTS.ENDED_AT_UTC.isNull()).orderBy(OUTBOUND_ATTEMPTS.ID).fetch(Rows::attempt));
    }

    private static AttemptView view(Record r) {
        return new AttemptView(Rows.attempt(r.into(OUTBOUND_ATTEMPTS)), r.get(OUTBOUND_LEADS.NAME), r.get(OUTBOUND_LEADS.PHONE_NUMBER));
    }

    @Override
    public CompletableFuture<Page<AttemptView>> page(AttemptQuery q) {
        return db.read("attempt.page", dsl -> {
            Condition where = OUTBOUND_ATTEMPTS.CAMPAIGN_ID.eq(q.campaignId());
            if (q.outcome() != null) where = where.and(OUTBOUND_ATTEMPTS.OUTCOME.eq(q.outcome().wire()));
            long total = dsl.selectCount().from(OUTBOUND_ATTEMPTS).where(where).fetchOne(0, Long.class);
            List<AttemptView> items = dsl.select(OUTBOUND_ATTEMPTS.fields()).select(OUTBOUND_LEADS.NAME, OUTBOUND_LEADS.PHONE_NUMBER)
                    .from(OUTBOUND_ATTEMPTS).leftJoin(OUTBOUND_LEADS).on(OUTBOUND_LEADS.ID.eq(OUTBOUND_ATTEMPTS.LEAD_ID))
                    .where(where).orderBy(OUTBOUND_ATTEMPTS.ID.desc())
                    .limit(q.pageSize()).offset((long) (q.page() - 1) * q.pageSize()).fetch(AttemptStore::view);
            return new Page<>(items, total, q.page(), q.pageSize());
        });
    }

    @Override
    public CompletableFuture<List<AttemptView>> listForLead(long leadId) {
        return db.read("attempt.listForLead", dsl -> dsl.select(OUTBOUND_ATTEMPTS.fields()).select(OUTBOUND_LEADS.NAME, OUTBOUND_LEADS.PHONE_NUMBER)
                .from(OUTBOUND_ATTEMPTS).leftJoin(OUTBOUND_LEADS).on(OUTBOUND_LEADS.ID.eq(OUTBOUND_ATTEMPTS.LEAD_ID))
                .where(OUTBOUND_ATTEMPTS.LEAD_ID.eq(leadId)).orderBy(OUTBOUND_ATTEMPTS.ID.desc())
                .limit(LEAD_HISTORY_LIMIT).fetch(AttemptStore::view));
    }

    @Override
    public CompletableFuture<Void> forEach(long campaignId, Consumer<AttemptView> consumer) {
        return db.read("attempt.forEach", dsl -> {
            long after = 0;
            while (true) {
                List<AttemptView> batch = dsl.select(OUTBOUND_ATTEMPTS.fields()).select(OUTBOUND_LEADS.NAME, OUTBOUND_LEADS.PHONE_NUMBER)
                        .from(OUTBOUND_ATTEMPTS).leftJoin(OUTBOUND_LEADS).on(OUTBOUND_LEADS.ID.eq(OUTBOUND_ATTEMPTS.LEAD_ID))
                        .where(OUTBOUND_ATTEMPTS.CAMPAIGN_ID.eq(campaignId)).and(OUTBOUND_ATTEMPTS.ID.gt(after))
                        .orderBy(OUTBOUND_ATTEMPTS.ID).limit(1000).fetch(AttemptStore::view);
                if (batch.isEmpty()) return null;
                batch.forEach(consumer);
                after = batch.get(batch.size() - 1).attempt().id();
            }
        });
    }

    @Override
    public CompletableFuture<Map<String, Long>> countOutcomes(long campaignId) {
        return db.read("attempt.countOutcomes", dsl -> {
            Map<String, Long> out = new LinkedHashMap<>();
            dsl.select(OUTBOUND_ATTEMPTS.OUTCOME, DSL.count()).from(OUTBOUND_ATTEMPTS)
                    .where(OUTBOUND_ATTEMPTS.CAMPAIGN_ID.eq(campaignId)).and(OUTBOUND_ATTEMPTS.OUTCOME.isNotNull())
                    .groupBy(OUTBOUND_ATTEMPTS.OUTCOME).orderBy(OUTBOUND_ATTEMPTS.OUTCOME)
                    .forEach(r -> out.put(r.value1(), r.value2().longValue()));
            return out;
        });
    }

    /** Open attempts are few and idx_attempts_open holds exactly them, so this reads no closed attempt. */
    @Override
    public CompletableFuture<Map<Placement, Long>> countOpenByPlacement() {
        return db.read("attempt.countOpenByPlacement", dsl -> {
            Map<Placement, Long> out = new LinkedHashMap<>();
            dsl.select(OUTBOUND_ATTEMPTS.NODE_ID, OUTBOUND_ATTEMPTS.ASTERISK_SERVER, DSL.count()).from(OUTBOUND_ATTEMPTS)
                    .where(OUTBOUND_ATTEMPTS.ENDED_AT_UTC.isNull()).and(OUTBOUND_ATTEMPTS.NODE_ID.isNotNull())
                    .and(OUTBOUND_ATTEMPTS.ASTERISK_SERVER.isNotNull())
                    .groupBy(OUTBOUND_ATTEMPTS.NODE_ID, OUTBOUND_ATTEMPTS.ASTERISK_SERVER)
                    .forEach(r -> out.put(new Placement(r.value1(), r.value2()), r.value3().longValue()));
            return out;
        });
    }

    @Override
    public CompletableFuture<Void> setDisposition(long attemptId, String label, String notes) {
        return db.write("attempt.setDisposition", dsl -> {
            dsl.update(OUTBOUND_ATTEMPTS).set(OUTBOUND_ATTEMPTS.DISPOSITION, label).set(OUTBOUND_ATTEMPTS.DISPOSITION_NOTES, notes)
                    .where(OUTBOUND_ATTEMPTS.ID.eq(attemptId)).execute();
            return null;
        });
    }
}
