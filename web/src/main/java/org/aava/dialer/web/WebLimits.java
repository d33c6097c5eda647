package org.aava.dialer.web;

import java.time.Duration;

/**
 * What one HTTP client may hold, so a flood of connections or of never-finished bodies cannot fill the heap.
 *
 * @param maxConnections  connections open at once on the web port; one more is closed at accept, logged and counted
 * @param readTimeout     a connection whose next bytes (headers or body) do not come within this is closed
 * @param idleTimeout     a keep-alive connection with no request for this long is closed
 * @param maxHeaderBytes  request line and headers together
 */
public record WebLimits(int maxConnections, Duration readTimeout, Duration idleTimeout, int maxHeaderBytes) {
    public WebLimits {
        if (maxConnections < 1) throw new IllegalArgumentException("web.max_connections must be at least 1");
        if (readTimeout.isNegative() || readTimeout.isZero()) throw new IllegalArgumentException("the read timeout must be positive");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) throw new IllegalArgumentException("the idle timeout must be positive");
        if (maxHeaderBytes < 1024) throw new IllegalArgumentException("the header bound must be at least 1024 bytes");
    }

    public static WebLimits defaults() {
        return new WebLimits(1000, Duration.ofSeconds(20), Duration.ofSeconds(60), 16 * 1024);
    }

    public WebLimits withMaxConnections(int max) {
        return new WebLimits(max, readTimeout, idleTimeout, maxHeaderBytes);
    }

    public WebLimits withReadTimeout(Duration timeout) {
        return new WebLimits(maxConnections, timeout, idleTimeout, maxHeaderBytes);
    }
}
