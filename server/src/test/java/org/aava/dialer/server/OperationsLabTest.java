package org.aava.dialer.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.lab.LabAsterisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compliance and operations on the lab: DNC as seen from Asterisk, metrics, structured logs, the check command. */
class OperationsLabTest {
    @TempDir
    Path dir;


    @Test
    void dncNumbersAreNeverDialedMetricsMatchAndLogsCarryTheIds() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger flowLog = (Logger) LoggerFactory.getLogger("org.aava.dialer.core.calls.CallFlow");
        // other tests in this JVM may have reconfigured Logback (the CLI sets WARN): ask for INFO explicitly
        ch.qos.logback.classic.Level previous = flowLog.getLevel();
        flowLog.setLevel(ch.qos.logback.classic.Level.INFO);
        flowLog.addAppender(logs);
        try (LabDialer dialer = new LabDialer(dir, null)) {
            var app = dialer.application;
            Map<String, Integer> before = Map.of("7001", LabAsterisk.dialedCount("7001"), "7002", LabAsterisk.dialedCount("7002"), "7006", LabAsterisk.dialedCount("7006"),
                    "7008", LabAsterisk.dialedCount("7008"), "7009", LabAsterisk.dialedCount("7009"));
            app.store().dnc().add("7002", null, "global opt-out", "test").join(); // on DNC before import
            Campaign c = dialer.campaign("dnc mix", b -> b.maxConcurrent(5), List.of("7001", "7002", "7006", "7008", "7009"));
            app.store().dnc().add("7009", c.id(), "asked on an earlier call", "test").join(); // after import
            Thread.sleep(300);
            Map<String, Attempt> a = dialer.awaitAllClosed(c.id(), 3, Duration.ofSeconds(60)).stream()
                    .collect(Collectors.toMap(Attempt::phoneNumber, Function.identity(), (x, y) -> x));

            // from Asterisk's side: the FreePBX stand-in counted every call it routed, per number
            assertEquals(before.get("7002"), LabAsterisk.dialedCount("7002"), "DNC before import: never reached Asterisk");
            assertEquals(before.get("7009"), LabAsterisk.dialedCount("7009"), "DNC after import: never reached Asterisk");
            assertEquals(before.get("7001") + 1, LabAsterisk.dialedCount("7001"));
            assertEquals(before.get("7008") + 1, LabAsterisk.dialedCount("7008"));
            assertEquals(3, a.size(), "only the allowed numbers have attempts: " + a.keySet());

            // the lab's talkative callee is AMD's classic false MACHINE with the default options (see README, AMD tuning)
            Attempt talkative = a.get("7006");
            assertEquals(Outcome.MACHINE_DETECTED, talkative.outcome(), talkative.toString());
            assertEquals("MACHINE", talkative.amdStatus());

            // metrics: the per-outcome counters match the attempts in the database
            String scrape = app.meters().scrape();
            for (var e : app.store().attempts().countOutcomes(c.id()).join().entrySet()) {
                String series = "aava_outbound_calls_total{campaign_id=\"" + c.id() + "\",outcome=\"" + e.getKey() + "\"}";
                assertTrue(scrape.contains(series + " " + e.getValue().doubleValue()), series + " = " + e.getValue() + " in\n"
                        + scrape.lines().filter(l -> l.startsWith("aava_outbound_calls")).collect(Collectors.joining("\n")));
            }
            assertTrue(scrape.contains("aava_outbound_amd_duration_seconds_bucket"), "AMD duration histogram");
            assertTrue(scrape.contains("aava_ari_connected 1.0"));
            assertTrue(scrape.contains("aava_leads_name_index_backlog "), "name index backlog gauge");
            assertTrue(scrape.contains("jvm_memory_used_bytes"));

            // structured logs: every line of an attempt carries its ids
            long attemptId = a.get("7001").id();
            List<ILoggingEvent> lines = logs.list.stream()
                    .filter(ev -> Long.toString(attemptId).equals(ev.getMDCPropertyMap().get("attempt_id"))).toList();
            assertTrue(lines.size() >= 4, "originate, answer, hop, attach, close: " + lines);
            for (ILoggingEvent ev : lines) {
                Map<String, String> mdc = ev.getMDCPropertyMap();
                assertEquals(Long.toString(c.id()), mdc.get("campaign_id"));
                assertEquals(Long.toString(a.get("7001").leadId()), mdc.get("lead_id"));
                assertEquals(a.get("7001").channelId(), mdc.get("channel_id"));
            }
            assertTrue(lines.stream().anyMatch(ev -> ev.getFormattedMessage().startsWith("attempt closed: answered_human")));
            assertTrue(logs.list.stream().noneMatch(ev -> ev.getFormattedMessage().contains(LabAsterisk.PASSWORD + "@")),
                    "no credentials in logs");

            // check: reports the missing dialplan context, then OK once it is loaded
            LabAsterisk.removeDialplan("aava-outbound-amd.conf");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int missing = new Check(app.config()).run(new PrintStream(out, true));
            assertEquals(3, missing, out.toString());
            assertTrue(out.toString().contains("dialplan: MISSING"), out.toString());
            LabAsterisk.installDialplan("aava-outbound-amd.conf", app.dialplanText());
            out.reset();
            assertEquals(0, new Check(app.config()).run(new PrintStream(out, true)), out.toString());
            assertTrue(out.toString().contains("dialplan: OK"), out.toString());
        } finally {
            flowLog.detachAppender(logs);
            flowLog.setLevel(previous);
        }
    }
}
