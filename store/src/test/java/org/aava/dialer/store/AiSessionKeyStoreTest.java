package org.aava.dialer.store;

import org.aava.dialer.core.model.AiSessionKey;
import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The AI session key (V13) is kept with its attempt, so a restarted dialer still knows which call a key names. */
class AiSessionKeyStoreTest {
    @TempDir
    Path dir;

    @Test
    void theKeyIsStoredWithItsAttemptSurvivesAReopenAndNamesOneAttemptOnly() {
        Instant now = Instant.parse("2026-03-02T12:00:00Z");
        AiSessionKey key = AiSessionKey.random();
        long keyed, unkeyed;
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "keys");
            store.leads().insertBatch(c.id(), StoreFixture.leads(c.id(), 0, 3), true).join();
            List<Lead> leads = store.leads().page(new org.aava.dialer.core.ports.LeadQuery(c.id(), null, null, 1, 10)).join()
                    .items().stream().map(v -> v.lead()).toList();
            keyed = open(store, leads.get(0), now, key).id();
            unkeyed = StoreFixture.open(store, leads.get(1), now).id();
            assertEquals(key, store.attempts().find(keyed).join().orElseThrow().aiSessionKey());
            CompletionException twice = assertThrows(CompletionException.class, () -> open(store, leads.get(2), now, key));
            assertTrue(String.valueOf(twice.getCause()).toLowerCase().contains("unique"), "a key names one call: " + twice.getCause());
        }
        try (Store reopened = StoreFixture.open(dir)) {
            assertEquals(key, reopened.attempts().find(keyed).join().orElseThrow().aiSessionKey(), "still there after a restart");
            assertEquals(key, reopened.attempts().listOpen().join().stream().filter(a -> a.id() == keyed).findFirst().orElseThrow()
                    .aiSessionKey(), "on the open attempts a restarted dialer adopts");
            assertNull(reopened.attempts().find(unkeyed).join().orElseThrow().aiSessionKey());
        }
    }

    private static Attempt open(Store store, Lead lead, Instant now, AiSessionKey key) {
        return store.attempts().open(Attempt.opening(lead.campaignId(), lead.id(), lead.phoneNormalized(), now, false,
                "chan-" + lead.id(), "default", "test", key, null)).join();
    }
}
