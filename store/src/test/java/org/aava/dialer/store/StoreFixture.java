package org.aava.dialer.store;

import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.CampaignStatus;
import org.aava.dialer.core.model.HopResult;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.ports.AttemptTransition;
import org.aava.dialer.core.ports.CallHistoryRepository.CallRecord;
import org.aava.dialer.core.ports.RecentStarts;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small helpers shared by the store tests. */
final class StoreFixture {
    private StoreFixture() {
    }

    static Campaign runningCampaign(Store store, String name) {
        Campaign c = store.campaigns().create(Campaign.builder(name).build()).join();
        store.campaigns().setStatus(c.id(), CampaignStatus.RUNNING, null).join();
        return store.campaigns().find(c.id()).join().orElseThrow();
    }

    static List<Lead> leads(long campaignId, int from, int count) {
        List<Lead> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            String n = "+1555" + String.format("%07d", i);
            out.add(Lead.newPending(campaignId, n, n, "Lead " + i, "{\"i\":" + i + "}", null, null, null));
        }
        return out;
    }

    static Attempt open(Store store, Lead lead, Instant now) {
        return store.attempts().open(Attempt.opening(lead.campaignId(), lead.id(), lead.phoneNormalized(), now, false,
                "chan-" + lead.id(), "default", "test")).join();
    }

    /** Dials a leased lead as the call path does: {@code leased → dialing} and its attempt opened, in one transaction. */
    static Attempt dial(Store store, Lead lead, Instant now, Instant leaseUntil) {
        return tryDial(store, lead, now, leaseUntil).orElseThrow(() -> new AssertionError("lead " + lead.id() + " is not leased"));
    }

    /** As {@link #dial}; empty (and nothing written) when the lead is not leased. */
    static Optional<Attempt> tryDial(Store store, Lead lead, Instant now, Instant leaseUntil) {
        return store.journal().apply(new AttemptTransition.Open(Attempt.opening(lead.campaignId(), lead.id(), lead.phoneNormalized(),
                now, false, "chan-" + lead.id(), "default", "test"), leaseUntil)).join();
    }

    /** The callee answered: the attempt's answer time and channel, the lead {@code amd_pending}. */
    static void answer(Store store, Attempt a, String channelId, Instant at) {
        store.journal().apply(new AttemptTransition.Answer(a.id(), a.leadId(), channelId, at)).join();
    }

    static void hop(Store store, HopResult hop, Instant at) {
        store.journal().apply(new AttemptTransition.RecordHop(hop, at)).join();
    }

    /** The AI took the call: the attempt's context, provider and prompt, the lead {@code in_progress}, the call record. */
    static CallRecord attach(Store store, Attempt a, String context, String provider, String prompt, Instant at) {
        return store.journal().apply(new AttemptTransition.Attach(a.id(), a.campaignId(), a.leadId(), a.phoneNumber(), context,
                provider, prompt, at)).join();
    }

    /** The lead's own attempt starts within the 24 h before {@code now}, as the daily cap counts them. */
    static int ownStarts(Store store, Lead lead, Instant now) {
        return store.leads().recentStarts(lead.campaignId(), now).join().getOrDefault(lead.id(), RecentStarts.NONE).lead().size();
    }

    /** A fresh store of the database this run tests (see {@link TestDatabases}). */
    static Store open(Path dir) {
        return TestDatabases.open(dir, StoreOptions.defaults());
    }
}
