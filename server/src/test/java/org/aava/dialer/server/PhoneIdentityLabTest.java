package org.aava.dialer.server;

import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.core.phone.PhoneNumbers;
import org.aava.dialer.core.ports.LeadQuery;
import org.aava.dialer.core.scheduler.Eligibility;
import org.aava.dialer.lab.LabAsterisk;
import org.aava.dialer.prompts.ShippedPrompts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On the real lab: the opt-out key ends the call opted_out with a global DNC entry, and a campaign mixing a DNC
 * number (entered in another format), a number outside its callee's local hours and allowed numbers dials only
 * the allowed ones, as Asterisk's own channel list shows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PhoneIdentityLabTest {
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

    @Test
    void theOptOutKeyEndsTheCallOptedOutWithAGlobalDncEntry() {
        Campaign c = dialer.campaign("opt-out key", b -> b.consent(true, ShippedPrompts.CONSENT_URI, 6), List.of("7013"));
        Attempt a = dialer.awaitAllClosed(c.id(), 1, Duration.ofSeconds(60)).get(0);
        assertEquals(Outcome.OPTED_OUT, a.outcome(), a.toString());
        assertEquals("9", a.consentDtmf());
        assertEquals(LeadState.DNC, dialer.application.store().leads().find(a.leadId()).join().orElseThrow().state());
        assertTrue(LabAsterisk.await(Duration.ofSeconds(5), () -> dialer.application.store().dnc().isBlocked(0, "7013").join()),
                "on the global list");
        var entry = dialer.application.store().dnc().page(null, true, "7013", 1, 5).join().items().get(0);
        assertEquals("opt_out_keypress", entry.source());
        assertEquals(null, entry.campaignId());
    }

    @Test
    void aMixedCampaignDialsOnlyTheAllowedNumbers() throws Exception {
        PhoneNumbers phones = PhoneNumbers.defaults();
        Campaign probe = Campaign.builder("probe").window(java.time.LocalTime.MIDNIGHT, java.time.LocalTime.MIDNIGHT)
                .localHours(org.aava.dialer.core.time.LocalHours.OFF).build();
        Instant now = Instant.now();
        // whatever the hour, one of these zones is inside 08:00-21:00 (and state rules) and one is outside
        String allowed = null, outside = null;
        for (String npa : List.of("212", "671", "808", "415", "787", "907")) {
            String n = "+1" + npa + "5557002";
            Eligibility.Verdict v = Eligibility.of(probe, Lead.newPending(0, n, n, null, "{}", null, null, null), now);
            if (v.eligible() && allowed == null && v.until() == null) allowed = n;
            if (!v.eligible() && outside == null && v.until() != null && v.until().isAfter(now.plus(Duration.ofMinutes(10)))) outside = n;
        }
        assertNotNull(allowed, "a zone inside its calling hours");
        assertNotNull(outside, "a zone outside its calling hours for the next 10 minutes");
        final String blocked = outside;
        String dncNumber = allowed.substring(0, allowed.length() - 4) + "7005";
        // the operator enters the DNC number as people write it; the lead carries it in E.164
        String written = "(" + dncNumber.substring(2, 5) + ") " + dncNumber.substring(5, 8) + "-" + dncNumber.substring(8);
        dialer.application.store().dnc().add(phones.parse(written).normalized(), null, "asked", "admin").join();

        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = Thread.ofVirtual().start(() -> {
            Pattern local = Pattern.compile("Local/([0-9]+)@from-internal");
            while (watching.get()) {
                Matcher m = local.matcher(LabAsterisk.cli("core show channels concise"));
                while (m.find()) seen.add(m.group(1));
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            Campaign c = dialer.campaign("mixed", b -> { }, List.of("7002", allowed, outside, dncNumber));
            List<Attempt> attempts = dialer.awaitAllClosed(c.id(), 2, Duration.ofSeconds(90));
            Thread.sleep(3000); // a wrongly leased lead would be dialed within a few pacer ticks
            watching.set(false);
            watcher.join(2000);
            String allowedDigits = allowed.substring(1);
            assertEquals(Set.of("7002", allowedDigits), seen, "Asterisk's channel list shows only the allowed numbers");
            assertEquals(2, dialer.attempts(c.id()).size(), attempts.toString());
            assertEquals(1, LabAsterisk.dialedCount(allowedDigits));
            assertEquals(0, LabAsterisk.dialedCount(outside.substring(1)));
            assertEquals(0, LabAsterisk.dialedCount(dncNumber.substring(1)));
            var leads = dialer.application.store().leads().page(new LeadQuery(c.id(), null, null, 1, 10)).join().items();
            Lead dnc = leads.stream().map(v -> v.lead()).filter(l -> l.phoneNormalized().equals(dncNumber)).findFirst().orElseThrow();
            assertEquals(LeadState.DNC, dnc.state());
            Lead waiting = leads.stream().map(v -> v.lead()).filter(l -> l.phoneNormalized().equals(blocked)).findFirst().orElseThrow();
            assertEquals(LeadState.PENDING, waiting.state());
            assertNotNull(waiting.nextAttemptAt(), "released until its local hours open");
            assertFalse(waiting.nextAttemptAt().isBefore(now.plus(Duration.ofMinutes(10))));
        } finally {
            watching.set(false);
        }
    }
}
