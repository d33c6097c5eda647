package org.aava.dialer.prompts;

import java.util.List;
import java.util.Optional;

/** Turns text into speech (a WAV, any rate) for voicemail and consent prompts. */
public interface TextToSpeech {
    /** @param voice the engine's voice name, or null for the configured default */
    byte[] synthesizeWav(String text, String voice) throws java.io.IOException;

    /** Voices to offer the operator (may be just the default for engines that cannot list theirs). */
    List<String> voices();

    String defaultVoice();

    /** espeak-ng or http. */
    String engine();

    /** Why the engine cannot work here (e.g. espeak-ng is not on PATH), or empty when it can. */
    Optional<String> problem();

    /** Longest text accepted, so one request cannot occupy the engine for minutes. */
    int MAX_TEXT_CHARS = 2000;
}
