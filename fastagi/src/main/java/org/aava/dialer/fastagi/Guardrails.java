package org.aava.dialer.fastagi;

import org.aava.dialer.core.model.AmdHumanCauses;

import java.util.Locale;

/**
 * Turns AMD's raw verdict into the dialer's branch. AMD's classic errors lean towards MACHINE for
 * people (a slow "hello", silence on a real line): causes listed as human-first ({@code amd.human_causes},
 * {@code TOOLONG*} and {@code INITIALSILENCE*} by default) make the call HUMAN. Missing or unknown results
 * are MACHINE: a person then gets at most a voicemail drop, never an AI that talks to a machine.
 */
public final class Guardrails {
    private final AmdHumanCauses humanCauses;

    public Guardrails(AmdHumanCauses humanCauses) {
        this.humanCauses = humanCauses;
    }

    /** @return HUMAN, MACHINE or HANGUP */
    public String decide(String amdStatus, String amdCause) {
        String status = amdStatus == null ? "" : amdStatus.trim().toUpperCase(Locale.ROOT);
        if (status.equals("HANGUP")) return "HANGUP";
        if (humanCauses.matches(amdCause)) return "HUMAN";
        if (status.equals("HUMAN")) return "HUMAN";
        return "MACHINE";
    }
}
