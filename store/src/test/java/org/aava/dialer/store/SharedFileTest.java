package org.aava.dialer.store;

import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.AttemptClose;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.core.ports.LeadQuery;
import org.aava.dialer.core.ports.LeaseRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two processes on one file: writes wait and retry, nothing is lost, each sees the other's rows. */
class SharedFileTest {
    @org.junit.jupiter.api.BeforeAll
    static void onSqliteOnly() {
        TestDatabases.assumeSqlite(); // this class checks the SQLite file itself
    }

    @TempDir
    Path dir;

    @Test
    void anotherProcessHoldingTheWriteLockDelaysButDoesNotLoseAnAttemptClose() throws Exception {
        Path db = dir.resolve("shared.db");
        // busy_timeout much shorter than the other process's hold: the store's own retry must carry the close through.
        try (Store store = SqliteStore.open(db, StoreOptions.defaults().withBusyTimeout(300))) {
            Campaign c = StoreFixture.runningCampaign(store, "shared");
            store.leads().insertBatch(c.id(), StoreFixture.leads(c.id(), 0, 1), true).join();
            Instant now = Instant.now();
            Lead lead = store.leads().lease(new LeaseRequest(c.id(), 1, Duration.ofSeconds(60), now, 0)).join().get(0);
            Attempt attempt = StoreFixture.dial(store, lead, now, now.plusSeconds(60));

            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true",
                    "-cp", System.getProperty("java.class.path"),
                    OtherProcessWriter.class.getName(), db.toString(), Long.toString(c.id()), "2000")
                    .redirectErrorStream(true).start();
            List<String> output = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
                String line;
                while ((line = out.readLine()) != null && !line.equals("LOCKED")) output.add(line);
                assertEquals("LOCKED", line, "the other process holds the write lock; its output: " + output);
                assertTrue(output.contains("IMPORTED 10"), output.toString());

                long t0 = System.nanoTime();
                boolean closed = store.attempts().close(attempt.id(), AttemptClose.of(Outcome.NO_ANSWER, Instant.now())).join();
                long waitedMs = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(closed, "the close went through once the lock was released");
                assertTrue(waitedMs >= 1000, "it had to wait for the other process (waited " + waitedMs + " ms)");
                while ((line = out.readLine()) != null) output.add(line);
            }
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, child.exitValue(), output.toString());
            assertTrue(output.contains("RELEASED"), output.toString());

            Attempt stored = store.attempts().find(attempt.id()).join().orElseThrow();
            assertEquals(Outcome.NO_ANSWER, stored.outcome(), "written once, after the retries");
            assertEquals(LeadState.FAILED, store.leads().find(lead.id()).join().orElseThrow().state());
            assertEquals(11, store.leads().page(new LeadQuery(c.id(), null, null, 1, 50)).join().total(),
                    "the other process's leads are visible");
            assertEquals(1, store.audit().page("campaign/" + c.id(), 1, 10).join().total(), "and its audit row");
        }
    }
}
