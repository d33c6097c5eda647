package org.aava.dialer.web;

import java.util.Map;

/** What the server reports at {@code /api/health}: ari, agi, db, media_dir, dialplan, live_calls, … */
@FunctionalInterface
public interface HealthProbe {
    Map<String, Object> check();
}
