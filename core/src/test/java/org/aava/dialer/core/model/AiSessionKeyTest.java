package org.aava.dialer.core.model;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AiSessionKeyTest {
    @Test
    void aRandomKeyIs128BitsOfUrlSafeBase64AndNeverRepeats() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String key = AiSessionKey.random().value();
            assertTrue(key.matches("[A-Za-z0-9_-]{22}"), key); // 16 bytes, no padding: fits a URL path as it is
            assertTrue(seen.add(key), "repeated: " + key);
        }
    }

    @Test
    void itsValueNeverShowsInALog() {
        AiSessionKey key = AiSessionKey.random();
        assertFalse(key.toString().contains(key.value()));
        assertEquals(key, new AiSessionKey(key.value()));
    }

    @Test
    void aStoredNullIsNoKeyAndABlankKeyIsRefused() {
        assertNull(AiSessionKey.ofNullable(null));
        assertNull(AiSessionKey.ofNullable(""));
        assertThrows(IllegalArgumentException.class, () -> new AiSessionKey(" "));
    }
}
