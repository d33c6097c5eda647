package org.aava.dialer.server;

import org.aava.dialer.server.config.ConfigException;
import org.aava.dialer.server.config.ConfigLoader;
import org.aava.dialer.server.config.DialerConfig;
import org.aava.dialer.core.model.Placement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node keys of issue 20: node.id (the host name by default), node.heartbeat_seconds, node.expiry_seconds. */
class NodeConfigTest {
    @TempDir
    Path dir;

    private DialerConfig load(Map<String, String> env) throws Exception {
        Path cfg = dir.resolve("cfg.yaml");
        Files.writeString(cfg, "database: {path: \"" + dir.resolve("d.db") + "\"}\nmedia: {dir: \"" + dir.resolve("media") + "\"}\n"
                + "ari: {url: \"http://10.0.0.5:8088\", app: aava-dialer}\n");
        return ConfigLoader.load(cfg, env);
    }

    private String error(Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> load(env)).getMessage();
    }

    @Test
    void defaultsAreTheHostNameFiveAndFifteenSeconds() throws Exception {
        DialerConfig cfg = load(Map.of());
        assertEquals(InetAddress.getLocalHost().getHostName(), cfg.node().id());
        assertEquals(Duration.ofSeconds(5), cfg.node().heartbeat());
        assertEquals(Duration.ofSeconds(15), cfg.node().expiry());
    }

    @Test
    void theEnvironmentSetsTheNodeAndItsAttemptsNameItAndTheServer() throws Exception {
        DialerConfig cfg = load(Map.of("AAVA_DIALER_NODE_ID", "dialer-2.eu", "AAVA_DIALER_NODE_HEARTBEAT_SECONDS", "2",
                "AAVA_DIALER_NODE_EXPIRY_SECONDS", "7"));
        assertEquals("dialer-2.eu", cfg.node().id());
        assertEquals(Duration.ofSeconds(2), cfg.node().heartbeat());
        assertEquals(Duration.ofSeconds(7), cfg.node().expiry());
        assertEquals(new Placement("dialer-2.eu", "10.0.0.5:8088/aava-dialer"), cfg.dialerSettings().placement(),
                "the server is named from the shared ari.* settings, so every node with them names it alike");
    }

    @Test
    void badValuesAreRefusedNamingTheKeyAndItsVariable() {
        String e = error(Map.of("AAVA_DIALER_NODE_ID", "node one"));
        assertTrue(e.contains("node.id") && e.contains("AAVA_DIALER_NODE_ID") && e.contains("'node one'"), e);
        assertTrue(error(Map.of("AAVA_DIALER_NODE_ID", "-lead")).contains("node.id"), "must start with a letter or digit");
        assertTrue(error(Map.of("AAVA_DIALER_NODE_ID", "x".repeat(65))).contains("node.id"));
        assertTrue(error(Map.of("AAVA_DIALER_NODE_HEARTBEAT_SECONDS", "0")).contains("node.heartbeat_seconds"));
        String expiry = error(Map.of("AAVA_DIALER_NODE_HEARTBEAT_SECONDS", "10", "AAVA_DIALER_NODE_EXPIRY_SECONDS", "10"));
        assertTrue(expiry.contains("node.expiry_seconds") && expiry.contains("greater than node.heartbeat_seconds (10)"), expiry);
    }
}
