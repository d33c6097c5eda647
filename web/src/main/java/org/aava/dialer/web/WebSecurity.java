package org.aava.dialer.web;

import java.util.List;

/**
 * Browser- and login-side settings.
 *
 * @param cookieSecure      mark the session cookie {@code Secure} (set it when users reach the dialer over TLS)
 * @param trustedProxies    addresses whose {@code X-Forwarded-Proto}/{@code X-Forwarded-For} are believed; from anyone
 *                          else those headers are ignored
 * @param minPasswordLength the shortest admin password accepted from the config
 * @param badTokenFreeFailures wrong Bearer tokens an address may send before each further one costs a growing delay
 * @param metricsRequireToken  {@code /metrics} needs the API token ({@code metrics.require_token})
 */
public record WebSecurity(boolean cookieSecure, List<String> trustedProxies, int minPasswordLength, int badTokenFreeFailures,
                          boolean metricsRequireToken) {
    public static final int DEFAULT_MIN_PASSWORD_LENGTH = 12;

    public WebSecurity {
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        if (minPasswordLength < 8) throw new IllegalArgumentException("web.min_password_length must be at least 8");
    }

    public WebSecurity(boolean cookieSecure, List<String> trustedProxies, int minPasswordLength) {
        this(cookieSecure, trustedProxies, minPasswordLength, 20, false);
    }

    public static WebSecurity defaults() {
        return new WebSecurity(false, List.of(), DEFAULT_MIN_PASSWORD_LENGTH);
    }

    public WebSecurity withBadTokenFreeFailures(int n) {
        return new WebSecurity(cookieSecure, trustedProxies, minPasswordLength, n, metricsRequireToken);
    }

    public WebSecurity withMetricsRequireToken(boolean required) {
        return new WebSecurity(cookieSecure, trustedProxies, minPasswordLength, badTokenFreeFailures, required);
    }
}
