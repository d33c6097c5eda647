package org.aava.dialer.core.admin;

/**
 * What the AI API needs of a call attached to the AI, copied out of the live call so nothing outside the call
 * engine holds its mutable state.
 *
 * @param audioSocketUuid null unless the call is attached in audiosocket mode
 */
public record AiCallSession(long attemptId, String effectivePrompt, String audioSocketUuid) {
}
