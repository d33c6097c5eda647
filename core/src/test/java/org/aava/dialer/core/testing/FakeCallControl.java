package org.aava.dialer.core.testing;

import org.aava.dialer.core.ports.CallControl;
import org.aava.dialer.core.ports.CallControlException;
import org.aava.dialer.core.ports.CallEvents;
import org.aava.dialer.core.ports.OriginateRequest;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays Asterisk for call-flow and scheduler tests: records every request, keeps the set of live
 * channels, and lets the test drive events (answer, hop return, destroy) into the call flow.
 */
public final class FakeCallControl implements CallControl {
    /** One originate as the PBX saw it, with the (fake) time it arrived. */
    public record Originated(OriginateRequest request, Instant at) {
        public long attemptId() {
            return Long.parseLong(request.appArgs().get(1));
        }
    }

    public final List<Originated> originates = new CopyOnWriteArrayList<>();
    public final List<String> commands = new CopyOnWriteArrayList<>();
    public final Set<String> live = ConcurrentHashMap.newKeySet();
    public final Map<String, Map<String, String>> variables = new ConcurrentHashMap<>();
    private final Clock clock;
    private CallEvents events;
    public volatile CallControlException failOriginate;
    public volatile CallControlException failContinue;

    public FakeCallControl(Clock clock) {
        this.clock = clock;
    }

    public void events(CallEvents events) {
        this.events = events;
    }

    @Override
    public boolean connected() {
        return true;
    }

    @Override
    public CompletableFuture<Void> originate(OriginateRequest request) {
        if (failOriginate != null) return CompletableFuture.failedFuture(failOriginate);
        originates.add(new Originated(request, clock.instant()));
        live.add(request.channelId());
        variables.computeIfAbsent(request.channelId(), k -> new ConcurrentHashMap<>()).putAll(request.variables());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> continueInDialplan(String channelId, String context, String extension, int priority) {
        commands.add("continue " + channelId + " " + context + "," + extension + "," + priority);
        if (failContinue != null) return CompletableFuture.failedFuture(failContinue);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> setVariables(String channelId, Map<String, String> vars) {
        variables.computeIfAbsent(channelId, k -> new ConcurrentHashMap<>()).putAll(vars);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> play(String channelId, String mediaUri, String playbackId) {
        commands.add("play " + channelId + " " + mediaUri + " " + playbackId);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> hangup(String channelId, String reason) {
        commands.add("hangup " + channelId);
        if (live.remove(channelId) && events != null) events.channelDestroyed(channelId, 16, "Normal Clearing");
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> move(String channelId, String app, List<String> appArgs) {
        commands.add("move " + channelId + " " + app + " " + appArgs);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<String> attachAudioSocket(String channelId, String host, int port, String sessionUuid) {
        commands.add("audiosocket " + channelId + " " + host + ":" + port + " " + sessionUuid);
        return CompletableFuture.completedFuture("bridge-" + channelId);
    }

    @Override
    public CompletableFuture<Void> follow(String channelId) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Set<String>> liveChannelIds() {
        return CompletableFuture.completedFuture(Set.copyOf(live));
    }

    // ---------------------------------------------------------------- the test plays Asterisk

    public void answer(Originated o) {
        events.stasisStart(o.request().channelId(), List.of("outbound", Long.toString(o.attemptId())));
    }

    public void hopReturns(Originated o, String status, String cause, String dtmf, String consent) {
        events.stasisStart(o.request().channelId(), List.of("outbound_amd", Long.toString(o.attemptId()), status, cause, dtmf, consent));
    }

    /** The far end ends the call (or it fails before answer) with this Q.850 cause. */
    public void destroy(Originated o, int cause) {
        if (live.remove(o.request().channelId())) events.channelDestroyed(o.request().channelId(), cause, "cause " + cause);
    }
}
