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

    public WebServer(WebSettings settings, WebDependencies deps) {
        this.settings = settings;
        Auth auth = new Auth(settings);
        this.routes = new Routes(new OutboundApi(settings, deps, auth), auth, deps.workers());
    }

    public synchronized void start() {
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

    List<Routes.Route> routeTable() {
        return routes.table();
    }

    @Override
    public synchronized void close() {
        if (server != null) server.stop();
        server = null;
    }
}
