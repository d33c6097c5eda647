package org.aava.dialer.web;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * PBKDF2-HMAC-SHA256 password hashes. Current: {@code pbkdf2-sha256$600000$salt$hex} (OWASP's recommended iterations).
 * The earlier {@code pbkdf2$salt$hex} (120,000 iterations) is still accepted, and {@link #outdated} tells the login to
 * store a current hash once the password has been checked.
 */
final class PasswordHashes {
    static final int ITERATIONS = 600_000;
    private static final int LEGACY_ITERATIONS = 120_000;
    private static final String PREFIX = "pbkdf2-sha256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHashes() {
    }

    static String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return hash(password, HexFormat.of().formatHex(salt), ITERATIONS);
    }

    static String hash(String password, String salt, int iterations) {
        String h = HexFormat.of().formatHex(derive(password, salt, iterations));
        return PREFIX + "$" + iterations + "$" + salt + "$" + h;
    }

    /** The earlier format, kept for tests of the upgrade path. */
    static String legacyHash(String password, String salt) {
        return "pbkdf2$" + salt + "$" + HexFormat.of().formatHex(derive(password, salt, LEGACY_ITERATIONS));
    }

    /** Whether the stored hash can be read at all (an empty or mangled file must not silently lock everyone out). */
    static boolean wellFormed(String stored) {
        if (stored == null) return false;
        String[] p = stored.split("\\$");
        return p.length == 3 && p[0].equals("pbkdf2") || p.length == 4 && p[0].equals(PREFIX) && p[1].matches("[0-9]{4,8}");
    }

    static boolean outdated(String stored) {
        String[] p = stored.split("\\$");
        return !(p.length == 4 && p[0].equals(PREFIX) && Integer.parseInt(p[1]) >= ITERATIONS);
    }

    /** Constant-time check of the password against a stored hash of either format. */
    static boolean matches(String password, String stored) {
        if (password == null || !wellFormed(stored)) return false;
        String[] p = stored.split("\\$");
        byte[] expected;
        byte[] actual;
        try {
            if (p.length == 3) {
                expected = HexFormat.of().parseHex(p[2]);
                actual = derive(password, p[1], LEGACY_ITERATIONS);
            } else {
                expected = HexFormat.of().parseHex(p[3]);
                actual = derive(password, p[2], Integer.parseInt(p[1]));
            }
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(String password, String salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt.getBytes(StandardCharsets.UTF_8), iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
