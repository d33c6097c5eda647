package org.aava.dialer.server;

import org.aava.dialer.ari.AriBridge;
import org.aava.dialer.ari.AriMetrics;
import org.aava.dialer.ari.AriSettings;
import org.aava.dialer.core.admin.Cluster;
import org.aava.dialer.core.calls.CallFlow;
import org.aava.dialer.core.calls.DialerSettings;
import org.aava.dialer.core.scheduler.CallEngineAdapters;
import org.aava.dialer.core.scheduler.Pacer;
import org.aava.dialer.dialplan.DialplanGenerator;
import org.aava.dialer.dialplan.DialplanSettings;
import org.aava.dialer.fastagi.AgiMetrics;
import org.aava.dialer.fastagi.AgiServerRunner;
import org.aava.dialer.fastagi.AgiSettings;
import org.aava.dialer.prompts.LeadContextPrompt;
import org.aava.dialer.prompts.ShippedPrompts;
import org.aava.dialer.server.config.DialerConfig;
import org.aava.dialer.server.ops.DialerMeters;
import org.aava.dialer.store.Store;
import org.aava.dialer.store.StoreOptions;
import org.aava.dialer.web.WebDependencies;
import org.aava.dialer.web.WebServer;
import org.aava.dialer.web.WebSettings;
import org.aava.dialer.web.WebLimits;
import org.aava.dialer.web.WebSecurity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The whole dialer in one process, wired from the config: store → FastAGI → web → ARI bridge →
 * scheduler. The server starts and serves the admin without Asterisk; the ARI bridge connects
 * when Asterisk appears.
 */
public final class Application implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Application.class);
    public static final String VERSION = versionOf();

    private final DialerConfig config;
    private final Store store;
    private final DialerMeters meters = new DialerMeters();
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("aava-call-", 0).factory());
    private final ExecutorService webWorkers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("aava-web-", 0).factory());
    private final AriBridge ari;
    private final CallFlow flow;
    private final Pacer pacer;
    private final PacerTicker pacerTicker;
    private final HeartbeatTicker heartbeat;
    private final AgiServerRunner agi;
    private final WebServer web;
    private final DialplanGenerator dialplan;
    private final java.util.concurrent.ScheduledExecutorService gauges = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "aava-gauges");
        t.setDaemon(true);
        return t;
    });

    private Application(DialerConfig config, Clock clock) {
        this.config = config;
        long t0 = System.nanoTime();
        prepareMedia(config.mediaDir());
        this.store = StoreOpener.open(config, StoreOptions.defaults().withMetrics((op, nanos, ok) -> meters.time("aava.db.operation", nanos, "op", op, "ok", Boolean.toString(ok))));
        DialerSettings settings = config.dialerSettings();
        ForwardingCallEvents events = new ForwardingCallEvents();
        this.ari = new AriBridge(new AriSettings(config.ari().url(), config.ari().username(), config.ari().password(), config.ari().app(),
                        null, null, config.dial().formats()),
                events, new AriMetrics() {
                    @Override
                    public void reconnect() {
                        meters.count("aava.ari.reconnects");
                    }

                    @Override
                    public void requestLatency(String op, long nanos, boolean ok) {
                        meters.time("aava.ari.request", nanos, "op", op, "ok", Boolean.toString(ok));
                    }

                    @Override
                    public void undecodableEvent() {
                        meters.count("aava.ari.events.undecodable");
                    }

                    @Override
                    public void eventLag(long millis) {
                        meters.eventLag(Duration.ofMillis(millis));
                    }
                });
        this.flow = new CallFlow(ari, store.journal(), store.attempts(), store.leads(), store.campaigns(), config.contexts(),
                new LeadContextPrompt(), settings, clock, meters, workers, new SplittableRandom(), store.dnc(),
                org.aava.dialer.core.model.AiSessionKey.secureSupplier());
        events.setTarget(flow);
        this.pacer = new Pacer(store.campaigns(), store.leads(), flow, settings, clock, meters, workers);
        this.pacerTicker = new PacerTicker(pacer::tick, settings.tick());
        this.heartbeat = new HeartbeatTicker(store.nodes(), settings.placement().nodeId(), List.of(settings.placement().asteriskServer()),
                config.node().heartbeat(), clock);
        this.agi = AgiServerRunner.outboundAmd(new AgiSettings(config.agi().bind(), config.agi().port(), config.agi().socketTimeoutSeconds(),
                config.amd().humanCauses(), config.agi().maxConnections()), (hop, d) -> meters.time("aava.agi.hop", d.toNanos()), new AgiMetrics() {
            @Override
            public void sessionEnded(long nanos, boolean ok) {
                meters.count("aava.agi.sessions", "ok", Boolean.toString(ok));
            }

            @Override
            public void unknownScript(String name) {
                meters.count("aava.agi.errors", "kind", "unknown_script");
            }

            @Override
            public void connectionRefused() {
                meters.count("aava.agi.refused.connections");
            }

            @Override
            public void connectionEvicted() {
                meters.count("aava.agi.evicted.connections");
            }
        });
        this.dialplan = new DialplanGenerator(new DialplanSettings(config.ari().app(), config.agi().advertiseHost(), config.agi().port(),
                config.amd().defaultOptionsText(), VERSION, config.amd().humanCauses()));
        meters.bindLiveCalls(flow.live());
        meters.bindAriConnection(ari::connected);
        meters.bindAgiListening(agi::listening);
        Path dataDir = config.database().path().toAbsolutePath().getParent();
        this.web = new WebServer(new WebSettings(config.web().bind(), config.web().port(), config.web().adminPassword(),
                config.web().apiToken(), config.web().aiToken(), config.mediaDir(), dataDir, 12L * 1024 * 1024,
                ZoneId.systemDefault(), VERSION, new WebLimits(config.web().maxConnections(),
                Duration.ofSeconds(config.web().readTimeoutSeconds()), Duration.ofSeconds(config.web().idleTimeoutSeconds()), 16 * 1024),
                new WebSecurity(config.web().cookieSecure(), config.web().trustedProxies(), config.web().minPasswordLength())
                        .withMetricsRequireToken(config.metrics().requireToken())),
                new WebDependencies(store.campaigns(), store.leads(), store.attempts(), store.dnc(), store.callHistory(), store.audit(),
                        config.contexts(), CallEngineAdapters.of(flow, pacer), this::health, dialplan::generate, config.amd().defaultOptions(),
                        config.metrics().enabled() ? meters::scrape : null, clock, webWorkers, config.dial().phones()).withUsers(store.users())
                        .withCluster(new Cluster(store.nodes(), store.attempts(), config.node().expiry())),
                new org.aava.dialer.web.ImportsAndMedia(store.importJobs(), store.recordings(),
                        new org.aava.dialer.web.ImportSettings(config.imports().errorRetention(), config.imports().maxErrorFileBytes()),
                        textToSpeech(config.tts())));
        io.micrometer.core.instrument.FunctionCounter.builder("aava.web.refused.connections", web, WebServer::refusedConnections)
                .description("HTTP connections closed at accept because web.max_connections were open").register(meters.registry());
        log.debug("wired in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }

    /** The configured text-to-speech engine. */
    public static org.aava.dialer.prompts.TextToSpeech textToSpeech(DialerConfig.Tts tts) {
        return tts.engine().equals("http")
                ? new org.aava.dialer.prompts.HttpTts(tts.url(), tts.model(), tts.voice(), tts.apiKey(), tts.timeout())
                : new org.aava.dialer.prompts.EspeakNgTts("espeak-ng", tts.voice());
    }

    /** Builds and starts everything; throws (with a clear message) if a port is taken or the database refuses. */
    public static Application start(DialerConfig config, Clock clock) {
        Application app = new Application(config, clock);
        try {
            app.agi.start();
            app.web.start();
            app.ari.start();
            app.heartbeat.start();
            // The pacer's first tick requeues leases that expired while the dialer was down (asynchronously).
            app.pacerTicker.start();
            // a count per running campaign: on 1M-lead campaigns it costs tens of ms, so twice a Prometheus minute
            app.gauges.scheduleWithFixedDelay(app::refreshPendingGauges, 1, 30, java.util.concurrent.TimeUnit.SECONDS);
            log.info("aava-dialer {} ready: node {}  admin http://{}:{}/  FastAGI {}:{}  ARI {} (app {}, server {})", VERSION, config.node().id(),
                    config.web().bind(), app.web.port(), config.agi().bind(), config.agi().port(), config.ari().maskedUrl(), config.ari().app(),
                    config.ari().serverName());
            logCollectorAdvice();
            return app;
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    /**
     * With G1, an import's young collections (5-16 ms, ~2 a second) stop the ARI event thread; ZGC's pauses
     * stay under a millisecond (README, "Memory and GC"). Said once at start, for an operator who runs the jar
     * without the unit's options.
     */
    private static void logCollectorAdvice() {
        java.util.List<String> collectors = collectorNames();
        if (collectors.stream().noneMatch(name -> name.startsWith("ZGC"))) {
            log.info("the JVM collects garbage with {}: run it with -XX:+UseZGC to keep collection pauses off the ARI event "
                    + "thread (README, Memory and GC)", String.join(", ", collectors));
        }
    }

    /** The JVM's collectors, e.g. "ZGC Minor Cycles", "ZGC Minor Pauses", … */
    static java.util.List<String> collectorNames() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(java.lang.management.GarbageCollectorMXBean::getName).toList();
    }

    private static void prepareMedia(Path mediaDir) {
        try {
            Files.createDirectories(mediaDir.resolve("ai-generated"));
            for (Path p : ShippedPrompts.installMissing(mediaDir)) log.info("installed default prompt {}", p);
        } catch (IOException e) {
            throw new IllegalStateException("media dir " + mediaDir + " is not writable: " + e.getMessage(), e);
        }
    }

    /**
     * Feeds aava_outbound_pending_leads{campaign_id} for running campaigns and aava_leads_name_index_backlog
     * (async; never blocks a caller).
     */
    private void refreshPendingGauges() {
        store.campaigns().listRunning().thenAccept(list -> list.forEach(c -> store.leads().countByState(c.id())
                .thenAccept(states -> meters.pendingLeads(c.id(), states.getOrDefault(org.aava.dialer.core.model.LeadState.PENDING, 0L)))));
        store.nameIndexBacklog().thenAccept(meters::nameIndexBacklog);
    }

    /** What /api/health reports. */
    Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("ari", ari.connected() ? "connected" : "disconnected");
        h.put("agi", agi.listening() ? "listening" : "down");
        boolean db;
        try {
            db = store.healthCheck().get(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            db = false;
        }
        h.put("db", db ? "ok" : "error");
        h.put("disk", DiskSpace.state(config.database().path()));
        Path ai = config.mediaDir().resolve("ai-generated");
        h.put("media_dir", Files.isDirectory(ai) && Files.isWritable(ai) ? "writable" : "not writable");
        h.put("dialplan", dialplanState());
        h.put("ari_reconnects", ari.reconnects());
        h.put("agi_sessions", agi.sessions());
        return h;
    }

    private volatile String dialplanState = "unknown";
    private volatile long dialplanCheckedAt;

    /** Whether Asterisk has our AMD context, refreshed in the background at most every 15 s. */
    private String dialplanState() {
        long now = System.nanoTime();
        if (now - dialplanCheckedAt > 15_000_000_000L) {
            dialplanCheckedAt = now;
            workers.execute(() -> dialplanState = new org.aava.dialer.server.ops.AmiDialplanProbe(config.ami())
                    .contextState("aava-outbound-amd").name().toLowerCase(java.util.Locale.ROOT));
        }
        return dialplanState;
    }

    public DialerConfig config() {
        return config;
    }

    public int webPort() {
        return web.port();
    }

    public Store store() {
        return store;
    }

    public CallFlow flow() {
        return flow;
    }

    public Pacer pacer() {
        return pacer;
    }

    public AriBridge ari() {
        return ari;
    }

    /** Our FastAGI server (tests count its hops, or stop it to see the dialplan's fallback). */
    public AgiServerRunner agi() {
        return agi;
    }

    public DialerMeters meters() {
        return meters;
    }

    public String dialplanText() {
        return dialplan.generate();
    }

    @Override
    public void close() {
        gauges.shutdownNow();
        heartbeat.close();
        pacerTicker.close();
        web.close();
        agi.close();
        ari.close();
        workers.shutdownNow();
        webWorkers.shutdownNow();
        store.close();
    }

    private static String versionOf() {
        String v = Application.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
