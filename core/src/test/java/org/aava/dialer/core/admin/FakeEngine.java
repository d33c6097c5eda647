package org.aava.dialer.core.admin;

import org.aava.dialer.core.scheduler.DialingStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** A call engine the use case tests set up by hand: which calls are live, which sessions exist, and what was asked of it. */
final class FakeEngine implements LiveCallsView, AiCallControl, DialingControl {
    final Map<Long, Integer> liveByCampaign = new HashMap<>();
    final Set<Long> liveLeads = new HashSet<>();
    final Map<String, AiCallSession> sessions = new HashMap<>();
    final Map<Long, DialingStatus> statuses = new HashMap<>();
    final List<String> asked = new ArrayList<>();
    int invalidations;

    CallEngine engine() {
        return new CallEngine(this, this, this);
    }

    @Override
    public int count() {
        return liveByCampaign.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public int count(long campaignId) {
        return liveByCampaign.getOrDefault(campaignId, 0);
    }

    @Override
    public boolean hasLead(long leadId) {
        return liveLeads.contains(leadId);
    }

    @Override
    public Optional<AiCallSession> session(String key) {
        return Optional.ofNullable(sessions.get(key));
    }

    @Override
    public boolean hangupByAi(long attemptId) {
        asked.add("hangup " + attemptId);
        return true;
    }

    @Override
    public CompletableFuture<Boolean> transfer(long attemptId, String context, String extension) {
        asked.add("transfer " + attemptId + " " + context + " " + extension);
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public CompletableFuture<Boolean> optOut(long attemptId) {
        asked.add("optOut " + attemptId);
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public void invalidate() {
        invalidations++;
    }

    @Override
    public void resetBreaker(long campaignId) {
        asked.add("resetBreaker " + campaignId);
    }

    @Override
    public Optional<DialingStatus> status(long campaignId) {
        return Optional.ofNullable(statuses.get(campaignId));
    }
}
