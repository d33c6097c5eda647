package org.aava.dialer.web;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.protocol.http.HttpOpenListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The admin UI and REST API on Undertow's HTTP listener, wired by hand on XNIO so that each accepted connection can
 * be counted and, past {@code web.max_connections}, closed before it costs a buffer ({@link WebLimits}).
 */
public final class WebServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebServer.class);
    /** How long {@link #close} waits for the I/O threads to end: shutdown must not hang on a stuck client. */
    private static final long CLOSE_WAIT_MILLIS = 2000;

    private final WebSettings settings;
    private final Routes routes;
    private final AtomicLong refused = new AtomicLong();
    private volatile long lastRefusalLog;
    private XnioWorker worker;
    private AcceptingChannel<StreamConnection> listener;
    private HttpOpenListener openListener;

    private final ImportJobs importJobs;
    private java.util.concurrent.ScheduledExecutorService upkeep;

    public WebServer(WebSettings settings, WebDependencies deps, ImportsAndMedia media) {
        this.settings = settings;
        Auth auth = new Auth(settings, deps.users(), deps.audit(), deps.clock());
        OutboundApi api = new OutboundApi(settings, deps, auth, media);
        this.importJobs = api.importJobs();
        this.routes = new Routes(api, new MediaApi(settings, deps, media), new UsersApi(deps.users(), auth, deps.audit(), deps.clock()), auth,
                deps.workers());
    }

    public synchronized void start() {
        // imports left running by a process that is gone are marked interrupted before anyone asks about them
        importJobs.interruptAbandoned();
        upkeep = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aava-web-upkeep");
            t.setDaemon(true);
            return t;
        });
        upkeep.scheduleWithFixedDelay(importJobs::deleteExpiredErrorFiles, 0, 1, java.util.concurrent.TimeUnit.HOURS);
        WebLimits limits = settings.limits();
        int readMillis = (int) limits.readTimeout().toMillis();
        int idleMillis = (int) limits.idleTimeout().toMillis();
        try {
            Xnio xnio = Xnio.getInstance(Undertow.class.getClassLoader());
            int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
            worker = xnio.createWorker(OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, ioThreads)
                    .set(Options.WORKER_TASK_CORE_THREADS, 4)
                    .set(Options.WORKER_TASK_MAX_THREADS, 16)
                    .set(Options.TCP_NODELAY, true)
                    .getMap());
            OptionMap undertowOptions = OptionMap.builder()
                    .set(UndertowOptions.MAX_ENTITY_SIZE, -1L)
                    .set(UndertowOptions.MULTIPART_MAX_ENTITY_SIZE, 512L * 1024 * 1024)
                    .set(UndertowOptions.MAX_HEADER_SIZE, limits.maxHeaderBytes())
                    .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, readMillis)
                    .set(UndertowOptions.NO_REQUEST_TIMEOUT, idleMillis)
                    .set(UndertowOptions.IDLE_TIMEOUT, idleMillis)
                    .set(UndertowOptions.ENABLE_STATISTICS, true)
                    .getMap();
            ByteBufferPool buffers = new DefaultByteBufferPool(true, 16 * 1024, -1, 4);
            openListener = new HttpOpenListener(buffers, undertowOptions);
            openListener.setRootHandler(new SecurityHeaders(routes.handler()));
            ChannelListener<StreamConnection> limited = this::accepted;
            OptionMap socketOptions = OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, ioThreads)
                    .set(Options.TCP_NODELAY, true)
                    .set(Options.REUSE_ADDRESSES, true)
                    .set(Options.BALANCING_TOKENS, 1)
                    .set(Options.BALANCING_CONNECTIONS, 2)
                    .set(Options.BACKLOG, 1000)
                    // a body or header that stops arriving ends the request (and frees its buffers) after this
                    .set(Options.READ_TIMEOUT, readMillis)
                    .set(Options.WRITE_TIMEOUT, readMillis * 3)
                    .getMap();
            listener = worker.createStreamConnectionServer(new InetSocketAddress(InetAddress.getByName(settings.bind()), settings.port()),
                    ChannelListeners.openListenerAdapter(limited), socketOptions);
            listener.resumeAccepts();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("web server could not listen on " + settings.bind() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
    }

    /** Hands the connection to Undertow, or closes it at once when {@code web.max_connections} are open. */
    private void accepted(StreamConnection connection) {
        HttpOpenListener open = openListener;
        int max = settings.limits().maxConnections();
        if (open.getConnectorStatistics().getActiveConnections() >= max) {
            long n = refused.incrementAndGet();
            long now = System.nanoTime();
            if (n == 1 || now - lastRefusalLog > 10_000_000_000L) { // one line per 10 s at most
                lastRefusalLog = now;
                log.warn("HTTP connection from {} refused: web.max_connections ({}) are open ({} refused so far)",
                        connection.getPeerAddress(), max, n);
            }
            IoUtils.safeClose(connection);
            return;
        }
        open.handleEvent(connection);
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    /** Connections closed at accept because {@code web.max_connections} were open. */
    public long refusedConnections() {
        return refused.get();
    }

    /** HTTP connections open now. */
    public long openConnections() {
        HttpOpenListener open = openListener;
        return open == null ? 0 : open.getConnectorStatistics().getActiveConnections();
    }

    ImportJobs importJobs() {
        return importJobs;
    }

    List<Routes.Route> routeTable() {
        return routes.table();
    }

    @Override
    public synchronized void close() {
        if (upkeep != null) upkeep.shutdownNow();
        upkeep = null;
        IoUtils.safeClose(listener);
        listener = null;
        if (worker != null) {
            worker.shutdownNow();
            try {
                if (!worker.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) log.warn("web I/O threads still running after shutdown");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            worker = null;
        }
    }
}
