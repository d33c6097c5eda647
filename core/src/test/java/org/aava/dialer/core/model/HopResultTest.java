package org.aava.dialer.core.model;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HopResultTest {
    @Test
    void parsesTheFullForm() {
        HopResult h = HopResultWire.parse(List.of("outbound_amd", "42", "HUMAN", "HUMAN-1017-1000", "1", "accepted"));
        assertEquals(42, h.attemptId());
        assertEquals("HUMAN", h.amdStatus());
        assertEquals("HUMAN", h.rawAmdStatus());
        assertEquals("HUMAN-1017-1000", h.amdCause());
        assertEquals("1", h.dtmf());
        assertEquals(ConsentResult.ACCEPTED, h.consent());
        assertTrue(h.human());
        assertFalse(h.machine());
    }

    @Test
    void notSureIsTreatedAsMachineButKeptRaw() {
        HopResult h = HopResultWire.parse(List.of("outbound_amd", "42", "NOTSURE", "TOOLONG-5000", "", ""));
        assertEquals("MACHINE", h.amdStatus());
        assertEquals("NOTSURE", h.rawAmdStatus());
        assertTrue(h.machine());
        assertEquals(ConsentResult.SKIPPED, h.consent());
        assertEquals("", h.dtmf());
    }

    @Test
    void isLenientAboutCaseSpacesMissingTailAndTheLeadingKind() {
        HopResult d = HopResultWire.parse(List.of("OUTBOUND_AMD", " 7 ", " human ", "human-1-1", " 2 ", "Denied"));
        assertEquals(7, d.attemptId());
        assertEquals("HUMAN", d.amdStatus());
        assertEquals("HUMAN-1-1", d.amdCause());
        assertEquals("2", d.dtmf());
        assertEquals(ConsentResult.DENIED, d.consent());
        HopResult noKind = HopResultWire.parse(List.of("9", "MACHINE", "INITIALSILENCE-2500-2500"));
        assertEquals(9, noKind.attemptId());
        assertTrue(noKind.machine());
        assertEquals(ConsentResult.SKIPPED, noKind.consent());
        HopResult shortForm = HopResultWire.parse(List.of("outbound_amd", "5", "HANGUP"));
        assertEquals("HANGUP", shortForm.amdStatus());
        assertEquals("", shortForm.amdCause());
        HopResult nulls = HopResultWire.parse(Arrays.asList("outbound_amd", "5", "HUMAN", null, null, null));
        assertEquals("", nulls.amdCause());
        assertEquals(ConsentResult.SKIPPED, nulls.consent());
        assertEquals(ConsentResult.TIMEOUT, HopResultWire.parse(List.of("outbound_amd", "5", "HUMAN", "", "", "timeout")).consent());
        assertEquals(ConsentResult.SKIPPED, HopResultWire.parse(List.of("outbound_amd", "5", "HUMAN", "", "", "maybe")).consent());
    }

    @Test
    void rejectsArgumentsWithoutAnAttemptId() {
        assertThrows(IllegalArgumentException.class, () -> HopResultWire.parse(List.of()));
        assertThrows(IllegalArgumentException.class, () -> HopResultWire.parse(List.of("outbound_amd")));
        assertThrows(IllegalArgumentException.class, () -> HopResultWire.parse(List.of("outbound_amd", "x")));
        assertThrows(IllegalArgumentException.class, () -> HopResultWire.parse(List.of("outbound_amd", "x", "HUMAN")));
        assertThrows(IllegalArgumentException.class, () -> HopResultWire.parse(List.of("outbound_amd", "", "HUMAN")));
    }

    @Test
    void consentParsesLeniently() {
        assertEquals(ConsentResult.SKIPPED, ConsentResult.parse(null));
        assertEquals(ConsentResult.SKIPPED, ConsentResult.parse(" "));
        assertEquals(ConsentResult.ACCEPTED, ConsentResult.parse(" ACCEPTED "));
        assertEquals("denied", ConsentResult.DENIED.wire());
    }
}
