package org.aava.dialer.server;

import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.ports.ImportJobRepository;
import org.aava.dialer.store.SqliteStore;
import org.aava.dialer.store.StoreOptions;
import org.aava.dialer.web.ImportJobs;
import org.aava.dialer.web.ImportSettings;
import org.aava.dialer.web.LeadImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of a process in the middle of a lead import (the CLI's, in a JVM of its own): the next start marks the
 * job interrupted, and its committed count is exactly the leads the database kept.
 */
class ImportKillTest {
    @TempDir
    Path dir;

    @Test
    void aKilledImportIsMarkedInterruptedWithExactlyWhatItCommitted() throws Exception {
        Path db = dir.resolve("d.db");
        Path cfg = dir.resolve("cfg.yaml");
        Files.writeString(cfg, "database: {path: \"" + db + "\"}\nmedia: {dir: \"" + dir.resolve("media") + "\"}\n");
        long campaignId;
        try (SqliteStore store = SqliteStore.open(db, StoreOptions.defaults())) {
            campaignId = store.campaigns().create(Campaign.builder("killed import").build()).join().id();
        }
        Path csv = dir.resolve("big.csv");
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write("name,phone_number\n");
            for (int i = 0; i < 1_500_000; i++) w.write("Lead " + i + ",+1212" + String.format("%07d", 2_000_000 + i) + "\n");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process importer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "org.aava.dialer.server.Main",
                "import", Long.toString(campaignId), csv.toString(), "--config", cfg.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("import.log").toFile()).start();
        long committed = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            for (int i = 0; i < 600 && committed < 30_000; i++) {
                Thread.sleep(50);
                try (ResultSet rs = c.createStatement().executeQuery("SELECT accepted FROM import_jobs")) {
                    if (rs.next()) committed = rs.getLong(1);
                } catch (java.sql.SQLException busyOrNotYet) {
                    // the schema may not be there yet, or the writer holds the lock for a moment
                }
            }
        } finally {
            importer.destroyForcibly(); // SIGKILL: no shutdown hook, no last word
            importer.waitFor(10, TimeUnit.SECONDS);
        }
        assertTrue(committed >= 30_000, "the import was under way when it was killed: " + committed + "\n" + Files.readString(dir.resolve("import.log")));
        try (SqliteStore store = SqliteStore.open(db, StoreOptions.defaults())) {
            ImportJobs jobs = new ImportJobs(store.importJobs(), new LeadImporter(store.leads(), null), store.audit(), dir.resolve("import-errors"),
                    ImportSettings.DEFAULTS);
            assertEquals("running", store.importJobs().recent(campaignId, 1).join().getFirst().status().wire(), "left running by the dead process");
            assertEquals(1, jobs.interruptAbandoned());
            ImportJobRepository.ImportJob job = store.importJobs().recent(campaignId, 1).join().getFirst();
            long stored = store.leads().countByState(campaignId).join().values().stream().mapToLong(Long::longValue).sum();
            assertEquals(ImportJobRepository.Status.INTERRUPTED, job.status());
            assertEquals(stored, job.accepted(), "the job's count is what the committed transactions kept");
            assertTrue(stored < 1_500_000, "killed part-way: " + stored);
            assertTrue(job.error().contains(stored + " leads were committed"), job.error());
            List<String> audit = store.audit().page("campaign:" + campaignId, 1, 10).join().items().stream().map(e -> e.action()).toList();
            assertTrue(audit.contains("leads.import.interrupted") && audit.contains("leads.import.start"), audit.toString());
            System.out.printf("ImportKillTest: killed after %d committed rows were seen; %d leads stored, job says %d%n", committed, stored, job.accepted());
        }
    }
}
