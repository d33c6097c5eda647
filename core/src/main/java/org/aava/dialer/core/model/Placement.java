package org.aava.dialer.core.model;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a call is placed: the dialer node that opened its attempt and the Asterisk server that carries it. Several
 * nodes may share one database, so an attempt keeps both to say whose call it is (issue 20).
 *
 * @param nodeId         {@code node.id}, unique among the nodes on one database
 * @param asteriskServer the server's name, shared by every node with the same ARI settings (see {@link #serverName})
 */
public record Placement(String nodeId, String asteriskServer) {
    public Placement {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(asteriskServer, "asteriskServer");
    }

    /**
     * The name of the server an ARI URL and Stasis app reach: {@code host:port[/path]/app}, e.g.
     * {@code 127.0.0.1:8088/aava-dialer}. It comes from settings every node shares, never from the node itself, so
     * two nodes with the same ARI settings name the same server. The port is written out (80/443 when the URL has
     * none), so {@code http://pbx} and {@code http://pbx:80} are one server; a path (a proxy's prefix) is kept, as it
     * may lead elsewhere. Credentials in the URL never reach the name: it is shown on the public health page.
     */
    public static String serverName(URI ariUrl, String app) {
        int port = ariUrl.getPort() >= 0 ? ariUrl.getPort() : "https".equalsIgnoreCase(ariUrl.getScheme()) ? 443 : 80;
        String path = ariUrl.getRawPath() == null ? "" : ariUrl.getRawPath().replaceAll("/+$", "");
        return ariUrl.getHost().toLowerCase(Locale.ROOT) + ":" + port + path + "/" + app;
    }
}
