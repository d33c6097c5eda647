package org.aava.dialer.web;

import java.util.regex.Pattern;

/**
 * A request path fit for the log: the AI API carries a call's secret session key in its path
 * ({@code /api/ai/sessions/{key}}), which is masked so a failed request does not leak it.
 */
final class LoggedPath {
    private static final Pattern AI_SESSION = Pattern.compile("^(/api/ai/sessions/)[^/]+");

    private LoggedPath() {
    }

    static String of(String path) {
        return path == null ? null : AI_SESSION.matcher(path).replaceFirst("$1***");
    }
}
