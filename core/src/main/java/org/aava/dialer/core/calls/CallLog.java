package org.aava.dialer.core.calls;

import org.slf4j.Logger;
import org.slf4j.MDC;

/** Logs a call's events with {@code campaign_id}, {@code lead_id}, {@code attempt_id} and {@code channel_id} in the MDC. */
final class CallLog {
    private CallLog() {
    }

    static void info(Logger log, LiveCall call, String message, Object... args) {
        with(call, () -> log.info(message, args));
    }

    static void debug(Logger log, LiveCall call, String message, Object... args) {
        if (log.isDebugEnabled()) with(call, () -> log.debug(message, args));
    }

    static void warn(Logger log, LiveCall call, String message, Object... args) {
        with(call, () -> log.warn(message, args));
    }

    static void with(LiveCall call, Runnable action) {
        try (var a = MDC.putCloseable("campaign_id", Long.toString(call.campaignId()));
             var b = MDC.putCloseable("lead_id", Long.toString(call.leadId()));
             var c = MDC.putCloseable("attempt_id", Long.toString(call.attemptId()));
             var d = MDC.putCloseable("channel_id", call.channelId())) {
            action.run();
        }
    }
}
