package org.aava.dialer.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;

/**
 * Browser hardening on every response: scripts only from our own origin (no inline script, so an injected tag cannot
 * run), the page never framed by another site (clickjacking), no content-type sniffing, and no URL with ids or paths
 * leaked to other sites in the Referer.
 */
final class SecurityHeaders implements HttpHandler {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final HttpString CONTENT_SECURITY_POLICY = new HttpString("Content-Security-Policy");
    private static final HttpString X_FRAME_OPTIONS = new HttpString("X-Frame-Options");
    private static final HttpString X_CONTENT_TYPE_OPTIONS = new HttpString("X-Content-Type-Options");
    private static final HttpString REFERRER_POLICY = new HttpString("Referrer-Policy");
    private static final HttpString CROSS_ORIGIN_OPENER_POLICY = new HttpString("Cross-Origin-Opener-Policy");

    private final HttpHandler next;

    SecurityHeaders(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        HeaderMap h = ex.getResponseHeaders();
        h.put(CONTENT_SECURITY_POLICY, CSP);
        h.put(X_FRAME_OPTIONS, "DENY");
        h.put(X_CONTENT_TYPE_OPTIONS, "nosniff");
        h.put(REFERRER_POLICY, "no-referrer");
        h.put(CROSS_ORIGIN_OPENER_POLICY, "same-origin");
        next.handleRequest(ex);
    }
}
