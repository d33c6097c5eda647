package org.aava.dialer.store;

import org.aava.dialer.core.ports.DncRepository;
import org.aava.dialer.core.ports.Page;
import org.jooq.Condition;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.aava.dialer.store.jooq.Tables.OUTBOUND_DNC;
import static org.aava.dialer.store.jooq.Tables.OUTBOUND_LEADS;

final class DncStore implements DncRepository {
    private final Db db;

    DncStore(Db db) {
        this.db = db;
    }

    private static Condition scope(Long campaignId) {
        return campaignId == null ? OUTBOUND_DNC.CAMPAIGN_ID.isNull() : OUTBOUND_DNC.CAMPAIGN_ID.eq(campaignId);
    }

    @Override
    public CompletableFuture<Boolean> isBlocked(long campaignId, String phoneNormalized) {
        return db.read("dnc.isBlocked", dsl -> dsl.fetchExists(DSL.selectOne().from(OUTBOUND_DNC)
                .where(OUTBOUND_DNC.PHONE_NORMALIZED.eq(phoneNormalized))
                .and(OUTBOUND_DNC.CAMPAIGN_ID.isNull().or(OUTBOUND_DNC.CAMPAIGN_ID.eq(campaignId)))));
    }

    /** Adds the entry and, in the same transaction, marks every matching lead that is not in a call as {@code dnc}. */
    @Override
    public CompletableFuture<Boolean> add(String phoneNormalized, Long campaignId, String reason, String source) {
        return db.write("dnc.add", dsl -> {
            int inserted = dsl.insertInto(OUTBOUND_DNC).set(OUTBOUND_DNC.PHONE_NORMALIZED, phoneNormalized)
                    .set(OUTBOUND_DNC.CAMPAIGN_ID, campaignId).set(OUTBOUND_DNC.REASON, reason)
                    .set(OUTBOUND_DNC.SOURCE, source).set(OUTBOUND_DNC.CREATED_AT_UTC, Timestamps.format(Instant.now()))
                    .onConflictDoNothing().execute();
            LeadRules.markDncNow(dsl, campaignId, phoneNormalized, reason == null ? "do not call" : reason);
            return inserted == 1;
        });
    }

    @Override
    public CompletableFuture<Boolean> remove(String phoneNormalized, Long campaignId) {
        return db.write("dnc.remove", dsl -> dsl.deleteFrom(OUTBOUND_DNC)
                .where(OUTBOUND_DNC.PHONE_NORMALIZED.eq(phoneNormalized)).and(scope(campaignId)).execute() > 0);
    }

    @Override
    public CompletableFuture<Page<DncEntry>> page(Long campaignId, boolean allScopes, String search, int page, int pageSize) {
        return db.read("dnc.page", dsl -> {
            Condition where = allScopes ? DSL.noCondition() : scope(campaignId);
            if (search != null && !search.isBlank()) where = where.and(OUTBOUND_DNC.PHONE_NORMALIZED.contains(search.trim()));
            long total = dsl.selectCount().from(OUTBOUND_DNC).where(where).fetchOne(0, Long.class);
            List<DncEntry> items = dsl.selectFrom(OUTBOUND_DNC).where(where).orderBy(OUTBOUND_DNC.ID.desc())
                    .limit(pageSize).offset((long) (Math.max(1, page) - 1) * pageSize)
                    .fetch(r -> new DncEntry(r.getId(), r.getPhoneNormalized(), r.getCampaignId(), r.getReason(), r.getSource(),
                            Timestamps.parse(r.getCreatedAtUtc())));
            return new Page<>(items, total, Math.max(1, page), pageSize);
        });
    }

    @Override
    public CompletableFuture<Long> countBlockedPending(long campaignId) {
        // Driven by the DNC entries in scope (CROSS JOIN fixes the loop order in SQLite), each looked up in the
        // UNIQUE (campaign_id, phone_normalized) index; a number on both lists counts once.
        return db.read("dnc.countBlockedPending", dsl -> dsl.select(DSL.countDistinct(OUTBOUND_LEADS.ID))
                .from(OUTBOUND_DNC).crossJoin(OUTBOUND_LEADS)
                .where(OUTBOUND_DNC.CAMPAIGN_ID.isNull().or(OUTBOUND_DNC.CAMPAIGN_ID.eq(campaignId)))
                .and(OUTBOUND_LEADS.CAMPAIGN_ID.eq(campaignId))
                .and(OUTBOUND_LEADS.PHONE_NORMALIZED.eq(OUTBOUND_DNC.PHONE_NORMALIZED))
                .and(LeadRules.stateIs(org.aava.dialer.core.model.LeadState.PENDING))
                .fetchOne(0, Long.class));
    }
}
