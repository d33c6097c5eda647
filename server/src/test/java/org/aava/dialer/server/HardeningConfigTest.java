package org.aava.dialer.server;

import org.aava.dialer.server.config.ConfigException;
import org.aava.dialer.server.config.ConfigLoader;
import org.aava.dialer.server.config.DialerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hardening keys of issue 17: limits, cookie and proxy settings, password length, unknown environment variables. */
class HardeningConfigTest {
    @TempDir
    Path dir;

    private Path config() throws Exception {
        Path cfg = dir.resolve("cfg.yaml");
        Files.writeString(cfg, "database: {path: \"" + dir.resolve("d.db") + "\"}\nmedia: {dir: \"" + dir.resolve("media") + "\"}\n");
        return cfg;
    }

    private String error(Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(config(), env)).getMessage();
    }

    @Test
    void limitsHaveDefaultsAndAreValidated() throws Exception {
        DialerConfig cfg = ConfigLoader.load(config(), Map.of());
        assertEquals(2000, cfg.agi().maxConnections());
        assertEquals(1000, cfg.web().maxConnections());
        assertFalse(cfg.web().cookieSecure());
        assertFalse(cfg.metrics().requireToken());
        cfg = ConfigLoader.load(config(), Map.of("AAVA_DIALER_AGI_MAX_CONNECTIONS", "50", "AAVA_DIALER_WEB_MAX_CONNECTIONS", "60",
                "AAVA_DIALER_WEB_COOKIE_SECURE", "true", "AAVA_DIALER_WEB_TRUSTED_PROXIES", "127.0.0.1, ::1", "AAVA_DIALER_METRICS_REQUIRE_TOKEN", "yes"));
        assertEquals(50, cfg.agi().maxConnections());
        assertEquals(60, cfg.web().maxConnections());
        assertTrue(cfg.web().cookieSecure());
        assertEquals(List.of("127.0.0.1", "::1"), cfg.web().trustedProxies());
        assertTrue(cfg.metrics().requireToken());
        assertTrue(error(Map.of("AAVA_DIALER_AGI_MAX_CONNECTIONS", "0")).contains("agi.max_connections"));
        assertTrue(error(Map.of("AAVA_DIALER_WEB_MAX_CONNECTIONS", "lots")).contains("web.max_connections"));
        assertTrue(error(Map.of("AAVA_DIALER_WEB_READ_TIMEOUT_SECONDS", "0")).contains("web.read_timeout_seconds"));
        assertTrue(error(Map.of("AAVA_DIALER_WEB_TRUSTED_PROXIES", "evil.example")).contains("web.trusted_proxies"));
    }

    @Test
    void aShortAdminPasswordIsRefused() throws Exception {
        String e = error(Map.of("AAVA_DIALER_WEB_ADMIN_PASSWORD", "x"));
        assertTrue(e.contains("web.admin_password") && e.contains("12"), e);
        assertEquals("a-long-enough-pass", ConfigLoader.load(config(), Map.of("AAVA_DIALER_WEB_ADMIN_PASSWORD", "a-long-enough-pass")).web().adminPassword());
    }

    @Test
    void anUnknownEnvironmentVariableIsRefused() throws Exception {
        String e = error(Map.of("AAVA_DIALER_DATABASE_URL", "jdbc:x"));
        assertTrue(e.contains("AAVA_DIALER_DATABASE_URL"), e);
        assertTrue(error(Map.of("AAVA_DIALER_WEB_PROT", "9090")).contains("AAVA_DIALER_WEB_PROT"));
        ConfigLoader.load(config(), Map.of("OTHER_VAR", "x", "AAVA_DIALER_DATABASE_PATH", dir.resolve("e.db").toString()));
    }

    @Test
    void aTransferToolNeedsItsTargetList() throws Exception {
        Path cfg = dir.resolve("ctx.yaml");
        Files.writeString(cfg, "database: {path: \"" + dir.resolve("d.db") + "\"}\nmedia: {dir: \"" + dir.resolve("media") + "\"}\n"
                + "contexts:\n  sales:\n    tools: [transfer]\n    attach: {mode: stasis, app: ai}\n");
        String e = assertThrows(ConfigException.class, () -> ConfigLoader.load(cfg, Map.of())).getMessage();
        assertTrue(e.contains("transfer_targets"), e);
        Files.writeString(cfg, Files.readString(cfg) + "    transfer_targets: [\"100@from-internal\"]\n");
        assertEquals(List.of("100@from-internal"), ConfigLoader.load(cfg, Map.of()).contexts().resolve("sales", "sales").transferTargets());
        Files.writeString(cfg, Files.readString(cfg).replace("100@from-internal", "100@from internal; Dial(x)"));
        assertThrows(ConfigException.class, () -> ConfigLoader.load(cfg, Map.of()));
    }

    @Test
    void credentialsInTheAriUrlAreMaskedAndAFullDiskIsSeen() throws Exception {
        DialerConfig cfg = ConfigLoader.load(config(), Map.of("AAVA_DIALER_ARI_URL", "http://ariuser:s3cret-pass@127.0.0.1:8088"));
        assertFalse(cfg.ari().toString().contains("s3cret-pass"), cfg.ari().toString());
        assertEquals("http://***@127.0.0.1:8088", cfg.ari().maskedUrl());
        assertEquals("http://127.0.0.1:8088/", org.aava.dialer.ari.AriSettings.masked("http://127.0.0.1:8088/"));
        assertEquals("full", DiskSpace.state(dir.resolve("d.db"), Long.MAX_VALUE));
        assertEquals("ok", DiskSpace.state(dir.resolve("d.db"), 1));
    }
}
