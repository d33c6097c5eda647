package org.aava.dialer.core.calls;

import org.aava.dialer.core.calls.AttemptLifecycle.Step;
import org.aava.dialer.core.testing.TraceLines;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real lab calls, replayed: each trace in {@code lifecycle/traces} holds the lifecycle inputs a lab dialer saw for its
 * calls (the state each started from and every event, in the order applied; recorded by the server's lab tests with
 * {@code -Daava.trace.dir}) and the outcome the store kept. Fed through {@link AttemptLifecycle} alone, every call
 * closes once, with the outcome the lab stored. To record them again (lab rules apply):
 * {@code mvn -pl server test -Dtest='*LabTest' -Daava.lab.required=true -Daava.trace.dir=/tmp/traces}, then copy the
 * files here.
 */
class AttemptTraceReplayTest {
    /** One recorded call: where it started, what happened, what the store kept. */
    record Call(String trace, long attemptId, CallState start, List<CallEvent> events, String stored) {
    }

    static List<Call> calls() throws IOException, URISyntaxException {
        Path dir = Path.of(AttemptTraceReplayTest.class.getResource("/lifecycle/traces").toURI());
        List<Call> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                Map<Long, CallState> starts = new LinkedHashMap<>();
                Map<Long, List<CallEvent>> events = new LinkedHashMap<>();
                Map<Long, String> stored = new LinkedHashMap<>();
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) continue;
                    Map<String, String> m = TraceLines.parse(line);
                    long attempt = Long.parseLong(m.get("attempt"));
                    switch (m.get("kind")) {
                        case "start" -> starts.put(attempt, TraceLines.state(m));
                        case "event" -> events.computeIfAbsent(attempt, k -> new ArrayList<>()).add(TraceLines.event(m));
                        case "stored" -> stored.put(attempt, m.get("outcome"));
                        default -> throw new IllegalArgumentException("unknown line in " + f + ": " + line);
                    }
                }
                String name = f.getFileName().toString();
                starts.forEach((id, start) -> {
                    if (stored.containsKey(id)) out.add(new Call(name, id, start, events.getOrDefault(id, List.of()), stored.get(id)));
                });
            }
        }
        return out;
    }

    /** The outcome the lifecycle closes the call with, checking that it closes exactly once. */
    static String replay(Call call) {
        CallState state = call.start();
        String outcome = null;
        for (CallEvent event : call.events()) {
            Step step = AttemptLifecycle.apply(state, event);
            for (CallCommand c : step.commands()) {
                if (c instanceof CallCommand.Journal j && j.entry() instanceof CallCommand.Closed closed) {
                    assertEquals(null, outcome, "closed twice: " + call);
                    outcome = closed.outcome().wire();
                }
            }
            state = step.state();
        }
        return outcome;
    }

    @TestFactory
    Stream<DynamicTest> everyRecordedCallEndsAsItDidOnTheLab() throws Exception {
        return calls().stream().map(call -> DynamicTest.dynamicTest(call.trace() + " attempt " + call.attemptId() + " " + call.stored(),
                () -> assertEquals(call.stored(), replay(call), () -> "replay of " + call)));
    }

    @Test
    void theTracesHoldTheCallsThatMatter() throws Exception {
        List<Call> calls = calls();
        assertFalse(calls.isEmpty());
        Set<String> outcomes = new TreeSet<>();
        calls.forEach(c -> outcomes.add(c.stored()));
        for (String o : List.of("answered_human", "voicemail_dropped", "consent_denied", "busy", "hangup_during_amd")) {
            assertTrue(outcomes.contains(o), "a recorded " + o + " call (recorded: " + outcomes + ")");
        }
        assertTrue(calls.stream().anyMatch(c -> c.events().stream().anyMatch(e -> e instanceof CallEvent.ChannelGone)),
                "a call lost to an Asterisk restart mid-call");
    }

    @Test
    void aTraceLineReadsBackAsTheSameRecord() {
        CallState s = AttemptLifecycleTest.states().get("voicemail");
        assertEquals(s, TraceLines.state(TraceLines.parse(TraceLines.start(s))));
        AttemptLifecycleTest.events().values().forEach(e ->
                assertEquals(e, TraceLines.event(TraceLines.parse(TraceLines.event(7, e))), e::toString));
        assertNotNull(TraceLines.parse(TraceLines.stored(7, "busy \"quoted\"\n")).get("outcome"));
        assertEquals("busy \"quoted\"\n", TraceLines.parse(TraceLines.stored(7, "busy \"quoted\"\n")).get("outcome"));
    }
}
