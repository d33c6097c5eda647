package org.aava.dialer.fastagi;

import org.aava.dialer.core.model.AmdHumanCauses;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GuardrailsTest {
    private final Guardrails guardrails = new Guardrails(new AmdHumanCauses(List.of("TOOLONG", "INITIALSILENCE")));

    @ParameterizedTest
    @CsvSource({
            "HUMAN, HUMAN-1017-1000, HUMAN",
            "MACHINE, MAXWORDS-3-2, MACHINE",
            "MACHINE, LONGGREETING-2000-1500, MACHINE",
            "MACHINE, MAXWORDLENGTH-5000, MACHINE",
            "MACHINE, INITIALSILENCE-2014-2000, HUMAN",
            "NOTSURE, TOOLONG-5000, HUMAN",
            "NOTSURE, NOAUDIODATA-5000, MACHINE",
            "HANGUP, '', HANGUP",
            "'', '', MACHINE",
            "garbage, whatever, MACHINE",
            "human, human-900-800, HUMAN"
    })
    void mapsEveryAmdResult(String status, String cause, String expected) {
        assertEquals(expected, guardrails.decide(status, cause));
    }

    @ParameterizedTest
    @CsvSource({"MACHINE, INITIALSILENCE-2014-2000, MACHINE", "NOTSURE, TOOLONG-5000, MACHINE"})
    void guardrailsAreConfigurable(String status, String cause, String expected) {
        assertEquals(expected, new Guardrails(new AmdHumanCauses(List.of())).decide(status, cause));
    }
}
