package org.aava.dialer.core.calls;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The calls in flight, by attempt and by channel. The scheduler reads its counts every tick, so
 * they come from memory, never from the database.
 */
public final class LiveCalls {
    private final ConcurrentMap<Long, LiveCall> byAttempt = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LiveCall> byChannel = new ConcurrentHashMap<>();

    void add(LiveCall call) {
        byAttempt.put(call.attemptId, call);
        byChannel.put(call.channelId, call);
    }

    void remove(LiveCall call) {
        byAttempt.remove(call.attemptId, call);
        byChannel.remove(call.channelId, call);
    }

    public Optional<LiveCall> byAttempt(long attemptId) {
        return Optional.ofNullable(byAttempt.get(attemptId));
    }

    public Optional<LiveCall> byChannel(String channelId) {
        return channelId == null ? Optional.empty() : Optional.ofNullable(byChannel.get(channelId));
    }

    public int count() {
        return byAttempt.size();
    }

    public int count(long campaignId) {
        int n = 0;
        for (LiveCall c : byAttempt.values()) if (c.campaignId() == campaignId) n++;
        return n;
    }

    public boolean hasLead(long leadId) {
        for (LiveCall c : byAttempt.values()) if (c.leadId() == leadId) return true;
        return false;
    }

    public Collection<LiveCall> all() {
        return byAttempt.values();
    }
}
