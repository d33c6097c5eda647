package org.aava.dialer.core.admin;

/** The recordings a campaign plays, as far as its rules need them: the shipped defaults and whether one is there. */
public interface PromptMedia {
    String defaultConsentUri();

    String defaultVoicemailUri();

    /** True when the recording {@code uri} names can be played (it exists in the media dir). */
    boolean exists(String uri);
}
