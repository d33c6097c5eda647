package org.aava.dialer.store;

import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.CampaignStatus;
import org.aava.dialer.core.ports.CampaignRepository;
import org.aava.dialer.store.jooq.tables.records.OutboundCampaignsRecord;
import org.jooq.DSLContext;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.aava.dialer.store.jooq.Tables.OUTBOUND_CAMPAIGNS;

final class CampaignStore implements CampaignRepository {
    private final Db db;

    CampaignStore(Db db) {
        this.db = db;
    }

    @Override
    public CompletableFuture<Campaign> create(Campaign c) {
        return db.write("campaign.create", dsl -> {
            String now = Timestamps.format(Instant.now());
            OutboundCampaignsRecord r = dsl.newRecord(OUTBOUND_CAMPAIGNS);
            fill(r, c);
            r.setStatus(c.status().wire());
            r.setPausedReason(c.pausedReason());
            r.setCreatedAtUtc(now);
            r.setUpdatedAtUtc(now);
            r.store();
            return Rows.campaign(r);
        });
    }

    private static void fill(OutboundCampaignsRecord r, Campaign c) {
        r.setName(c.name());
        r.setTimezone(c.timezone().getId());
        r.setDailyWindowStartLocal(Rows.hhmm(c.windowStart()));
        r.setDailyWindowEndLocal(Rows.hhmm(c.windowEnd()));
        r.setDaysOfWeek(Rows.days(c.daysOfWeek()));
        r.setMaxConcurrent(c.maxConcurrent());
        r.setMinIntervalSeconds(c.minIntervalSeconds());
        r.setDefaultContext(c.defaultContext());
        r.setProviderOverride(c.providerOverride());
        r.setConsentEnabled(Rows.bit(c.consentEnabled()));
        r.setConsentMediaUri(c.consentMediaUri());
        r.setConsentTimeoutSeconds(c.consentTimeoutSeconds());
        r.setVoicemailDropEnabled(Rows.bit(c.voicemailEnabled()));
        r.setVoicemailDropMediaUri(c.voicemailMediaUri());
        r.setAmdOptionsJson(Rows.json(c.amdOptions().toMap()));
        r.setDialTimeoutSeconds(c.dialTimeoutSeconds());
        r.setRetryPolicyJson(Rows.retryJson(c.retryPolicy()));
        r.setRespectLeadTimezone(Rows.bit(c.respectLeadTimezone()));
        r.setLocalHoursEnabled(Rows.bit(c.localHours().enabled()));
        r.setLocalHoursEarliest(Rows.hhmm(c.localHours().earliest()));
        r.setLocalHoursLatest(Rows.hhmm(c.localHours().latest()));
        r.setMaxAttemptsPer_24h(c.maxAttemptsPer24h());
        r.setRunStartAtUtc(Timestamps.format(c.runStartAt()));
        r.setRunEndAtUtc(Timestamps.format(c.runEndAt()));
        r.setCallbackNumber(c.callbackNumber());
        r.setComplianceProfile(c.complianceProfile().wire());
        r.setOptOutDigit(c.optOutDigit());
        r.setRequireConsentRecord(Rows.bit(c.requireConsentRecord()));
        r.setCallerIdNumber(c.callerIdNumber());
        r.setDefaultRegion(c.defaultRegion());
    }

    @Override
    public CompletableFuture<Optional<Campaign>> find(long id) {
        return db.read("campaign.find", dsl -> dsl.selectFrom(OUTBOUND_CAMPAIGNS).where(OUTBOUND_CAMPAIGNS.ID.eq(id))
                .fetchOptional().map(Rows::campaign));
    }

    @Override
    public CompletableFuture<List<Campaign>> list(boolean includeArchived) {
        return db.read("campaign.list", dsl -> dsl.selectFrom(OUTBOUND_CAMPAIGNS)
                .where(includeArchived ? org.jooq.impl.DSL.noCondition()
                        : OUTBOUND_CAMPAIGNS.STATUS.ne(CampaignStatus.ARCHIVED.wire()))
                .orderBy(OUTBOUND_CAMPAIGNS.ID.desc()).fetch(Rows::campaign));
    }

    @Override
    public CompletableFuture<List<Campaign>> listRunning() {
        return db.read("campaign.listRunning", dsl -> dsl.selectFrom(OUTBOUND_CAMPAIGNS)
                .where(OUTBOUND_CAMPAIGNS.STATUS.eq(CampaignStatus.RUNNING.wire()))
                .orderBy(OUTBOUND_CAMPAIGNS.ID).fetch(Rows::campaign));
    }

    @Override
    public CompletableFuture<Campaign> update(Campaign c) {
        return db.write("campaign.update", dsl -> {
            OutboundCampaignsRecord r = dsl.selectFrom(OUTBOUND_CAMPAIGNS).where(OUTBOUND_CAMPAIGNS.ID.eq(c.id())).fetchOne();
            if (r == null) throw new IllegalArgumentException("campaign " + c.id() + " not found");
            fill(r, c);
            r.setUpdatedAtUtc(Timestamps.format(Instant.now()));
            r.store();
            return Rows.campaign(r);
        });
    }

    @Override
    public CompletableFuture<Void> setStatus(long id, CampaignStatus status, String reason) {
        return db.write("campaign.setStatus", dsl -> {
            dsl.update(OUTBOUND_CAMPAIGNS).set(OUTBOUND_CAMPAIGNS.STATUS, status.wire())
                    .set(OUTBOUND_CAMPAIGNS.PAUSED_REASON, reason)
                    .set(OUTBOUND_CAMPAIGNS.UPDATED_AT_UTC, Timestamps.format(Instant.now()))
                    .where(OUTBOUND_CAMPAIGNS.ID.eq(id)).execute();
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> delete(long id) {
        return db.write("campaign.delete", (DSLContext dsl) -> {
            dsl.deleteFrom(OUTBOUND_CAMPAIGNS).where(OUTBOUND_CAMPAIGNS.ID.eq(id)).execute();
            return null;
        });
    }
}
