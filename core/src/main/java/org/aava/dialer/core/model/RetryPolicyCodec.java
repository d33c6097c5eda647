package org.aava.dialer.core.model;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one serialisation of a {@link RetryPolicy}, as a JSON-ready map: {@code enabled}, {@code max_attempts},
 * {@code delay_seconds} (outcome to whole seconds), {@code backoff_multiplier}, {@code jitter}. The API answers
 * with it and the store keeps it in {@code retry_policy_json}, so the two cannot drift apart (they once did:
 * {@code delays} in the database, {@code delay_seconds} in the API).
 */
public final class RetryPolicyCodec {
    public static final String ENABLED = "enabled";
    public static final String MAX_ATTEMPTS = "max_attempts";
    public static final String DELAY_SECONDS = "delay_seconds";
    public static final String BACKOFF_MULTIPLIER = "backoff_multiplier";
    public static final String JITTER = "jitter";

    private RetryPolicyCodec() {
    }

    public static Map<String, Object> toMap(RetryPolicy p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(ENABLED, p.enabled());
        m.put(MAX_ATTEMPTS, p.maxAttempts());
        Map<String, Long> delays = new LinkedHashMap<>();
        p.delays().forEach((o, d) -> delays.put(o.wire(), d.toSeconds()));
        m.put(DELAY_SECONDS, delays);
        m.put(BACKOFF_MULTIPLIER, p.backoffMultiplier());
        m.put(JITTER, p.jitterFraction());
        return m;
    }

    /**
     * Reads what {@link #toMap} wrote (as a JSON library hands it back: numbers of any width). A field that is
     * missing reads as in {@link RetryPolicy#OFF}, so an empty map is OFF.
     *
     * @throws IllegalArgumentException (or ClassCastException) when a value is not what the format says
     */
    public static RetryPolicy fromMap(Map<String, ?> m) {
        Map<Outcome, Duration> delays = new EnumMap<>(Outcome.class);
        if (m.get(DELAY_SECONDS) instanceof Map<?, ?> dm) {
            dm.forEach((k, v) -> delays.put(Outcome.fromWire(k.toString()), Duration.ofSeconds(((Number) v).longValue())));
        }
        return new RetryPolicy(Boolean.TRUE.equals(m.get(ENABLED)), number(m, MAX_ATTEMPTS, RetryPolicy.OFF.maxAttempts()).intValue(),
                delays, number(m, BACKOFF_MULTIPLIER, RetryPolicy.OFF.backoffMultiplier()).doubleValue(),
                number(m, JITTER, RetryPolicy.OFF.jitterFraction()).doubleValue());
    }

    private static Number number(Map<String, ?> m, String key, Number absent) {
        Object v = m.get(key);
        return v == null ? absent : (Number) v;
    }
}
