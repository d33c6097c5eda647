package org.aava.dialer.store;

import org.aava.dialer.core.ports.CallHistoryRepository;
import org.aava.dialer.store.jooq.tables.records.CallHistoryRecord;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.aava.dialer.store.jooq.Tables.CALL_HISTORY;
import static org.aava.dialer.store.jooq.Tables.OUTBOUND_ATTEMPTS;

final class CallHistoryStore implements CallHistoryRepository {
    private static final int MAX_TRANSCRIPT = 1_000_000;
    private final Db db;

    CallHistoryStore(Db db) {
        this.db = db;
    }

    private static CallRecord map(CallHistoryRecord r) {
        return new CallRecord(r.getId(), r.getAttemptId(), r.getCampaignId(), r.getLeadId(), r.getPhoneNumber(), r.getContext(),
                r.getProvider(), Timestamps.parse(r.getStartedAtUtc()), Timestamps.parse(r.getEndedAtUtc()), r.getOutcome(),
                r.getTranscript());
    }

    @Override
    public CompletableFuture<CallRecord> create(long attemptId, long campaignId, long leadId, String phoneNumber, String context,
                                                String provider, Instant startedAt) {
        return db.write("history.create", dsl -> create(dsl, attemptId, campaignId, leadId, phoneNumber, context, provider, startedAt));
    }

    static CallRecord create(org.jooq.DSLContext dsl, long attemptId, long campaignId, long leadId, String phoneNumber,
                             String context, String provider, Instant startedAt) {
        CallHistoryRecord r = dsl.newRecord(CALL_HISTORY);
        r.setAttemptId(attemptId);
        r.setCampaignId(campaignId);
        r.setLeadId(leadId);
        r.setPhoneNumber(phoneNumber);
        r.setContext(context);
        r.setProvider(provider);
        r.setStartedAtUtc(Timestamps.format(startedAt));
        // a call can end before its record is written: the record is then born finished, like its attempt
        var closed = dsl.select(OUTBOUND_ATTEMPTS.ENDED_AT_UTC, OUTBOUND_ATTEMPTS.OUTCOME).from(OUTBOUND_ATTEMPTS)
                .where(OUTBOUND_ATTEMPTS.ID.eq(attemptId)).and(OUTBOUND_ATTEMPTS.ENDED_AT_UTC.isNotNull()).fetchOptional();
        closed.ifPresent(a -> {
            r.setEndedAtUtc(a.value1());
            r.setOutcome(a.value2());
        });
        r.store();
        dsl.update(OUTBOUND_ATTEMPTS).set(OUTBOUND_ATTEMPTS.CALL_HISTORY_ID, r.getId())
                .where(OUTBOUND_ATTEMPTS.ID.eq(attemptId)).execute();
        return map(r);
    }

    @Override
    public CompletableFuture<Void> appendTranscript(long id, String text) {
        return db.write("history.appendTranscript", dsl -> {
            String current = dsl.select(CALL_HISTORY.TRANSCRIPT).from(CALL_HISTORY).where(CALL_HISTORY.ID.eq(id))
                    .fetchOne(CALL_HISTORY.TRANSCRIPT);
            String next = current == null || current.isEmpty() ? text : current + "\n" + text;
            if (next.length() > MAX_TRANSCRIPT) throw new IllegalArgumentException("transcript longer than " + MAX_TRANSCRIPT + " characters");
            dsl.update(CALL_HISTORY).set(CALL_HISTORY.TRANSCRIPT, DSL.val(next)).where(CALL_HISTORY.ID.eq(id)).execute();
            return null;
        });
    }

    @Override
    public CompletableFuture<Optional<CallRecord>> find(long id) {
        return db.read("history.find", dsl -> dsl.selectFrom(CALL_HISTORY).where(CALL_HISTORY.ID.eq(id)).fetchOptional()
                .map(CallHistoryStore::map));
    }
}
