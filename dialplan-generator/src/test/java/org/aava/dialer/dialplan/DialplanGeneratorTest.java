package org.aava.dialer.dialplan;

import org.aava.dialer.core.model.AmdHumanCauses;
import org.aava.dialer.core.model.HopResult;
import org.aava.dialer.core.model.HopResultWire;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DialplanGeneratorTest {
    private final DialplanSettings settings = new DialplanSettings("my-app", "10.1.2.3", 4600, "2000,2000,1000,5000,100,50,10", "1.0");

    @Test
    void runsAmdThenOurAgiAndReturnsToTheConfiguredApp() {
        String text = new DialplanGenerator(settings).generate();
        assertTrue(text.contains("[aava-outbound-amd]"));
        assertTrue(text.contains("AMD(${AAVA_AMD_OPTS})"));
        assertTrue(text.contains("Set(AAVA_AMD_OPTS=2000,2000,1000,5000,100,50,10)"));
        assertTrue(text.contains("AGI(${AAVA_AGI_URL})"), text);
        assertTrue(text.contains("Stasis(my-app,${AAVA_HOP_ARGS})"));
        assertTrue(text.contains("Stasis(my-app,outbound_amd,${AAVA_ATTEMPT_ID},HUMAN,${AMDCAUSE},1,accepted)"));
        assertTrue(text.indexOf("AMD(") < text.indexOf("AGI("), "AMD runs before the AGI reads its result");
    }

    @Test
    void theHopReachesTheCallsOwnFastAgiAndTheConfiguredOneOnlyByDefault() {
        String text = new DialplanGenerator(settings).generate();
        String defaulting = " same => n,ExecIf($[${LEN(${AAVA_AGI_URL})} = 0]?Set(AAVA_AGI_URL=agi://10.1.2.3:4600/outbound-amd))\n";
        assertTrue(text.contains(defaulting), text);
        int agi = text.indexOf(" same => n,AGI(${AAVA_AGI_URL})\n");
        assertTrue(agi > text.indexOf(defaulting), "the default is in place before the AGI reads it");
        assertTrue(text.indexOf("AMD(${AAVA_AMD_OPTS})") < text.indexOf(defaulting));
        assertEquals(1, text.split("AGI\\(", -1).length - 1, "one AGI call, on the variable: " + text);
        // the hop's fallback still follows the AGI when it cannot be reached, whichever address the call named
        assertTrue(text.indexOf("?fallback)") > agi, text);
        assertFalse(text.contains("AGI(agi://"), "no address is hard-wired into the AGI call");
        assertTrue(text.contains("; Stasis app: my-app   FastAGI: agi://10.1.2.3:4600/outbound-amd (a call's AAVA_AGI_URL"), text);
    }

    @Test
    void theFallbackGuardrailsDefaultToTheAgiScriptsDefaultCauses() {
        String text = new DialplanGenerator(settings).generate();
        assertTrue(text.contains(" same => n,GotoIf($[\"${AMDCAUSE:0:7}\" = \"TOOLONG\"]?human)\n"), text);
        assertTrue(text.contains(" same => n,GotoIf($[\"${AMDCAUSE:0:14}\" = \"INITIALSILENCE\"]?human)\n"), text);
    }

    @Test
    void theFallbackGuardrailsUseTheConfiguredHumanCauses() {
        DialplanSettings configured = new DialplanSettings("my-app", "10.1.2.3", 4600, "2000,2000,1000,5000,100,50,10", "1.0",
                new AmdHumanCauses(List.of("maxwords", "LONGGREETING")));
        String text = new DialplanGenerator(configured).generate();
        assertTrue(text.contains(" same => n,GotoIf($[\"${AMDCAUSE:0:8}\" = \"MAXWORDS\"]?human)\n"), text);
        assertTrue(text.contains(" same => n,GotoIf($[\"${AMDCAUSE:0:12}\" = \"LONGGREETING\"]?human)\n"), text);
        assertFalse(text.contains("TOOLONG"), "a cause not configured has no jump");
        assertFalse(text.contains("INITIALSILENCE"), "a cause not configured has no jump");
        String none = new DialplanGenerator(new DialplanSettings("my-app", "10.1.2.3", 4600, "2000", "1.0",
                new AmdHumanCauses(List.of()))).generate();
        assertFalse(none.contains("${AMDCAUSE:0:"), "no causes, no cause jumps");
        for (String t : DialplanGenerator.jumpTargets(text)) assertTrue(DialplanGenerator.labels(text).contains(t), t);
    }

    @Test
    void everyFallbackReturnIsInTheFormatTheDialerParses() {
        String text = new DialplanGenerator(settings).generate();
        Matcher m = Pattern.compile("Stasis\\(my-app,(outbound_amd,[^)]*)\\)").matcher(text);
        int returns = 0;
        while (m.find()) {
            returns++;
            String expanded = m.group(1).replace("${AAVA_ATTEMPT_ID}", "42").replace("${AMDCAUSE}", "TOOLONG-5000")
                    .replace("${AAVA_CONSENT_DTMF}", "9");
            HopResult hop = HopResultWire.parse(Arrays.asList(expanded.split(",", -1)));
            assertEquals(42, hop.attemptId());
            assertEquals("TOOLONG-5000", hop.amdCause());
            assertTrue(hop.human() || hop.machine(), expanded);
        }
        assertEquals(6, returns, "machine, timeout, accepted, denied, opted out, skipped");
    }

    @Test
    void everyJumpTargetExistsAsALabel() {
        String text = new DialplanGenerator(settings).generate();
        List<String> labels = DialplanGenerator.labels(text);
        List<String> targets = DialplanGenerator.jumpTargets(text);
        assertTrue(targets.size() >= 10, "the parser found the jumps: " + targets);
        for (String t : targets) assertTrue(labels.contains(t), "jump to missing label '" + t + "' in\n" + text);
        assertEquals(labels.size(), labels.stream().distinct().count(), "labels are unique");
    }

    @Test
    void outputIsDeterministic() {
        assertEquals(new DialplanGenerator(settings).generate(), new DialplanGenerator(settings).generate());
    }

    @Test
    void invalidSettingsNameTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new DialplanSettings("bad app", "h", 1, "1", "v")).getMessage().startsWith("stasisApp"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new DialplanSettings("a", "h;Hangup()", 1, "1", "v")).getMessage().startsWith("agiHost"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new DialplanSettings("a", "h", 70000, "1", "v")).getMessage().startsWith("agiPort"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new DialplanSettings("a", "h", 1, "1,x", "v")).getMessage().startsWith("defaultAmdOptions"));
    }
}
