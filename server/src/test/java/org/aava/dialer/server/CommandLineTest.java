package org.aava.dialer.server;

import org.aava.dialer.core.model.AmdHumanCauses;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.ports.LeadQuery;
import org.aava.dialer.server.cli.CommandLine;
import org.aava.dialer.server.config.ConfigException;
import org.aava.dialer.server.config.ConfigLoader;
import org.aava.dialer.server.config.DialerConfig;
import org.aava.dialer.store.SqliteStore;
import org.aava.dialer.store.StoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The config contract and the jar's commands (import, backup, dialplan). */
class CommandLineTest {
    @TempDir
    Path dir;

    private Path config() throws Exception {
        Path cfg = dir.resolve("cfg.yaml");
        Files.writeString(cfg, "database: {path: \"" + dir.resolve("d.db") + "\"}\nmedia: {dir: \"" + dir.resolve("media") + "\"}\n");
        return cfg;
    }

    @Test
    void configKeysAreValidatedAndOverriddenByEnvironment() throws Exception {
        var cfg = ConfigLoader.load(config(), Map.of("AAVA_DIALER_WEB_PORT", "9090", "AAVA_DIALER_ARI_URL", "http://10.0.0.5:8088",
                "AAVA_DIALER_DIAL_ENDPOINT", "PJSIP/{number}@trunk", "AAVA_DIALER_ARI_PASSWORD", "s3cret"));
        assertEquals(9090, cfg.web().port());
        assertEquals("http://10.0.0.5:8088", cfg.ari().url().toString());
        assertEquals("PJSIP/{number}@trunk", cfg.dial().endpoint());
        assertEquals("6789", cfg.dial().identity());
        assertEquals("asterisk-ai-voice-agent", cfg.ari().app());
        assertTrue(!cfg.ari().toString().contains("s3cret"), "secrets are masked");
        ConfigException bad = assertThrows(ConfigException.class, () -> ConfigLoader.load(config(), Map.of("AAVA_DIALER_WEB_PORT", "70000")));
        assertTrue(bad.getMessage().contains("web.port") && bad.getMessage().contains("AAVA_DIALER_WEB_PORT"), bad.getMessage());
        Files.writeString(dir.resolve("typo.yaml"), "web: {prot: 1}\n");
        assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("typo.yaml"), Map.of()))
                .getMessage().contains("unknown config key 'web.prot'"));
        assertThrows(ConfigException.class, () -> ConfigLoader.load(config(), Map.of("AAVA_DIALER_DIAL_ENDPOINT", "Local/x@y")));
        assertEquals("ulaw", cfg.dial().formats(), "dialed calls offer telephone audio unless told otherwise");
        assertEquals("ulaw,alaw", ConfigLoader.load(config(), Map.of("AAVA_DIALER_DIAL_FORMATS", "ulaw, alaw")).dial().formats());
        assertEquals("", ConfigLoader.load(config(), Map.of("AAVA_DIALER_DIAL_FORMATS", "")).dial().formats(), "Asterisk's choice");
        assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.load(config(), Map.of("AAVA_DIALER_DIAL_FORMATS", "ulaw;rm -rf")))
                .getMessage().contains("dial.formats"));
        ConfigLoader.load(Path.of("..", "etc", "aava-dialer.yaml").toAbsolutePath().normalize().toFile().exists()
                ? Path.of("..", "etc", "aava-dialer.yaml") : Path.of("etc", "aava-dialer.yaml"), Map.of()); // the sample is valid
    }

    @Test
    void theHumanCausesAreOneSettingForTheAgiScriptAndTheDialplanFallback() throws Exception {
        assertEquals(AmdHumanCauses.DEFAULT, ConfigLoader.load(config(), Map.of()).amd().humanCauses());
        assertEquals(List.of("MAXWORDS", "TOOLONG"),
                ConfigLoader.load(config(), Map.of("AAVA_DIALER_AMD_HUMAN_CAUSES", "maxwords, TOOLONG")).amd().humanCauses().prefixes());
        String bad = assertThrows(ConfigException.class, () -> ConfigLoader.load(config(), Map.of("AAVA_DIALER_AMD_HUMAN_CAUSES", "TOOLONG\"]?gone)")))
                .getMessage();
        assertTrue(bad.contains("amd.human_causes") && bad.contains("AAVA_DIALER_AMD_HUMAN_CAUSES"), bad);
        Path cfg = dir.resolve("causes.yaml");
        Files.writeString(cfg, Files.readString(config()) + "amd: {human_causes: [LONGGREETING]}\n");
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        try {
            assertEquals(0, Main.run(CommandLine.parse(new String[]{"dialplan", "--config", cfg.toString()})));
        } finally {
            System.setOut(old);
        }
        String dialplan = out.toString();
        assertTrue(dialplan.contains("GotoIf($[\"${AMDCAUSE:0:12}\" = \"LONGGREETING\"]?human)"), dialplan);
        assertTrue(!dialplan.contains("TOOLONG"), "the default causes are replaced, not added to");
    }

    @Test
    void everyCallCarriesTheAdvertisedFastAgiAddress() throws Exception {
        DialerConfig cfg = ConfigLoader.load(config(), Map.of("AAVA_DIALER_AGI_ADVERTISE_HOST", "10.9.8.7", "AAVA_DIALER_AGI_PORT", "4601"));
        assertEquals("agi://10.9.8.7:4601/outbound-amd", cfg.dialerSettings().agiUrl());
    }

    @Test
    void importAndBackupCommandsWork() throws Exception {
        Path cfg = config();
        long campaignId;
        try (SqliteStore store = SqliteStore.open(dir.resolve("d.db"), StoreOptions.defaults())) {
            campaignId = store.campaigns().create(Campaign.builder("cli").build()).join().id();
        }
        Path csv = dir.resolve("leads.csv");
        Files.writeString(csv, "name,phone_number\nA,7001\nB,7002\nC,oops\n");
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        try {
            assertEquals(0, Main.run(CommandLine.parse(new String[]{"import", Long.toString(campaignId), csv.toString(), "--config", cfg.toString()})));
            assertEquals(0, Main.run(CommandLine.parse(new String[]{"backup", dir.resolve("backup.db").toString(), "--config", cfg.toString()})));
            assertEquals(0, Main.run(CommandLine.parse(new String[]{"dialplan", "--config", cfg.toString()})));
        } finally {
            System.setOut(old);
        }
        String printed = out.toString();
        assertTrue(printed.contains("imported 2 leads") && printed.contains("1 rejected") && printed.contains("100%"), printed);
        assertTrue(printed.contains("[aava-outbound-amd]"), printed);
        try (SqliteStore backup = SqliteStore.open(dir.resolve("backup.db"), StoreOptions.defaults())) {
            assertEquals(2, backup.leads().page(new LeadQuery(campaignId, null, null, 1, 10)).join().total(), "the backup holds the data");
        }
        assertThrows(IllegalArgumentException.class, () -> Main.run(CommandLine.parse(new String[]{"backup", dir.resolve("backup.db").toString(),
                "--config", cfg.toString()})), "refuses to overwrite");
    }

    @Test
    void theImportCommandTakesXlsxAndRecordsAJob() throws Exception {
        Path cfg = config();
        long campaignId;
        try (SqliteStore store = SqliteStore.open(dir.resolve("d.db"), StoreOptions.defaults())) {
            campaignId = store.campaigns().create(Campaign.builder("cli xlsx").build()).join().id();
        }
        Path xlsx = dir.resolve("leads.xlsx");
        try (var out = Files.newOutputStream(xlsx); var wb = new org.dhatim.fastexcel.Workbook(out, "test", "1.0")) {
            var ws = wb.newWorksheet("Leads");
            ws.value(0, 0, "name");
            ws.value(0, 1, "phone");
            ws.value(1, 0, "A");
            ws.value(1, 1, 7001);
            ws.value(2, 0, "B");
            ws.value(2, 1, "+12125007002");
            ws.value(3, 0, "C");
            ws.value(3, 1, "oops");
        }
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        try {
            assertEquals(0, Main.run(CommandLine.parse(new String[]{"import", Long.toString(campaignId), xlsx.toString(), "--config", cfg.toString()})));
        } finally {
            System.setOut(old);
        }
        String printed = out.toString();
        assertTrue(printed.contains("(xlsx)") && printed.contains("imported 2 leads") && printed.contains("1 rejected"), printed);
        try (SqliteStore store = SqliteStore.open(dir.resolve("d.db"), StoreOptions.defaults())) {
            var job = store.importJobs().recent(campaignId, 1).join().getFirst();
            assertEquals("finished", job.status().wire());
            assertEquals(2, job.accepted());
            assertEquals("cli", job.actor());
            assertEquals("leads.xlsx", job.sourceName());
        }
    }
}
