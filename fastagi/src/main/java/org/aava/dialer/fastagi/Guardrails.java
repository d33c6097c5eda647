package org.aava.dialer.fastagi;

import java.util.List;
import java.util.Locale;

/**
 * Turns AMD's raw verdict into the dialer's branch. AMD's classic errors lean towards MACHINE for
 * people (a slow "hello", silence on a real line): causes listed as human-first ({@code TOOLONG*},
 * {@code INITIALSILENCE*} by default) make the call HUMAN. Missing or unknown results are MACHINE:
 * a person then gets at most a voicemail drop, never an AI that talks to a machine.
 */
public final class Guardrails {
    private final List<String> humanCausePrefixes;

    public Guardrails(List<String> humanCausePrefixes) {
        this.humanCausePrefixes = humanCausePrefixes.stream().map(p -> p.trim().toUpperCase(Locale.ROOT)).toList();
    }

    /** @return HUMAN, MACHINE or HANGUP */
    public String decide(String amdStatus, String amdCause) {
        String status = amdStatus == null ? "" : amdStatus.trim().toUpperCase(Locale.ROOT);
        String cause = amdCause == null ? "" : amdCause.trim().toUpperCase(Locale.ROOT);
        if (status.equals("HANGUP")) return "HANGUP";
        for (String prefix : humanCausePrefixes) if (!prefix.isEmpty() && cause.startsWith(prefix)) return "HUMAN";
        if (status.equals("HUMAN")) return "HUMAN";
        return "MACHINE";
    }
}
