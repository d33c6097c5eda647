package org.aava.dialer.core.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RetryPolicyCodecTest {
    @Test
    void writesTheApiFieldsInOrderWithDelaysInWholeSeconds() {
        RetryPolicy p = new RetryPolicy(true, 4, Map.of(Outcome.BUSY, Duration.ofMinutes(10)), 2.0, 0.1);
        Map<String, Object> m = RetryPolicyCodec.toMap(p);
        assertEquals(List.of("enabled", "max_attempts", "delay_seconds", "backoff_multiplier", "jitter"), List.copyOf(m.keySet()));
        assertEquals(Map.of("busy", 600L), m.get("delay_seconds"));
        assertEquals(true, m.get("enabled"));
        assertEquals(4, m.get("max_attempts"));
    }

    @Test
    void readsBackWhatItWroteWhateverTheNumberTypes() {
        RetryPolicy p = new RetryPolicy(true, 5, RetryPolicy.defaultDelays(), 1.5, 0.25);
        assertEquals(p, RetryPolicyCodec.fromMap(RetryPolicyCodec.toMap(p)));
        // a JSON library hands small numbers back as Integer and whole doubles as Double
        Map<String, Object> parsed = Map.of("enabled", true, "max_attempts", 5L, "delay_seconds", Map.of("no_answer", 1800),
                "backoff_multiplier", 2, "jitter", 0.0);
        assertEquals(new RetryPolicy(true, 5, Map.of(Outcome.NO_ANSWER, Duration.ofMinutes(30)), 2.0, 0.0), RetryPolicyCodec.fromMap(parsed));
    }

    @Test
    void missingFieldsReadAsOff() {
        assertEquals(RetryPolicy.OFF, RetryPolicyCodec.fromMap(Map.of()));
        assertEquals(RetryPolicy.OFF.delays(), RetryPolicyCodec.fromMap(Map.of("enabled", true)).delays());
    }

    @Test
    void aValueOfTheWrongKindIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RetryPolicyCodec.fromMap(Map.of("delay_seconds", Map.of("answered_human", 5))),
                "an outcome that never retries");
        assertThrows(ClassCastException.class, () -> RetryPolicyCodec.fromMap(Map.of("max_attempts", "three")));
    }
}
