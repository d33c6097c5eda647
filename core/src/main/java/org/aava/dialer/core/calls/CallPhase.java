package org.aava.dialer.core.calls;

/** Where a live call is. Every phase counts against the campaign's concurrency cap. */
public enum CallPhase {
    /** Originate sent, waiting for answer (StasisStart) or failure. */
    ORIGINATING,
    /** Answered and sent through the dialplan AMD hop; the StasisEnd this causes is not terminal. */
    AMD_HOP,
    /** MACHINE: playing the voicemail drop. */
    VOICEMAIL,
    /** HUMAN: handed to the AI; followed until the channel is destroyed. */
    AI_ATTACHED,
    /** Hanging up after a decision (machine without drop, consent denied); the outcome is already chosen. */
    ENDING
}
