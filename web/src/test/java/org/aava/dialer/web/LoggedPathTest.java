package org.aava.dialer.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LoggedPathTest {
    @Test
    void theAiSessionKeyInAPathNeverReachesTheLog() {
        assertEquals("/api/ai/sessions/***", LoggedPath.of("/api/ai/sessions/s3cr3t-Key_0123456789ab"));
        assertEquals("/api/ai/sessions/***/tools/transfer", LoggedPath.of("/api/ai/sessions/s3cr3t/tools/transfer"));
        assertEquals("/api/outbound/campaigns/7", LoggedPath.of("/api/outbound/campaigns/7"), "other paths as they are");
        assertNull(LoggedPath.of(null));
    }
}
