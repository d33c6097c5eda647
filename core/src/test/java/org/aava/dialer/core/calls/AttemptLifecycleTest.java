package org.aava.dialer.core.calls;

import org.aava.dialer.core.ai.AttachTarget;
import org.aava.dialer.core.calls.AttemptLifecycle.Step;
import org.aava.dialer.core.calls.CallEvent.*;
import org.aava.dialer.core.model.ConsentResult;
import org.aava.dialer.core.model.HopResult;
import org.aava.dialer.core.model.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every (state, event) pair of {@link AttemptLifecycle}, against the table in {@code lifecycle/table.txt}: one line per
 * pair, {@code state | event | what happens}, where what happens is {@code ignored: <reason>} or the next phase
 * (with {@code closed}) and the commands in order. A pair missing from the table, or a table line for a pair that no
 * longer exists, fails.
 */
class AttemptLifecycleTest {
    static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
    static final CallPlan PLAN = new CallPlan(true, "sound:vm-drop", AttachTarget.dialplan("ai-agent", "s", 1), Duration.ofSeconds(45),
            Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofHours(1));
    static final CallPlan NO_VOICEMAIL = new CallPlan(false, null, AttachTarget.audioSocket("127.0.0.1", 9092), Duration.ofSeconds(45),
            Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofHours(1));

    static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    static HopResult hop(String status, String consent) {
        return new HopResult(1, status, status + "-1", status, "", ConsentResult.parse(consent));
    }

    /** The states a call can be in (ENDING is always closed: a decided outcome is closed at once). */
    static Map<String, CallState> states() {
        Map<String, CallState> s = new LinkedHashMap<>();
        CallState originating = CallState.originating(1, T0, PLAN);
        s.put("originating", originating);
        s.put("originating-unanswered", originating.unanswered());
        CallState hop = originating.answered(at(5));
        s.put("amd-hop", hop);
        s.put("amd-hop-no-voicemail", CallState.originating(1, T0, NO_VOICEMAIL).answered(at(5)));
        s.put("voicemail", hop.withHop(hop("MACHINE", "")).playing("aava-vm-1-x", at(8)));
        CallState attached = hop.withHop(hop("HUMAN", "")).enter(CallPhase.AI_ATTACHED, at(8));
        s.put("ai-attached", attached);
        s.put("ai-transferring", attached.pending(Outcome.TRANSFERRED, null));
        s.put("ai-duration-guard-fired", attached.guardFired());
        s.put("closed", hop.pending(Outcome.CONSENT_DENIED, null).enter(CallPhase.ENDING, at(8)).closing());
        return s;
    }

    static Map<String, CallEvent> events() {
        Map<String, CallEvent> e = new LinkedHashMap<>();
        Instant t = at(10);
        e.put("originate-unanswered", new OriginateFailed(t, OriginateFailure.UNANSWERED, "timeout"));
        e.put("originate-refused", new OriginateFailed(t, OriginateFailure.REFUSED, "HTTP 400: bad endpoint"));
        e.put("originate-failed", new OriginateFailed(t, OriginateFailure.FAILED, "HTTP 503: shutting down"));
        e.put("answered", new Answered(t));
        e.put("stasis-end", new StasisEnded(t));
        e.put("hop-human", new HopReturned(t, hop("HUMAN", "")));
        e.put("hop-human-accepted", new HopReturned(t, hop("HUMAN", "accepted")));
        e.put("hop-human-opted-out", new HopReturned(t, hop("HUMAN", "opted_out")));
        e.put("hop-human-denied", new HopReturned(t, hop("HUMAN", "denied")));
        e.put("hop-human-timeout", new HopReturned(t, hop("HUMAN", "timeout")));
        e.put("hop-machine", new HopReturned(t, hop("MACHINE", "")));
        e.put("hop-hangup", new HopReturned(t, hop("HANGUP", "")));
        e.put("hop-malformed", new HopMalformed(t, "[outbound_amd]"));
        e.put("hop-request-refused", new HopRequestFailed(t, true, "HTTP 404: no channel"));
        e.put("hop-request-unknown", new HopRequestFailed(t, false, "timeout"));
        e.put("dial-status-busy", new DialStatus(t, "BUSY"));
        e.put("playback-finished", new PlaybackFinished(t));
        e.put("playback-failed", new PlaybackFailed(t, "HTTP 404: no such sound"));
        e.put("destroyed-busy-486", new ChannelDestroyed(t, 17, "User busy", 486));
        e.put("destroyed-normal", new ChannelDestroyed(t, 16, "Normal Clearing", 0));
        e.put("attach-ok", new AttachResult(t, true, null));
        e.put("attach-failed", new AttachResult(t, false, "HTTP 500: no app"));
        e.put("ai-hangup", new AiHangup(t));
        e.put("ai-opt-out", new AiOptOut(t));
        e.put("ai-transfer", new AiTransfer(t, "from-internal", "200"));
        e.put("transfer-ok", new TransferResult(t, true));
        e.put("transfer-failed", new TransferResult(t, false));
        e.put("watchdog-early", new WatchdogExpired(at(20)));
        e.put("watchdog-late", new WatchdogExpired(at(2 * 3600)));
        e.put("channel-gone", new ChannelGone(t));
        return e;
    }

    /** What one step did, as a table cell. */
    static String describe(Step step) {
        if (step.wasIgnored()) return "ignored: " + step.ignored();
        CallState s = step.state();
        String commands = step.commands().stream().map(AttemptLifecycleTest::describe).collect(Collectors.joining(" "));
        return s.phase() + (s.closed() ? " closed" : "") + (s.pendingOutcome() != null ? " pending=" + s.pendingOutcome().wire() : "")
                + " :: " + (commands.isEmpty() ? "(none)" : commands);
    }

    static String describe(CallCommand c) {
        return switch (c) {
            case CallCommand.Originate o -> "originate";
            case CallCommand.Follow f -> "follow";
            case CallCommand.ContinueInDialplan d -> "continue(" + d.context() + "," + d.extension() + "," + d.purpose() + ")";
            case CallCommand.Play p -> "play(" + p.mediaUri() + ")";
            case CallCommand.Hangup h -> h.why() == null ? "hangup" : "hangup(" + h.why() + ")";
            case CallCommand.AttachAi a -> "attach(" + a.target().mode().wire() + ")";
            case CallCommand.AddToDnc d -> "dnc";
            case CallCommand.ScheduleTimer t -> "timer(" + (t.at() == null ? "none" : "+" + Duration.between(T0, t.at()).toSeconds() + "s") + ")";
            case CallCommand.ReleaseSlot r -> "release";
            case CallCommand.Journal j -> switch (j.entry()) {
                case CallCommand.Answer a -> "journal(answered)";
                case CallCommand.HopDecided h -> "journal(hop " + h.hop().amdStatus() + ")";
                case CallCommand.Attached a -> "journal(attached)";
                case CallCommand.Closed x -> "journal(close " + x.outcome().wire() + (x.error() == null ? "" : " \"" + x.error() + "\"")
                        + (x.requeueAt() == null ? "" : " requeue+" + Duration.between(x.at(), x.requeueAt()).toSeconds() + "s")
                        + (x.sipCode() > 0 ? " sip=" + x.sipCode() : "") + (x.countsForBreaker() ? "" : " not-for-breaker") + ")";
            };
        };
    }

    static Map<String, String> table() throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        try (InputStream in = AttemptLifecycleTest.class.getResourceAsStream("/lifecycle/table.txt")) {
            assertNotNull(in, "lifecycle/table.txt");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] cells = line.split(" \\| ", 3);
                rows.put(cells[0].trim() + " | " + cells[1].trim(), cells[2].trim());
            }
        }
        return rows;
    }

    static Stream<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        states().forEach((s, state) -> events().forEach((e, event) -> out.add(Arguments.of(s, e))));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} | {1}")
    @MethodSource("pairs")
    void everyPairDoesWhatTheTableSays(String state, String event) throws IOException {
        String expected = table().get(state + " | " + event);
        assertNotNull(expected, () -> "no table line for " + state + " | " + event + "; it does: "
                + describe(AttemptLifecycle.apply(states().get(state), events().get(event))));
        assertEquals(expected, describe(AttemptLifecycle.apply(states().get(state), events().get(event))));
    }

    @Test
    void theTableNamesNoPairThatDoesNotExist() throws IOException {
        for (String key : table().keySet()) {
            String[] p = key.split(" \\| ");
            assertTrue(states().containsKey(p[0]) && events().containsKey(p[1]), () -> "table line for an unknown pair: " + key);
        }
        assertEquals(states().size() * events().size(), table().size());
    }

    @Test
    void anIgnoredEventLeavesTheStateAsItWas() {
        states().forEach((s, state) -> events().forEach((e, event) -> {
            Step step = AttemptLifecycle.apply(state, event);
            if (step.wasIgnored()) {
                assertEquals(state, step.state(), s + " | " + e);
                assertTrue(step.commands().isEmpty(), s + " | " + e);
            }
        }));
    }

    @Test
    void everyCloseReleasesTheSlotOnceAndNothingFollowsIt() {
        states().forEach((s, state) -> events().forEach((e, event) -> {
            Step step = AttemptLifecycle.apply(state, event);
            long closes = step.commands().stream().filter(c -> c instanceof CallCommand.Journal j && j.entry() instanceof CallCommand.Closed).count();
            long releases = step.commands().stream().filter(c -> c instanceof CallCommand.ReleaseSlot).count();
            assertEquals(closes, releases, s + " | " + e);
            assertTrue(closes <= 1, s + " | " + e);
            if (closes == 1) {
                assertFalse(state.closed(), "a closed call is never closed again: " + s + " | " + e);
                assertTrue(step.state().closed());
                assertNull(AttemptLifecycle.deadline(step.state()), "a closed call has no deadline");
            }
        }));
    }

    @Test
    void theFirstStepSchedulesTheDialBudgetThenOriginates() {
        Step first = AttemptLifecycle.start(CallState.originating(1, T0, PLAN));
        assertEquals("ORIGINATING :: timer(+45s) originate", describe(first));
    }

    /** Prints the table as the lifecycle does it now (run by hand when a behaviour change is intended, then review the diff). */
    public static void main(String[] args) {
        states().forEach((s, state) -> events().forEach((e, event) ->
                System.out.println(s + " | " + e + " | " + describe(AttemptLifecycle.apply(state, event)))));
    }
}
