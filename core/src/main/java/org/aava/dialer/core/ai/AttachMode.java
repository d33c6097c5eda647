package org.aava.dialer.core.ai;

import java.util.Locale;

/** How a HUMAN call is handed to the AI voice agent. */
public enum AttachMode {
    /** ARI move into the AI engine's own Stasis application. */
    STASIS,
    /** Continue in a dialplan context/extension/priority (an AudioSocket() app, a queue, a person). */
    DIALPLAN,
    /** Keep the call in our app and bridge it to an external-media AudioSocket channel. */
    AUDIOSOCKET;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AttachMode fromWire(String value) {
        if (value == null) throw new IllegalArgumentException("attach.mode is required");
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("attach.mode must be stasis, dialplan or audiosocket, got '" + value + "'");
        }
    }
}
