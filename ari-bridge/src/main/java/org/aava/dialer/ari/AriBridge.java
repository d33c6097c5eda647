package org.aava.dialer.ari;

import ch.loway.oss.ari4java.ARI;
import ch.loway.oss.ari4java.AriVersion;
import ch.loway.oss.ari4java.generated.models.ChannelDestroyed;
import ch.loway.oss.ari4java.generated.models.Dial;
import ch.loway.oss.ari4java.generated.models.Event;
import ch.loway.oss.ari4java.generated.models.Message;
import ch.loway.oss.ari4java.generated.models.PlaybackFinished;
import ch.loway.oss.ari4java.generated.models.StasisEnd;
import ch.loway.oss.ari4java.generated.models.StasisStart;
import ch.loway.oss.ari4java.tools.ARIException;
import ch.loway.oss.ari4java.tools.AriConnectionEvent;
import ch.loway.oss.ari4java.tools.AriWSCallback;
import ch.loway.oss.ari4java.tools.RestException;
import ch.loway.oss.ari4java.tools.http.NettyHttpClient;
import org.aava.dialer.core.ports.CallControl;
import org.aava.dialer.core.ports.CallControlException;
import org.aava.dialer.core.ports.CallEvents;
import org.aava.dialer.core.ports.OriginateRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link CallControl} over ARI (ari4java on Netty), and the event pump that turns ARI events into
 * {@link CallEvents}. A supervisor thread owns the connection: it connects in the background (the
 * server starts without Asterisk), reconnects with exponential backoff after a drop or an Asterisk
 * restart, and always destroys the Netty client it created so no non-daemon thread outlives it.
 * Nothing here blocks a Netty thread: requests use ari4java's async callbacks.
 */
public final class AriBridge implements CallControl, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AriBridge.class);

    private final AriSettings settings;
    private final CallEvents events;
    private final AriMetrics metrics;
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ari-supervisor");
        t.setDaemon(true);
        return t;
    });
    /** Per call kept in our app with an AudioSocket bridge: what to tear down when it ends. */
    private final Map<String, AudioSocketLeg> audioSockets = new ConcurrentHashMap<>();
    /** AudioSocket channels created but not yet in our app, by channel id. */
    private final Map<String, CompletableFuture<Void>> externalStarts = new ConcurrentHashMap<>();
    private final AtomicLong reconnects = new AtomicLong();
    private final AriRest restClient;

    private volatile ARI ari;
    private volatile NettyHttpClient client;
    private volatile boolean connected;
    private volatile boolean closed;
    private volatile long generation;
    private long backoffMs;

    private record AudioSocketLeg(String callChannelId, String externalChannelId, String bridgeId) {
    }

    public AriBridge(AriSettings settings, CallEvents events, AriMetrics metrics) {
        this.settings = settings;
        this.events = events;
        this.metrics = metrics == null ? AriMetrics.NONE : metrics;
        this.backoffMs = settings.backoffMin().toMillis();
        this.restClient = new AriRest(settings);
        // We supervise reconnection ourselves (with backoff and a fresh client each time).
        NettyHttpClient.setAutoReconnect(false);
        AriEventDecoding.ensureInstalled();
    }

    /** Starts connecting in the background and returns at once. */
    public void start() {
        supervisor.execute(this::connect);
        // ari4java does not always report a dead WebSocket (seen on the lab when another client in the same JVM
        // closed); a dialer that silently stops receiving events would leave calls unaccounted for.
        supervisor.scheduleWithFixedDelay(this::checkSocket, 5, 5, TimeUnit.SECONDS);
    }

    private void checkSocket() {
        NettyHttpClient c = client;
        if (connected && c != null && !c.isWsConnected()) onDisconnected(generation, "event WebSocket found dead");
    }

    @Override
    public boolean connected() {
        return connected;
    }

    public long reconnects() {
        return reconnects.get();
    }

    private void connect() {
        if (closed || connected) return;
        long gen = ++generation;
        try {
            // A bounded ping first: ari4java's synchronous requests wait far too long on an Asterisk that is
            // half-way through stopping, and this thread must stay free to reconnect.
            restClient.send("ping", "GET", "/asterisk/ping", null, null).get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            scheduleReconnect("ARI unreachable at " + settings.baseUrl() + ": " + rootMessage(e));
            return;
        }
        NettyHttpClient hc = new NettyHttpClient();
        try {
            hc.initialize(settings.baseUrl(), settings.username(), settings.password());
            ARI a = new ARI();
            a.setAppName(settings.app());
            a.setHttpClient(hc);
            a.setWsClient(hc);
            a.setVersion(AriVersion.ARI_10_0_0);
            this.client = hc;
            this.ari = a;
            a.eventsCallback(new EventPump(gen), false);
            log.info("ARI: connecting the event WebSocket for app {} at {}", settings.app(), AriSettings.masked(settings.baseUrl()));
        } catch (ARIException | RuntimeException | java.net.URISyntaxException e) {
            destroy(hc);
            scheduleReconnect("ARI unreachable at " + settings.baseUrl() + ": " + rootMessage(e));
        }
    }

    private void scheduleReconnect(String why) {
        if (closed) return;
        long delay = backoffMs + ThreadLocalRandom.current().nextLong(Math.max(1, backoffMs / 4));
        log.warn("{}; retrying in {} ms", why, delay);
        backoffMs = Math.min(settings.backoffMax().toMillis(), backoffMs * 2);
        supervisor.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void onConnected(long gen) {
        if (gen != generation || closed) return;
        connected = true;
        backoffMs = settings.backoffMin().toMillis();
        log.info("ARI connected (app {})", settings.app());
        metrics.connected(true);
        events.connectionChanged(true);
    }

    private void onDisconnected(long gen, String why) {
        supervisor.execute(() -> {
            if (gen != generation || closed) return;
            boolean was = connected;
            connected = false;
            generation++;
            destroy(client);
            client = null;
            ari = null;
            if (was) {
                reconnects.incrementAndGet();
                metrics.reconnect();
                metrics.connected(false);
                events.connectionChanged(false);
            }
            scheduleReconnect("ARI connection lost (" + why + ")");
        });
    }

    private static void destroy(NettyHttpClient hc) {
        if (hc == null) return;
        try {
            hc.destroy();
        } catch (RuntimeException e) {
            log.debug("destroying the ARI client: {}", e.toString());
        }
    }

    /** Test hook: the callback ari4java would be given for the current connection attempt. */
    AriWSCallback<Message> eventCallbackForTest() {
        return new EventPump(generation);
    }

    /** Test hook: drops the WebSocket as a network failure would. */
    void dropConnectionForTest() {
        onDisconnected(generation, "dropped by test");
    }

    @Override
    public void close() {
        closed = true;
        connected = false;
        supervisor.shutdownNow();
        destroy(client);
        client = null;
        ari = null;
    }

    // ------------------------------------------------------------------ events (Netty threads: decode and hand off)

    private final class EventPump implements AriWSCallback<Message> {
        private final long gen;

        EventPump(long gen) {
            this.gen = gen;
        }

        @Override
        public void onConnectionEvent(AriConnectionEvent event) {
            if (event == AriConnectionEvent.WS_CONNECTED) supervisor.execute(() -> onConnected(gen));
            else onDisconnected(gen, "WebSocket closed");
        }

        @Override
        public void onSuccess(Message m) {
            try {
                dispatch(m);
                // The lag from Asterisk's clock to here shows a stalled event thread (same host, same clock).
                if (m instanceof Event ev && ev.getTimestamp() != null) {
                    metrics.eventLag(Math.max(0, System.currentTimeMillis() - ev.getTimestamp().getTime()));
                }
            } catch (RuntimeException e) {
                log.warn("could not handle ARI event {}: {}", m == null ? null : m.getType(), e.toString());
            }
        }

        @Override
        public void onFailure(RestException e) {
            // ari4java reports an event it could not decode through the same callback as a dead connection; one
            // odd event must not throw away the connection (and with it every call's state), so it is only counted.
            if (AriEventDecoding.isUndecodableEvent(e)) {
                metrics.undecodableEvent();
                log.warn("ARI: an event could not be decoded and is skipped: {}", rootMessage(e));
                return;
            }
            onDisconnected(gen, rootMessage(e));
        }
    }

    private void dispatch(Message m) {
        if (m instanceof StasisStart s) {
            CompletableFuture<Void> external = externalStarts.get(s.getChannel().getId());
            if (external != null) {
                external.complete(null);
                return;
            }
            events.stasisStart(s.getChannel().getId(), s.getArgs() == null ? List.of() : s.getArgs());
        } else if (m instanceof StasisEnd s) {
            events.stasisEnd(s.getChannel().getId());
        } else if (m instanceof ChannelDestroyed d) {
            String id = d.getChannel().getId();
            tearDownAudioSocket(id);
            events.channelDestroyed(id, d.getCause() == null ? 0 : d.getCause(), d.getCause_txt(), AriEventDecoding.takeTechCause(id));
        } else if (m instanceof Dial d) {
            if (d.getPeer() != null && d.getDialstatus() != null && !d.getDialstatus().isEmpty()) {
                events.dialStatus(d.getPeer().getId(), d.getDialstatus());
                if (d.getCaller() != null) events.dialStatus(d.getCaller().getId(), d.getDialstatus());
            }
        } else if (m instanceof PlaybackFinished p) {
            events.playbackFinished(p.getPlayback().getId());
        }
    }

    // ------------------------------------------------------------------ REST (async, JDK HTTP client)

    private CompletableFuture<com.fasterxml.jackson.databind.JsonNode> rest(String op, String method, String path,
                                                                           Map<String, String> query, Object body) {
        if (!connected) return CompletableFuture.failedFuture(new CallControlException(0, op + ": ARI not connected"));
        long t0 = System.nanoTime();
        return restClient.send(op, method, path, query, body).whenComplete((r, e) ->
                metrics.requestLatency(op, System.nanoTime() - t0, e == null));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public CompletableFuture<Void> originate(OriginateRequest r) {
        // Channel variables go in the body's "variables" object; Asterisk ignores any other key.
        return rest("originate", "POST", "/channels", AriRest.params("endpoint", r.endpoint(), "app", settings.app(),
                        "appArgs", String.join(",", r.appArgs()), "callerId", r.callerId(),
                        "timeout", Integer.toString(r.timeoutSeconds()), "channelId", r.channelId(),
                        "otherChannelId", r.otherChannelId(),
                        "formats", settings.originateFormats().isEmpty() ? null : settings.originateFormats()),
                Map.of("variables", r.variables()))
                .thenApply(x -> null);
    }

    @Override
    public CompletableFuture<Void> continueInDialplan(String channelId, String context, String extension, int priority) {
        return rest("continueInDialplan", "POST", AriRest.path("channels", channelId, "continue"),
                AriRest.params("context", context, "extension", extension, "priority", Integer.toString(priority)), null)
                .thenApply(x -> {
                    // A call sent on (an AI transfer) leaves its AudioSocket session: the AI side hangs up.
                    AudioSocketLeg leg = audioSockets.get(channelId);
                    if (leg != null && leg.callChannelId().equals(channelId)) release(leg, leg.externalChannelId());
                    return null;
                });
    }

    @Override
    public CompletableFuture<Void> setVariables(String channelId, Map<String, String> variables) {
        CompletableFuture<?>[] all = variables.entrySet().stream()
                .map(e -> rest("setChannelVar", "POST", AriRest.path("channels", channelId, "variable"),
                        AriRest.params("variable", e.getKey(), "value", e.getValue()), null))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(all);
    }

    @Override
    public CompletableFuture<Void> play(String channelId, String mediaUri, String playbackId) {
        return rest("play", "POST", AriRest.path("channels", channelId, "play", playbackId), AriRest.params("media", mediaUri), null)
                .thenApply(x -> null);
    }

    @Override
    public CompletableFuture<Void> hangup(String channelId, String reason) {
        return rest("hangup", "DELETE", AriRest.path("channels", channelId), AriRest.params("reason", reason == null ? "normal" : reason), null)
                .handle((x, e) -> {
                    if (e == null) return null;
                    CallControlException cce = CallControlException.from(e);
                    if (cce.status() == 404) return null; // already gone: that is what we wanted
                    throw cce;
                });
    }

    @Override
    public CompletableFuture<Void> move(String channelId, String app, List<String> appArgs) {
        return rest("move", "POST", AriRest.path("channels", channelId, "move"),
                AriRest.params("app", app, "appArgs", String.join(",", appArgs)), null).thenApply(x -> null);
    }

    @Override
    public CompletableFuture<Void> follow(String channelId) {
        return rest("subscribe", "POST", AriRest.path("applications", settings.app(), "subscription"),
                AriRest.params("eventSource", "channel:" + channelId), null).thenApply(x -> null);
    }

    @Override
    public CompletableFuture<Map<String, LiveChannel>> liveChannels() {
        return rest("listChannels", "GET", "/channels", null, null).thenApply(list -> {
            Map<String, LiveChannel> channels = new java.util.HashMap<>();
            if (list != null) list.forEach(c -> channels.put(c.path("id").asText(), liveChannel(c)));
            return channels;
        });
    }

    /**
     * A channel executing {@code Stasis(<our app>,<args>)} waits for us; its arguments are what its StasisStart
     * carried (the dialplan's app_name and app_data, listed since Asterisk 16).
     */
    private LiveChannel liveChannel(com.fasterxml.jackson.databind.JsonNode c) {
        com.fasterxml.jackson.databind.JsonNode plan = c.path("dialplan");
        String appData = plan.path("app_data").asText("");
        List<String> args = null;
        if ("Stasis".equalsIgnoreCase(plan.path("app_name").asText(""))) {
            List<String> parts = List.of(appData.split(",", -1));
            if (!parts.isEmpty() && parts.get(0).trim().equals(settings.app())) args = parts.subList(1, parts.size());
        }
        return new LiveChannel("Up".equalsIgnoreCase(c.path("state").asText("")), args);
    }

    @Override
    public CompletableFuture<String> attachAudioSocket(String channelId, String host, int port, String sessionUuid) {
        String externalId = channelId + "-as";
        // The external channel joins our app (StasisStart) only once its TCP connection is up, which can be after
        // the externalMedia request has returned: adding it to the bridge before then is refused (422).
        CompletableFuture<Void> externalInApp = new CompletableFuture<>();
        externalStarts.put(externalId, externalInApp);
        return rest("createBridge", "POST", "/bridges", AriRest.params("type", "mixing"), null)
                .thenCompose(bridge -> {
                    String bridgeId = bridge.path("id").asText();
                    AudioSocketLeg leg = new AudioSocketLeg(channelId, externalId, bridgeId);
                    audioSockets.put(channelId, leg);
                    audioSockets.put(externalId, leg);
                    return rest("externalMedia", "POST", "/channels/externalMedia",
                            AriRest.params("app", settings.app(), "external_host", host + ":" + port, "format", "slin",
                                    "encapsulation", "audiosocket", "transport", "tcp", "data", sessionUuid, "channelId", externalId), null)
                            .thenCompose(ext -> externalInApp.orTimeout(5, TimeUnit.SECONDS))
                            .thenCompose(v -> rest("addChannel", "POST", AriRest.path("bridges", bridgeId, "addChannel"),
                                    AriRest.params("channel", channelId + "," + externalId), null))
                            .thenApply(v -> bridgeId);
                })
                .whenComplete((v, e) -> externalStarts.remove(externalId));
    }

    /** When either side of an AudioSocket bridge ends, the other side and the bridge go too. */
    private void tearDownAudioSocket(String destroyedChannelId) {
        AudioSocketLeg leg = audioSockets.get(destroyedChannelId);
        if (leg == null) return;
        release(leg, destroyedChannelId.equals(leg.callChannelId()) ? leg.externalChannelId() : leg.callChannelId());
    }

    private void release(AudioSocketLeg leg, String channelToHangUp) {
        // both entries go (non-short-circuit &); whoever removed them first does the hang-up, once
        if (audioSockets.remove(leg.callChannelId()) == null & audioSockets.remove(leg.externalChannelId()) == null) return;
        hangup(channelToHangUp, "normal");
        rest("destroyBridge", "DELETE", AriRest.path("bridges", leg.bridgeId()), null, null);
    }
}
