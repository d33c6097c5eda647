package org.aava.dialer.web;

import io.undertow.server.HttpServerExchange;

import java.util.List;
import java.util.Locale;

/**
 * Who is on the other end: the peer's address, and the scheme it used. {@code X-Forwarded-For} and
 * {@code X-Forwarded-Proto} are believed only from an address in {@code web.trusted_proxies}; from anyone else they
 * are ignored, so a client cannot choose its own address for the login delay or fake https.
 */
final class ClientInfo {
    private final List<String> trustedProxies;

    ClientInfo(List<String> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    private static String peer(HttpServerExchange ex) {
        return ex.getSourceAddress() == null || ex.getSourceAddress().getAddress() == null ? "?"
                : ex.getSourceAddress().getAddress().getHostAddress();
    }

    boolean fromTrustedProxy(HttpServerExchange ex) {
        return trustedProxies.contains(peer(ex));
    }

    /** The client's address: the proxy's last hop entry when the peer is a trusted proxy, else the peer. */
    String address(HttpServerExchange ex) {
        String peer = peer(ex);
        if (!trustedProxies.contains(peer)) return peer;
        String forwarded = ex.getRequestHeaders().getLast("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) return peer;
        String[] hops = forwarded.split(",");
        String last = hops[hops.length - 1].strip();
        return last.matches("[0-9A-Fa-f.:]{2,45}") ? last : peer;
    }

    /** Whether the client reached us over https (directly, or through a trusted proxy that says so). */
    boolean secure(HttpServerExchange ex) {
        if ("https".equals(ex.getRequestScheme())) return true;
        if (!fromTrustedProxy(ex)) return false;
        String proto = ex.getRequestHeaders().getFirst("X-Forwarded-Proto");
        return proto != null && proto.strip().toLowerCase(Locale.ROOT).equals("https");
    }

    /** The scheme the browser sees. */
    String scheme(HttpServerExchange ex) {
        return secure(ex) ? "https" : "http";
    }
}
