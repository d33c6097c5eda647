package org.aava.dialer.core.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HopResultWireTest {
    /** How Asterisk hands Stasis arguments to ARI: split on commas. */
    private static List<String> stasisArgs(String wire) {
        return Arrays.asList(wire.split(",", -1));
    }

    @ParameterizedTest
    @EnumSource(ConsentResult.class)
    void whatTheAgiScriptWritesParsesBackToTheSameResult(ConsentResult consent) {
        HopResult sent = new HopResult(42, "HUMAN", "HUMAN-1017-1000", "HUMAN", "1", consent);
        String wire = HopResultWire.write(sent.attemptId(), sent.amdStatus(), sent.amdCause(), sent.dtmf(), sent.consent());
        assertEquals(sent, HopResultWire.parse(stasisArgs(wire)));
    }

    @Test
    void machinesAndHangupsRoundTripWithEmptyFields() {
        HopResult machine = new HopResult(7, "MACHINE", "MAXWORDS-3-2", "MACHINE", "", ConsentResult.SKIPPED);
        assertEquals(machine, HopResultWire.parse(stasisArgs(HopResultWire.write(7, "MACHINE", "MAXWORDS-3-2", "", ConsentResult.SKIPPED))));
        HopResult hangup = new HopResult(8, "HANGUP", "", "HANGUP", "", ConsentResult.SKIPPED);
        assertEquals(hangup, HopResultWire.parse(stasisArgs(HopResultWire.write(8, "HANGUP", null, null, ConsentResult.SKIPPED))));
    }

    @Test
    void aCommaInTheCauseCannotShiftTheFields() {
        String wire = HopResultWire.write(9, "HUMAN", "ODD,CAUSE", "2", ConsentResult.DENIED);
        assertEquals(6, stasisArgs(wire).size(), wire);
        HopResult back = HopResultWire.parse(stasisArgs(wire));
        assertEquals("ODD_CAUSE", back.amdCause());
        assertEquals(ConsentResult.DENIED, back.consent());
        assertEquals("2", back.dtmf());
    }

    @Test
    void theDialplanWriterHasTheAgiWritersFieldOrder() {
        String template = HopResultWire.dialplan("${AAVA_ATTEMPT_ID}", "HUMAN", "${AMDCAUSE}", "${AAVA_CONSENT_DTMF}", ConsentResult.OPTED_OUT);
        assertEquals("outbound_amd,${AAVA_ATTEMPT_ID},HUMAN,${AMDCAUSE},${AAVA_CONSENT_DTMF},opted_out", template);
        // what Asterisk makes of it once the variables are expanded
        String expanded = template.replace("${AAVA_ATTEMPT_ID}", "31").replace("${AMDCAUSE}", "TOOLONG-5000")
                .replace("${AAVA_CONSENT_DTMF}", "9");
        assertEquals(HopResultWire.write(31, "HUMAN", "TOOLONG-5000", "9", ConsentResult.OPTED_OUT), expanded);
        HopResult back = HopResultWire.parse(stasisArgs(expanded));
        assertEquals(new HopResult(31, "HUMAN", "TOOLONG-5000", "HUMAN", "9", ConsentResult.OPTED_OUT), back);
    }

    @Test
    void notSureIsParsedAsMachineAndKeptRaw() {
        HopResult h = HopResultWire.parse(stasisArgs(HopResultWire.write(3, "NOTSURE", "TOOLONG-5000", "", ConsentResult.SKIPPED)));
        assertTrue(h.machine());
        assertEquals("MACHINE", h.amdStatus());
        assertEquals("NOTSURE", h.rawAmdStatus());
    }

    @Test
    void humanCausesAreNormalisedAndMatchedByPrefix() {
        AmdHumanCauses causes = new AmdHumanCauses(Arrays.asList(" toolong ", "", null, "MAXWORDS"));
        assertEquals(List.of("TOOLONG", "MAXWORDS"), causes.prefixes());
        assertTrue(causes.matches("toolong-5000"));
        assertTrue(causes.matches("MAXWORDS-3-2"));
        assertFalse(causes.matches("INITIALSILENCE-2500-2500"));
        assertFalse(causes.matches(null));
        assertEquals(List.of("TOOLONG", "INITIALSILENCE"), AmdHumanCauses.DEFAULT.prefixes());
    }

    @Test
    void humanCausesRefuseTextThatCouldBreakTheDialplan() {
        for (String bad : List.of("TOO\"LONG", "A)B", "X]?human", "A B", "${X}")) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new AmdHumanCauses(List.of(bad)), bad);
        }
    }
}
