package org.aava.dialer.fastagi;

import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.fastagi.MappingStrategy;
import org.asteriskjava.util.ServerSocketFacade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Our FastAGI server: asterisk-java's protocol handling with an explicit script map (never a
 * class-name lookup: Asterisk must not be able to name an arbitrary class) and a thread of its own per
 * connection ({@link ConnectionThreads}). {@code startup()} blocks, so it runs on its own thread.
 */
public final class AgiServerRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgiServerRunner.class);

    private final AgiSettings settings;
    private final AgiMetrics metrics;
    private final ConnectionThreads connections = new ConnectionThreads();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong sessions = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final OwnThreadsAgiServer server;
    private volatile BoundedAgiServerSocket listeningSocket;
    private Thread acceptThread;
    private volatile boolean listening;

    public AgiServerRunner(AgiSettings settings, Map<String, AgiScript> scripts, AgiMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics == null ? AgiMetrics.NONE : metrics;
        this.server = new OwnThreadsAgiServer(new ExplicitMapping(Map.copyOf(scripts)));
        server.setPort(settings.port());
        server.setSocketReadTimeout(settings.socketTimeoutSeconds() * 1000);
        try {
            server.setAddress(InetAddress.getByName(settings.bind()));
        } catch (IOException e) {
            throw new IllegalArgumentException("agi.bind is not a valid address: " + settings.bind(), e);
        }
    }

    /** The standard server: the {@code outbound-amd} script only. */
    public static AgiServerRunner outboundAmd(AgiSettings settings, HopListener listener, AgiMetrics metrics) {
        return new AgiServerRunner(settings, Map.of(org.aava.dialer.core.calls.ChannelVars.AGI_SCRIPT,
                new OutboundAmdScript(new Guardrails(settings.humanCauses()), listener)), metrics);
    }

    /** Starts listening; returns once the port accepts connections, or fails (e.g. the port is taken). */
    public synchronized void start() {
        if (acceptThread != null) return;
        java.util.concurrent.CompletableFuture<Throwable> failure = new java.util.concurrent.CompletableFuture<>();
        acceptThread = Thread.ofPlatform().name("agi-accept").daemon().start(() -> {
            try {
                server.startup();
            } catch (IOException | RuntimeException e) {
                failure.complete(e);
            }
        });
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (failure.isDone()) {
                throw new IllegalStateException("FastAGI server could not listen on " + settings.bind() + ":" + settings.port()
                        + ": " + failure.join().getMessage(), failure.join());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(settings.bind(), settings.port()), 200);
                listening = true;
                log.info("FastAGI listening on {}:{}", settings.bind(), settings.port());
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new IllegalStateException("FastAGI server did not start listening on " + settings.bind() + ":" + settings.port());
    }

    public boolean listening() {
        return listening;
    }

    public int port() {
        return settings.port();
    }

    public long sessions() {
        return sessions.get();
    }

    public int activeSessions() {
        return active.get();
    }

    public long errors() {
        return errors.get();
    }

    /** Connections accepted and not yet closed (a hop in progress, or a peer the read timeout has not dropped yet). */
    public int openConnections() {
        BoundedAgiServerSocket socket = listeningSocket;
        return socket == null ? 0 : socket.openConnections();
    }

    /** Connections closed at accept because {@code agi.max_connections} were open. */
    public long refusedConnections() {
        BoundedAgiServerSocket socket = listeningSocket;
        return socket == null ? 0 : socket.refusedConnections();
    }

    /** Silent connections (no AGI request yet) closed to make room for a new one at {@code agi.max_connections}. */
    public long evictedConnections() {
        BoundedAgiServerSocket socket = listeningSocket;
        return socket == null ? 0 : socket.evictedConnections();
    }

    /** Connections a thread is serving now (a dropped connection's thread must come back). */
    int busyConnectionThreads() {
        return connections.busy();
    }

    @Override
    public synchronized void close() {
        listening = false;
        try {
            server.shutdown();
        } catch (RuntimeException e) {
            log.debug("AGI shutdown: {}", e.toString());
        }
        BoundedAgiServerSocket socket = listeningSocket;
        if (socket != null) socket.closeConnections();
        connections.close();
        acceptThread = null;
    }

    /** Logs and counts scripts we do not serve; asterisk-java then reports NOT_FOUND to the dialplan. */
    private final class ExplicitMapping implements MappingStrategy {
        private final Map<String, AgiScript> scripts;

        ExplicitMapping(Map<String, AgiScript> scripts) {
            this.scripts = scripts;
        }

        @Override
        public AgiScript determineScript(AgiRequest request, AgiChannel channel) {
            String name = request.getScript();
            if (name == null) {
                // A connection that names no script: our own readiness probe, or a port scanner.
                log.debug("AGI connection without a script name from {}", request.getRemoteAddress());
                return null;
            }
            AgiScript script = scripts.get(name);
            if (script == null) {
                errors.incrementAndGet();
                metrics.unknownScript(String.valueOf(name));
                log.error("unknown AGI script '{}' requested by channel {}", name, request.getChannel());
                return null;
            }
            return (req, chan) -> {
                long t0 = System.nanoTime();
                sessions.incrementAndGet();
                active.incrementAndGet();
                metrics.sessionStarted();
                boolean ok = false;
                try {
                    script.service(req, chan);
                    ok = true;
                } finally {
                    active.decrementAndGet();
                    if (!ok) errors.incrementAndGet();
                    metrics.sessionEnded(System.nanoTime() - t0, ok);
                }
            };
        }
    }

    /**
     * asterisk-java's server with connections handed to {@link ConnectionThreads} instead of its fixed pool, and
     * read through {@link BoundedAgiConnection} (bounded lines and request, a deadline for the request).
     */
    private final class OwnThreadsAgiServer extends DefaultAgiServer {
        OwnThreadsAgiServer(MappingStrategy mapping) {
            super(mapping);
        }

        @Override
        protected ServerSocketFacade createServerSocket() throws IOException {
            BoundedAgiServerSocket socket = new BoundedAgiServerSocket(getPort(), getAddress(), settings.socketTimeoutSeconds() * 1000,
                    settings.maxConnections(), metrics::connectionRefused);
            socket.onEvicted(metrics::connectionEvicted);
            listeningSocket = socket;
            return socket;
        }

        @Override
        protected void execute(Runnable command) {
            connections.execute(command);
        }
    }
}
