package org.aava.dialer.core.testing;

import org.aava.dialer.core.ports.CallControl;
import org.aava.dialer.core.ports.CallControlException;
import org.aava.dialer.core.ports.CallEvents;
import org.aava.dialer.core.ports.OriginateRequest;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays Asterisk for call-flow and scheduler tests: records every request, keeps the set of live
 * channels, fails operations on demand, and lets the test drive events (answer, hop return,
 * playback end, destroy, reconnect) into the call flow. Every future it returns is already complete,
 * so with direct executors everything happens on the test's thread, in order.
 * <p>
 * Operation names for {@link #fail(String, CallControlException)} and {@link #failNext}:
 * {@code originate, continue, setVariables, play, hangup, move, audiosocket, follow, liveChannels}.
 */
public final class FakeCallControl implements CallControl {
    /** One originate as the PBX saw it, with the (fake) time it arrived. */
    public record Originated(OriginateRequest request, Instant at) {
        public long attemptId() {
            return Long.parseLong(request.appArgs().get(1));
        }

        public String channelId() {
            return request.channelId();
        }

        public long campaignId() {
            return Long.parseLong(request.variables().get("AAVA_CAMPAIGN_ID"));
        }

        public long leadId() {
            return Long.parseLong(request.variables().get("AAVA_LEAD_ID"));
        }
    }

    /**
     * One request of any kind, in arrival order.
     *
     * @param op        the operation name (see the class comment)
     * @param channelId the channel it concerns (null for listing channels)
     * @param args      its other arguments as strings (e.g. context, extension, priority for continue)
     * @param failed    whether the fake answered it with a failure
     */
    public record Request(String op, String channelId, List<String> args, Instant at, boolean failed) {
    }

    /** Successful originates (the calls Asterisk placed). */
    public final List<Originated> originates = new CopyOnWriteArrayList<>();
    /** Every originate request, failed ones included. */
    public final List<OriginateRequest> originateRequests = new CopyOnWriteArrayList<>();
    /** Every request, in order. */
    public final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Human-readable log of the non-originate requests, e.g. {@code "continue <ch> aava-outbound-amd,s,1"}. */
    public final List<String> commands = new CopyOnWriteArrayList<>();
    /** Channels that exist in the fake Asterisk now. */
    public final Set<String> live = ConcurrentHashMap.newKeySet();
    /** Channels waiting in our application, with their Stasis arguments (what {@link #liveChannels} reports). */
    public final Map<String, List<String>> waiting = new ConcurrentHashMap<>();
    /** The variables set on each channel (originate variables and setVariables), last value wins. */
    public final Map<String, Map<String, String>> variables = new ConcurrentHashMap<>();
    /** Playback id → channel of every play request. */
    public final Map<String, String> playbacks = new ConcurrentHashMap<>();
    /** Every originate fails with this when set (kept for older tests; see {@link #fail}). */
    public volatile CallControlException failOriginate;
    /** Every continueInDialplan fails with this when set (kept for older tests; see {@link #fail}). */
    public volatile CallControlException failContinue;
    /** Whether a hangup request destroys the channel at once (cause 16) and reports it; else the test destroys it. */
    public volatile boolean destroyOnHangup = true;

    private final Clock clock;
    private volatile CallEvents events;
    private volatile boolean connected = true;
    private final Map<String, CallControlException> failures = new ConcurrentHashMap<>();
    private final Map<String, Queue<CallControlException>> oneShot = new ConcurrentHashMap<>();

    public FakeCallControl(Clock clock) {
        this.clock = clock;
    }

    /** Where events go (normally the CallFlow). */
    public void events(CallEvents events) {
        this.events = events;
    }

    // ---------------------------------------------------------------- failures

    /** Every later {@code op} request fails with {@code error} (null clears). */
    public void fail(String op, CallControlException error) {
        if (error == null) failures.remove(op);
        else failures.put(op, error);
    }

    /** The next {@code op} request fails with {@code error}; queued one-shots are used in order. */
    public void failNext(String op, CallControlException error) {
        oneShot.computeIfAbsent(op, k -> new ConcurrentLinkedQueue<>()).add(error);
    }

    public void clearFailures() {
        failures.clear();
        oneShot.clear();
        failOriginate = null;
        failContinue = null;
    }

    private CallControlException failureFor(String op) {
        Queue<CallControlException> q = oneShot.get(op);
        CallControlException next = q == null ? null : q.poll();
        if (next != null) return next;
        if (op.equals("originate") && failOriginate != null) return failOriginate;
        if (op.equals("continue") && failContinue != null) return failContinue;
        return failures.get(op);
    }

    private <T> CompletableFuture<T> answer(String op, String channelId, List<String> args, String command, T value) {
        CallControlException failure = failureFor(op);
        requests.add(new Request(op, channelId, List.copyOf(args), clock.instant(), failure != null));
        if (command != null) commands.add(command);
        return failure != null ? CompletableFuture.failedFuture(failure) : CompletableFuture.completedFuture(value);
    }

    // ---------------------------------------------------------------- CallControl

    @Override
    public boolean connected() {
        return connected;
    }

    @Override
    public CompletableFuture<Void> originate(OriginateRequest request) {
        originateRequests.add(request);
        CompletableFuture<Void> result = answer("originate", request.channelId(),
                List.of(request.endpoint(), String.join(",", request.appArgs())), null, null);
        if (!result.isCompletedExceptionally()) {
            originates.add(new Originated(request, clock.instant()));
            live.add(request.channelId());
            variables.computeIfAbsent(request.channelId(), k -> new ConcurrentHashMap<>()).putAll(request.variables());
        }
        return result;
    }

    @Override
    public CompletableFuture<Void> continueInDialplan(String channelId, String context, String extension, int priority) {
        return answer("continue", channelId, List.of(context, extension, Integer.toString(priority)),
                "continue " + channelId + " " + context + "," + extension + "," + priority, null);
    }

    @Override
    public CompletableFuture<Void> setVariables(String channelId, Map<String, String> vars) {
        CompletableFuture<Void> result = answer("setVariables", channelId, vars.keySet().stream().sorted().toList(),
                "setVariables " + channelId + " " + vars.keySet(), null);
        if (!result.isCompletedExceptionally()) variables.computeIfAbsent(channelId, k -> new ConcurrentHashMap<>()).putAll(vars);
        return result;
    }

    @Override
    public CompletableFuture<Void> play(String channelId, String mediaUri, String playbackId) {
        CompletableFuture<Void> result = answer("play", channelId, List.of(String.valueOf(mediaUri), playbackId),
                "play " + channelId + " " + mediaUri + " " + playbackId, null);
        if (!result.isCompletedExceptionally()) playbacks.put(playbackId, channelId);
        return result;
    }

    @Override
    public CompletableFuture<Void> hangup(String channelId, String reason) {
        CompletableFuture<Void> result = answer("hangup", channelId, List.of(String.valueOf(reason)), "hangup " + channelId, null);
        if (!result.isCompletedExceptionally() && destroyOnHangup && live.remove(channelId) && events != null) {
            events.channelDestroyed(channelId, 16, "Normal Clearing");
        }
        return result;
    }

    @Override
    public CompletableFuture<Void> move(String channelId, String app, List<String> appArgs) {
        return answer("move", channelId, concat(app, appArgs), "move " + channelId + " " + app + " " + appArgs, null);
    }

    @Override
    public CompletableFuture<String> attachAudioSocket(String channelId, String host, int port, String sessionUuid) {
        return answer("audiosocket", channelId, List.of(host, Integer.toString(port), sessionUuid),
                "audiosocket " + channelId + " " + host + ":" + port + " " + sessionUuid, "bridge-" + channelId);
    }

    @Override
    public CompletableFuture<Void> follow(String channelId) {
        return answer("follow", channelId, List.of(), "follow " + channelId, null);
    }

    @Override
    public CompletableFuture<Map<String, LiveChannel>> liveChannels() {
        Map<String, LiveChannel> channels = new java.util.HashMap<>();
        for (String id : live) channels.put(id, waiting.containsKey(id) ? new LiveChannel(true, waiting.get(id)) : LiveChannel.RINGING);
        return answer("liveChannels", null, List.of(), null, channels);
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> out = new ArrayList<>();
        out.add(first);
        out.addAll(rest);
        return out;
    }

    // ---------------------------------------------------------------- queries

    /** Requests of one operation, in order. */
    public List<Request> requests(String op) {
        return requests.stream().filter(r -> r.op().equals(op)).toList();
    }

    /** Requests of one operation on one channel, in order. */
    public List<Request> requests(String op, String channelId) {
        return requests.stream().filter(r -> r.op().equals(op) && channelId.equals(r.channelId())).toList();
    }

    /** The originate of an attempt. */
    public Optional<Originated> originated(long attemptId) {
        return originates.stream().filter(o -> o.attemptId() == attemptId).findFirst();
    }

    public Originated lastOriginated() {
        if (originates.isEmpty()) throw new AssertionError("nothing was originated");
        return originates.get(originates.size() - 1);
    }

    /** Live channels of one campaign (by the AAVA_CAMPAIGN_ID originate variable). */
    public int liveCount(long campaignId) {
        int n = 0;
        for (Originated o : originates) if (live.contains(o.channelId()) && o.campaignId() == campaignId) n++;
        return n;
    }

    /** The playback id of the last play request on a channel. */
    public Optional<String> playbackOn(String channelId) {
        List<Request> plays = requests("play", channelId);
        return plays.isEmpty() ? Optional.empty() : Optional.of(plays.get(plays.size() - 1).args().get(1));
    }

    // ---------------------------------------------------------------- the test plays Asterisk

    /** The callee answered: StasisStart {@code outbound,<attemptId>}. */
    public void answer(Originated o) {
        events.stasisStart(o.channelId(), List.of("outbound", Long.toString(o.attemptId())));
    }

    /** The callee answered while the event connection was down: the channel waits in our app, no event arrives. */
    public void answerUnseen(Originated o) {
        waiting.put(o.channelId(), List.of("outbound", Long.toString(o.attemptId())));
    }

    /** The AMD hop returned while the event connection was down: the channel waits in our app with the hop's result. */
    public void hopReturnsUnseen(Originated o, String status, String cause, String dtmf, String consent) {
        waiting.put(o.channelId(), List.of("outbound_amd", Long.toString(o.attemptId()), status, cause, dtmf, consent));
    }

    /** The callee answered the channel with this id. */
    public void answer(String channelId) {
        answer(originates.stream().filter(o -> o.channelId().equals(channelId)).findFirst()
                .orElseThrow(() -> new AssertionError("no originate for channel " + channelId)));
    }

    /** The AMD hop returns: StasisStart {@code outbound_amd,<id>,<status>,<cause>,<dtmf>,<consent>}. */
    public void hopReturns(Originated o, String status, String cause, String dtmf, String consent) {
        events.stasisStart(o.channelId(), List.of("outbound_amd", Long.toString(o.attemptId()), status, cause, dtmf, consent));
    }

    /** A StasisStart with arbitrary arguments. */
    public void stasisStart(String channelId, List<String> args) {
        events.stasisStart(channelId, args);
    }

    public void stasisEnd(String channelId) {
        events.stasisEnd(channelId);
    }

    public void dialStatus(String channelId, String status) {
        events.dialStatus(channelId, status);
    }

    /** The playback finished (reports {@code PlaybackFinished} for it). */
    public void finishPlayback(String playbackId) {
        events.playbackFinished(playbackId);
    }

    /** The far end ends the call (or it fails before answer) with this Q.850 cause; nothing if the channel is gone. */
    public void destroy(Originated o, int cause) {
        destroy(o.channelId(), cause);
    }

    public void destroy(String channelId, int cause) {
        if (live.remove(channelId)) events.channelDestroyed(channelId, cause, "cause " + cause);
    }

    /** A SIP trunk's far end answers the INVITE with this final response; Asterisk maps it to {@code cause}. */
    public void destroySip(Originated o, int cause, int sipCode) {
        if (live.remove(o.channelId())) events.channelDestroyed(o.channelId(), cause, "cause " + cause, sipCode);
    }

    /** Reports ChannelDestroyed whether or not the channel is live (duplicate events, late events). */
    public void fireDestroyed(String channelId, int cause, String causeText) {
        live.remove(channelId);
        events.channelDestroyed(channelId, cause, causeText);
    }

    /** The control connection drops (nothing is reported to the flow but the state). */
    public void disconnect() {
        connected = false;
        if (events != null) events.connectionChanged(false);
    }

    /** The control connection is back: reports it, which makes the flow reconcile. */
    public void reconnect() {
        connected = true;
        if (events != null) events.connectionChanged(true);
    }

    /** Asterisk restarts: every channel vanishes without events, then the connection comes back. */
    public void restartAsterisk() {
        disconnect();
        live.clear();
        reconnect();
    }
}
