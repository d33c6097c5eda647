package org.aava.dialer.core.model;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The secret a call's AI engine presents to reach that call's session on the AI API. Handed over in the channel
 * variables and stored on the attempt so an adopted call keeps it; its {@link #toString} never shows the value, so
 * a logged attempt or call does not leak it.
 */
public record AiSessionKey(String value) {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** 128 bits: not guessable, and short enough for a channel variable and a URL path. */
    private static final int BYTES = 16;

    public AiSessionKey {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) throw new IllegalArgumentException("an AI session key is never blank");
    }

    /** A fresh key from {@link SecureRandom}, URL-safe base64 without padding. */
    public static AiSessionKey random() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return new AiSessionKey(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** Where the call flow takes its keys from in production. */
    public static Supplier<AiSessionKey> secureSupplier() {
        return AiSessionKey::random;
    }

    /** The stored form back as a key (null for attempts made before keys existed). */
    public static AiSessionKey ofNullable(String value) {
        return value == null || value.isBlank() ? null : new AiSessionKey(value);
    }

    @Override
    public String toString() {
        return "AiSessionKey[redacted]";
    }
}
