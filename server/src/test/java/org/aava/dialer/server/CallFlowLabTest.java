package org.aava.dialer.server;

import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.ConsentResult;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.core.ports.LeadQuery;
import org.aava.dialer.lab.LabAsterisk;
import org.aava.dialer.prompts.ShippedPrompts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbound call flow end to end on the real Asterisk lab: originate through
 * {@code Local/<n>@from-internal}, the generated AMD hop with our FastAGI server, consent, AI attach
 * (dialplan mode into the lab's recorder context), voicemail drop, and every unanswered cause.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallFlowLabTest {
    @TempDir
    static Path dir;
    private LabDialer dialer;

    @BeforeAll
    void start() throws Exception {
        dialer = new LabDialer(dir, null);
    }

    @AfterAll
    void stop() {
        if (dialer != null) dialer.close();
    }

    private static Map<String, Attempt> byNumber(List<Attempt> attempts) {
        return attempts.stream().collect(Collectors.toMap(Attempt::phoneNumber, Function.identity(), (a, b) -> a));
    }

    @Test
    void voicemailCampaignWithoutConsent() {
        Campaign c = dialer.campaign("no consent, voicemail on", b -> b.voicemail(true, ShippedPrompts.VOICEMAIL_URI),
                List.of("7001", "7002", "7007", "7008", "7009", "7010", "7011"));
        Map<String, Attempt> a = byNumber(dialer.awaitAllClosed(c.id(), 7, Duration.ofSeconds(90)));

        Attempt human = a.get("7001");
        assertEquals(Outcome.ANSWERED_HUMAN, human.outcome(), human.toString());
        assertEquals("HUMAN", human.amdStatus());
        assertEquals(ConsentResult.SKIPPED, human.consentResult());
        assertNotNull(human.callHistoryId(), "a call history row for the AI call");
        assertTrue(human.durationSeconds() >= 2, "talk time counted: " + human);
        assertTrue(human.effectivePrompt().contains("## Lead Context (read-only)"), "effective prompt stored for audit");
        // what the lab's AI side received (dialplan attach mode records the variables it was handed)
        String handed = LabAsterisk.global("LAB_AI_" + human.id());
        assertNotNull(handed, "the AI side received the call");
        assertTrue(handed.startsWith("default|default|lab_provider|"), handed);
        String json = new String(Base64.getDecoder().decode(LabAsterisk.global("LAB_AI_JSON_" + human.id())), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"phone_number\" : \"7001\"") && json.contains("\"number\" : \"7001\""), json);
        assertEquals("6789", LabAsterisk.global("LAB_AMPUSER_7001"), "FreePBX sees the dialer's extension");

        Attempt machine = a.get("7002");
        assertEquals(Outcome.VOICEMAIL_DROPPED, machine.outcome(), machine.toString());
        assertEquals("MACHINE", machine.amdStatus());
        // AMD (~2 s), WaitForSilence for the greeting, then the 8.4 s drop played to PlaybackFinished
        assertTrue(machine.durationSeconds() >= 9, "the voicemail drop played to the end: " + machine);

        Attempt hangup = a.get("7007");
        assertEquals(Outcome.HANGUP_DURING_AMD, hangup.outcome(), hangup.toString());
        assertNull(hangup.callHistoryId(), "no AI attach");

        assertEquals(Outcome.BUSY, a.get("7008").outcome());
        assertEquals(17, a.get("7008").hangupCause());
        assertEquals(Outcome.CONGESTION, a.get("7009").outcome());
        assertEquals(34, a.get("7009").hangupCause());
        assertEquals(Outcome.NO_ANSWER, a.get("7010").outcome());
        assertEquals(19, a.get("7010").hangupCause());
        assertEquals(Outcome.REJECTED, a.get("7011").outcome());
        assertEquals(21, a.get("7011").hangupCause());

        List<Lead> leads = dialer.application.store().leads().page(new LeadQuery(c.id(), null, null, 1, 50)).join().items()
                .stream().map(v -> v.lead()).toList();
        assertTrue(leads.stream().noneMatch(l -> l.state().isLive()), "no lead left in a live state: " + leads);
        assertTrue(LabAsterisk.await(Duration.ofSeconds(10), () -> dialer.application.store().campaigns().find(c.id()).join()
                .orElseThrow().status() == org.aava.dialer.core.model.CampaignStatus.COMPLETED), "the campaign completes by itself");
    }

    @Test
    void consentCampaignWithoutVoicemail() {
        Campaign c = dialer.campaign("consent on, voicemail off", b -> b.consent(true, ShippedPrompts.CONSENT_URI, 4),
                List.of("7003", "7004", "7005", "7002"));
        Map<String, Attempt> a = byNumber(dialer.awaitAllClosed(c.id(), 4, Duration.ofSeconds(90)));

        Attempt accepted = a.get("7003");
        assertEquals(Outcome.ANSWERED_HUMAN, accepted.outcome(), accepted.toString());
        assertEquals("1", accepted.consentDtmf());
        assertEquals(ConsentResult.ACCEPTED, accepted.consentResult());

        Attempt denied = a.get("7004");
        assertEquals(Outcome.CONSENT_DENIED, denied.outcome(), denied.toString());
        assertEquals("2", denied.consentDtmf());
        Lead deniedLead = dialer.application.store().leads().find(denied.leadId()).join().orElseThrow();
        assertEquals(LeadState.CANCELED, deniedLead.state());
        assertTrue(dialer.application.store().leads().recycle(deniedLead.id(), false).join(), "a denied lead is recyclable");

        Attempt silent = a.get("7005");
        assertEquals(Outcome.CONSENT_TIMEOUT, silent.outcome(), silent.toString());
        assertTrue(silent.amdCause().startsWith("INITIALSILENCE"), "the guardrail made the silent line HUMAN: " + silent);

        Attempt machine = a.get("7002");
        assertEquals(Outcome.MACHINE_DETECTED, machine.outcome(), machine.toString());
    }

    @Test
    void pacingHoldsOnAsterisksOwnChannelList() throws Exception {
        Campaign c = dialer.campaign("pacing", b -> b.maxConcurrent(2).minIntervalSeconds(5).dialTimeoutSeconds(15),
                List.of("7001", "7003", "7005", "7006", "7002", "7004"));
        int maxSeen = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(100).toNanos();
        while (System.nanoTime() < deadline) {
            long ours = LabAsterisk.channelIds().stream().filter(id -> id.startsWith("aava-") && !id.endsWith(";2") && !id.endsWith("-as")).count();
            maxSeen = Math.max(maxSeen, (int) ours);
            assertTrue(ours <= 2, "Asterisk shows " + ours + " of our calls live; the cap is 2");
            List<Attempt> all = dialer.attempts(c.id());
            if (all.size() == 6 && all.stream().noneMatch(Attempt::open)) break;
            Thread.sleep(200);
        }
        List<Attempt> all = dialer.awaitAllClosed(c.id(), 6, Duration.ofSeconds(5));
        assertTrue(maxSeen >= 1, "calls were sampled live");
        List<java.time.Instant> starts = all.stream().map(Attempt::startedAt).sorted().toList();
        for (int i = 1; i < starts.size(); i++) {
            assertTrue(Duration.between(starts.get(i - 1), starts.get(i)).toMillis() >= 5000,
                    "originations at least 5 s apart: " + starts);
        }
    }

    @Test
    void aClosedWindowPlacesNoCallAndSaysWhy() throws Exception {
        ZoneId zone = ZoneId.of("Pacific/Kiritimati");
        LocalTime now = ZonedDateTime.now(zone).toLocalTime();
        LocalTime start = now.plusHours(2).withMinute(0), end = now.plusHours(3).withMinute(0);
        Campaign c = dialer.campaign("closed window", b -> b.timezone(zone).window(start, end), List.of("7001"));
        Thread.sleep(1500);
        assertTrue(dialer.attempts(c.id()).isEmpty(), "no call outside the window");
        var status = dialer.application.pacer().status(c.id()).orElseThrow();
        assertEquals("outside_window", status.code());
        assertTrue(status.message().startsWith("outside window (opens "), status.message());
    }
}
