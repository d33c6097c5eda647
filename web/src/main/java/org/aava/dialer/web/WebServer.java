package org.aava.dialer.web;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;

import java.net.InetSocketAddress;
import java.util.List;

/** The admin UI and REST API on Undertow. */
public final class WebServer implements AutoCloseable {
    private final WebSettings settings;
    private final Routes routes;
    private Undertow server;

    private final ImportJobs importJobs;
    private java.util.concurrent.ScheduledExecutorService upkeep;

    public WebServer(WebSettings settings, WebDependencies deps, ImportsAndMedia media) {
        this.settings = settings;
        Auth auth = new Auth(settings);
        OutboundApi api = new OutboundApi(settings, deps, auth, media);
        this.importJobs = api.importJobs();
        this.routes = new Routes(api, new MediaApi(settings, deps, media), auth, deps.workers());
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
        server = Undertow.builder()
                .addHttpListener(settings.port(), settings.bind())
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, -1L)
                .setServerOption(UndertowOptions.MULTIPART_MAX_ENTITY_SIZE, 512L * 1024 * 1024)
                .setHandler(routes.handler())
                .build();
        server.start();
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
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
        if (server != null) server.stop();
        server = null;
    }
}
