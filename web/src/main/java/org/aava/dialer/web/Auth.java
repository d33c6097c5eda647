package org.aava.dialer.web;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.server.handlers.CookieImpl;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Admin login (password stored only as a PBKDF2 hash), session cookies (HttpOnly, SameSite=Strict),
 * CSRF tokens for state-changing cookie requests, and Bearer tokens for scripts and the AI engine.
 * Every comparison of a secret is constant-time.
 */
public final class Auth {
    private static final Logger log = LoggerFactory.getLogger(Auth.class);
    static final String COOKIE = "aava_session";
    private static final Duration SESSION_TTL = Duration.ofHours(12);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path hashFile;
    private final String apiToken;
    private final String aiToken;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private volatile String passwordHash;

    record Session(String csrf, Instant expires) {
    }

    /** Who made the request, for the audit log. */
    public record Principal(String name, boolean cookie) {
    }

    public Auth(WebSettings settings) {
        this.hashFile = settings.dataDir().resolve("admin-password.hash");
        this.apiToken = settings.apiToken() == null ? "" : settings.apiToken();
        this.aiToken = settings.effectiveAiToken() == null ? "" : settings.effectiveAiToken();
        this.passwordHash = initPassword(settings.adminPassword());
    }

    private String initPassword(String configured) {
        try {
            if (configured != null && !configured.isEmpty()) return hash(configured, salt());
            if (Files.exists(hashFile)) return Files.readString(hashFile).trim();
            String generated = token(12);
            String h = hash(generated, salt());
            Files.createDirectories(hashFile.getParent());
            Files.writeString(hashFile, h);
            // Printed once, on stdout, so the operator can log in; only the hash is kept.
            System.out.println("aava-dialer: generated admin password (shown once): " + generated);
            log.warn("generated an admin password on first start; it was printed once on stdout");
            return h;
        } catch (IOException e) {
            throw new IllegalStateException("cannot store the admin password hash in " + hashFile + ": " + e.getMessage(), e);
        }
    }

    static String token(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String salt() {
        return HexFormat.of().formatHex(RANDOM.generateSeed(16));
    }

    static String hash(String password, String salt) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt.getBytes(StandardCharsets.UTF_8), 120_000, 256);
            byte[] h = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return "pbkdf2$" + salt + "$" + HexFormat.of().formatHex(h);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean checkPassword(String password) {
        String[] parts = passwordHash.split("\\$");
        if (parts.length != 3 || password == null) return false;
        return constantTimeEquals(hash(password, parts[1]), passwordHash);
    }

    static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) return false;
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** Logs in; returns the CSRF token and sets the session cookie. */
    String login(HttpServerExchange ex, String password) {
        String client = ex.getSourceAddress() == null ? "?" : ex.getSourceAddress().getAddress().getHostAddress();
        if (failures.getOrDefault(client, 0) >= 10) throw new ApiException(429, "too many failed logins; try again later", null);
        if (!checkPassword(password)) {
            failures.merge(client, 1, Integer::sum);
            throw new ApiException(401, "wrong password", "password");
        }
        failures.remove(client);
        String id = token(32);
        Session s = new Session(token(24), Instant.now().plus(SESSION_TTL));
        sessions.put(id, s);
        Cookie c = new CookieImpl(COOKIE, id).setHttpOnly(true).setPath("/").setSameSiteMode("Strict")
                .setMaxAge((int) SESSION_TTL.toSeconds());
        ex.setResponseCookie(c);
        return s.csrf();
    }

    void logout(HttpServerExchange ex) {
        Cookie c = ex.getRequestCookie(COOKIE);
        if (c != null) sessions.remove(c.getValue());
        ex.setResponseCookie(new CookieImpl(COOKIE, "").setPath("/").setMaxAge(0).setHttpOnly(true).setSameSiteMode("Strict"));
    }

    Session session(HttpServerExchange ex) {
        Cookie c = ex.getRequestCookie(COOKIE);
        if (c == null) return null;
        Session s = sessions.get(c.getValue());
        if (s == null || s.expires().isBefore(Instant.now())) return null;
        return s;
    }

    private static String bearer(HttpServerExchange ex) {
        String h = ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        return h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : null;
    }

    /** Admin API access: a valid session (with CSRF for state changes) or the API token. */
    Principal requireAdmin(HttpServerExchange ex) {
        String b = bearer(ex);
        if (b != null) {
            if (!apiToken.isEmpty() && constantTimeEquals(b, apiToken)) return new Principal("api-token", false);
            throw new ApiException(401, "invalid token", null);
        }
        Session s = session(ex);
        if (s == null) throw new ApiException(401, "login required", null);
        boolean safe = ex.getRequestMethod().equals(Methods.GET) || ex.getRequestMethod().equals(Methods.HEAD);
        if (!safe && !constantTimeEquals(ex.getRequestHeaders().getFirst("X-CSRF-Token"), s.csrf())) {
            throw new ApiException(403, "missing or wrong X-CSRF-Token", null);
        }
        return new Principal("admin", true);
    }

    /** AI engine access: its own Bearer token. */
    void requireAi(HttpServerExchange ex) {
        String b = bearer(ex);
        if (b == null || aiToken.isEmpty() || !constantTimeEquals(b, aiToken)) throw new ApiException(401, "AI token required", null);
    }
}
