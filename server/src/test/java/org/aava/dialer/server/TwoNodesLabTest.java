package org.aava.dialer.server;

import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.lab.LabAsterisk;
import org.aava.dialer.lab.LabInstance;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20: two dialer nodes, each on its own lab Asterisk, one PostgreSQL database, one campaign. Its
 * {@code max_concurrent} holds over both: the live calls summed over both Asterisks' channel lists never exceed it,
 * and every lead is dialed once, by one node or the other.
 */
class TwoNodesLabTest {
    private static final Pattern DIALED_CHANNEL = Pattern.compile("\"name\":\"Local/(71\\d\\d)@from-internal-[0-9a-f]+;1\"");

    @TempDir
    Path dir;

    @Test
    void aCampaignsMaxConcurrentHoldsOverTwoNodesOnTwoAsterisks() throws Exception {
        LabInstance.FIRST.requireOrSkip();
        LabInstance.SECOND.requireOrSkip();
        String database = freshPostgresDatabase();
        int maxConcurrent = 4;
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 40; i++) numbers.add(Integer.toString(7100 + i));
        Path one = Files.createDirectories(dir.resolve("node-1"));
        Path two = Files.createDirectories(dir.resolve("node-2"));
        try (LabDialer first = new LabDialer(one, null, LabInstance.FIRST, env(database, "node-1"));
             LabDialer second = new LabDialer(two, null, LabInstance.SECOND, env(database, "node-2"))) {
            AtomicInteger mostLive = new AtomicInteger();
            Map<String, Integer> perServerMost = new HashMap<>();
            AtomicBoolean watching = new AtomicBoolean(true);
            Thread watcher = new Thread(() -> {
                while (watching.get()) {
                    int a = liveCalls(LabInstance.FIRST);
                    int b = liveCalls(LabInstance.SECOND);
                    mostLive.accumulateAndGet(a + b, Math::max);
                    synchronized (perServerMost) {
                        perServerMost.merge("first", a, Math::max);
                        perServerMost.merge("second", b, Math::max);
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            watcher.start();
            Campaign c = first.campaign("two nodes", b -> b.maxConcurrent(maxConcurrent), numbers);
            second.application.pacer().invalidate();
            List<Attempt> attempts;
            try {
                assertTrue(LabAsterisk.await(Duration.ofSeconds(240), () -> {
                    List<Attempt> all = first.attempts(c.id());
                    return all.size() >= numbers.size() && all.stream().noneMatch(Attempt::open)
                            && first.application.flow().live().count(c.id()) == 0 && second.application.flow().live().count(c.id()) == 0;
                }), "the campaign's 40 calls all ended: " + first.attempts(c.id()));
                attempts = first.attempts(c.id());
            } finally {
                watching.set(false);
                watcher.join();
            }
            assertTrue(mostLive.get() <= maxConcurrent, "live calls summed over both Asterisks reached " + mostLive.get());
            assertTrue(mostLive.get() >= 2, "calls ran side by side: " + mostLive.get());
            assertEquals(numbers.size(), attempts.size(), "each lead dialed once: " + attempts);
            assertEquals(numbers.size(), attempts.stream().map(Attempt::phoneNumber).distinct().count());
            Map<String, Long> byNode = attempts.stream().collect(Collectors.groupingBy(a -> a.placement().nodeId(), Collectors.counting()));
            assertTrue(byNode.getOrDefault("node-1", 0L) > 0 && byNode.getOrDefault("node-2", 0L) > 0,
                    "both nodes dialed: " + byNode + ", most live per Asterisk " + perServerMost);
        }
    }

    private static Map<String, String> env(String database, String node) {
        return Map.of("AAVA_DIALER_DATABASE_URL", database, "AAVA_DIALER_DATABASE_USERNAME", pgUser(),
                "AAVA_DIALER_DATABASE_PASSWORD", System.getenv().getOrDefault("AAVA_TEST_PG_PASSWORD", ""), "AAVA_DIALER_NODE_ID", node);
    }

    /** Calls up on a lab Asterisk: the dialed side of each Local channel pair to a 71NN callee. */
    private static int liveCalls(LabInstance asterisk) {
        Matcher m = DIALED_CHANNEL.matcher(asterisk.ari("GET", "/ari/channels", null));
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    private static String pgUser() {
        return System.getenv().getOrDefault("AAVA_TEST_PG_USERNAME", "aava");
    }

    /** A new database on the test PostgreSQL (etc/pg/start.sh, which run-tests.sh starts). */
    private static String freshPostgresDatabase() throws Exception {
        String admin = System.getenv("AAVA_TEST_PG_URL");
        if (admin == null || admin.isBlank()) {
            if (Boolean.getBoolean("aava.lab.required")) throw new AssertionError("no PostgreSQL for the lab test (AAVA_TEST_PG_URL)");
            Assumptions.abort("no PostgreSQL: PG_ENV=$(etc/pg/start.sh) && eval \"$PG_ENV\"");
        }
        String name = "aava_two_nodes_" + ProcessHandle.current().pid();
        try (Connection c = DriverManager.getConnection(admin, pgUser(), System.getenv().getOrDefault("AAVA_TEST_PG_PASSWORD", ""));
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return admin.substring(0, admin.lastIndexOf('/') + 1) + name;
    }
}
