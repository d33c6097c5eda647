package org.aava.dialer.web;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.server.handlers.CookieImpl;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import org.aava.dialer.core.ports.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Admin login (password stored only as a PBKDF2 hash), session cookies (HttpOnly, SameSite=Strict, Secure when
 * configured or behind a trusted TLS proxy), CSRF tokens for state-changing cookie requests, and Bearer tokens for
 * scripts and the AI engine. Every comparison of a secret is constant-time. Failed logins and bad tokens earn an
 * expiring, growing delay per address (and logins per account) instead of a lockout; hashing runs on a few permits
 * only, so a login flood cannot take the CPU from the rest of the server.
 */
public final class Auth {
    private static final Logger log = LoggerFactory.getLogger(Auth.class);
    static final String COOKIE = "aava_session";
    static final String ACCOUNT = "admin";
    private static final Duration SESSION_TTL = Duration.ofHours(12);
    private static final int MAX_SESSIONS = 10_000;
    /** Concurrent password hashes: each costs hundreds of ms of one core. */
    private static final int HASH_PERMITS = 2;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path hashFile;
    private final boolean hashFromFile;
    private final String apiToken;
    private final String aiToken;
    private final boolean cookieSecure;
    private final int minPasswordLength;
    private final ClientInfo clients;
    private final AuditLog audit;
    private final Clock clock;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Semaphore hashPermits = new Semaphore(HASH_PERMITS, true);
    /** Per client address: 5 free failures, then 1 s doubling up to 15 min; forgotten after an hour's quiet. */
    private final LoginThrottle byAddress;
    /** Per account: attackers rotating addresses slow the account down, but never by more than 30 s at a time. */
    private final LoginThrottle byAccount;
    /** Bad Bearer tokens per address. */
    private final LoginThrottle badTokens;
    private volatile String passwordHash;

    record Session(String csrf, Instant expires) {
    }

    /** Who made the request, for the audit log. */
    public record Principal(String name, boolean cookie) {
    }

    public Auth(WebSettings settings) {
        this(settings, null, Clock.systemUTC());
    }

    public Auth(WebSettings settings, AuditLog audit, Clock clock) {
        this.hashFile = settings.dataDir().resolve("admin-password.hash");
        this.apiToken = settings.apiToken() == null ? "" : settings.apiToken();
        this.aiToken = settings.aiToken() == null ? "" : settings.aiToken();
        this.cookieSecure = settings.security().cookieSecure();
        this.minPasswordLength = settings.security().minPasswordLength();
        this.clients = new ClientInfo(settings.security().trustedProxies());
        this.audit = audit;
        this.clock = clock;
        this.byAddress = new LoginThrottle(clock, 5, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofHours(1));
        this.byAccount = new LoginThrottle(clock, 10, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofHours(1));
        this.badTokens = new LoginThrottle(clock, settings.security().badTokenFreeFailures(), Duration.ofSeconds(1), Duration.ofMinutes(5),
                Duration.ofHours(1));
        String configured = settings.adminPassword();
        this.hashFromFile = configured == null || configured.isEmpty();
        this.passwordHash = initPassword(configured);
    }

    private String initPassword(String configured) {
        try {
            if (configured != null && !configured.isEmpty()) return PasswordHashes.hash(configured);
            if (Files.exists(hashFile)) {
                String stored = Files.readString(hashFile).trim();
                if (!PasswordHashes.wellFormed(stored)) {
                    throw new IllegalStateException("the admin password hash file " + hashFile + " is " + (stored.isEmpty() ? "empty" : "not a password hash")
                            + ": nobody could log in. Delete it to generate a new admin password on the next start, or set web.admin_password");
                }
                return stored;
            }
            String generated = token(12);
            String h = PasswordHashes.hash(generated);
            writeHashFile(h);
            // Printed once, on stdout, so the operator can log in; only the hash is kept.
            System.out.println("aava-dialer: generated admin password (shown once): " + generated);
            log.warn("generated an admin password on first start; it was printed once on stdout");
            return h;
        } catch (IOException e) {
            throw new IllegalStateException("cannot store the admin password hash in " + hashFile + ": " + e.getMessage(), e);
        }
    }

    /** Written owner-only (0600) whatever the umask, and atomically, so a crash never leaves an empty file. */
    private void writeHashFile(String hash) throws IOException {
        Files.createDirectories(hashFile.getParent());
        Path tmp = hashFile.resolveSibling(hashFile.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, hash);
        Files.move(tmp, hashFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String token(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) return false;
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A login must be a JSON request from our own page: a cross-site form cannot send {@code application/json}
     * without a preflight, and a browser's {@code Origin} names the page that sent it.
     */
    void checkLoginRequest(HttpServerExchange ex) {
        String type = ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        String media = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json")) throw new ApiException(415, "login needs Content-Type: application/json", null);
        checkSameOrigin(ex);
    }

    /** When the browser names an {@code Origin}, it must be this server (scheme, host and port). */
    void checkSameOrigin(HttpServerExchange ex) {
        String origin = ex.getRequestHeaders().getFirst(Headers.ORIGIN);
        if (origin == null) return;
        String host = ex.getRequestHeaders().getFirst(Headers.HOST);
        boolean same = false;
        try {
            URI o = URI.create(origin.strip());
            String authority = o.getRawAuthority();
            same = host != null && authority != null && authority.equalsIgnoreCase(host.strip())
                    && clients.scheme(ex).equalsIgnoreCase(o.getScheme());
        } catch (IllegalArgumentException e) {
            // "null" or garbage: not our page
        }
        if (!same) throw new ApiException(403, "cross-origin request refused", null);
    }

    /** Logs in; returns the CSRF token and sets the session cookie. */
    String login(HttpServerExchange ex, String password) {
        String client = clients.address(ex);
        String addressKey = "ip:" + client;
        Duration wait = max(byAddress.wait(addressKey), byAccount.wait(ACCOUNT));
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            ex.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(seconds));
            throw new ApiException(429, "too many failed logins; try again in " + seconds + " s", null);
        }
        boolean ok = checkPassword(password);
        if (!ok) {
            Duration delay = max(byAddress.failed(addressKey), byAccount.failed(ACCOUNT));
            audit("login.failed", "address=" + client + (delay.isZero() ? "" : " delay_s=" + delay.toSeconds()));
            log.info("failed admin login from {}", client);
            throw new ApiException(401, "login failed", null);
        }
        byAddress.succeeded(addressKey);
        byAccount.succeeded(ACCOUNT);
        upgradeHash(password);
        audit("login.ok", "address=" + client);
        pruneSessions();
        String id = token(32);
        Session s = new Session(token(24), clock.instant().plus(SESSION_TTL));
        sessions.put(id, s);
        ex.setResponseCookie(cookie(ex, id).setMaxAge((int) SESSION_TTL.toSeconds()));
        return s.csrf();
    }

    /**
     * Changes the admin password: the current one must be given (a stolen session alone cannot take the account) and
     * wrong guesses slow down like failed logins. Every other session ends; the caller's own stays.
     */
    void changePassword(HttpServerExchange ex, String current, String next) {
        if (!hashFromFile)
            throw new ApiException(409, "the admin password comes from web.admin_password in the configuration; change it there", null);
        if (next == null || next.length() < minPasswordLength)
            throw new ApiException(400, "new_password must be at least " + minPasswordLength + " characters", "new_password");
        String client = clients.address(ex);
        Duration wait = max(byAddress.wait("ip:" + client), byAccount.wait(ACCOUNT));
        if (!wait.isZero()) throw new ApiException(429, "too many failed attempts; try again in " + Math.max(1, wait.toSeconds()) + " s", null);
        if (current == null || !checkPassword(current)) {
            byAddress.failed("ip:" + client);
            byAccount.failed(ACCOUNT);
            audit("password.change_failed", "address=" + client);
            throw new ApiException(403, "current_password is not the admin password", "current_password");
        }
        String hash = PasswordHashes.hash(next);
        try {
            writeHashFile(hash);
        } catch (IOException e) {
            throw new ApiException(500, "could not store the new password hash: " + e.getMessage(), null);
        }
        passwordHash = hash;
        Cookie mine = ex.getRequestCookie(COOKIE);
        sessions.keySet().removeIf(id -> mine == null || !id.equals(mine.getValue()));
        audit("password.changed", "address=" + client);
        log.info("admin password changed from {}", client);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private CookieImpl cookie(HttpServerExchange ex, String value) {
        CookieImpl c = new CookieImpl(COOKIE, value);
        c.setHttpOnly(true).setPath("/").setSameSiteMode("Strict");
        if (cookieSecure || clients.secure(ex)) c.setSecure(true);
        return c;
    }

    /** Hashing on a bounded number of permits: a flood of logins waits here (or is told to come back), health does not. */
    boolean checkPassword(String password) {
        if (password == null) return false;
        boolean permit;
        try {
            permit = hashPermits.tryAcquire(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "server shutting down", null);
        }
        if (!permit) throw new ApiException(503, "too many logins at once; try again", null);
        try {
            return PasswordHashes.matches(password, passwordHash);
        } finally {
            hashPermits.release();
        }
    }

    /** An old-format hash (fewer iterations) becomes a current one once the right password has been seen. */
    private void upgradeHash(String password) {
        String current = passwordHash;
        if (!PasswordHashes.outdated(current)) return;
        String upgraded = PasswordHashes.hash(password);
        passwordHash = upgraded;
        if (!hashFromFile) return;
        try {
            writeHashFile(upgraded);
            log.info("admin password hash upgraded to {} PBKDF2 iterations", PasswordHashes.ITERATIONS);
        } catch (IOException e) {
            log.warn("could not store the upgraded admin password hash in {}: {}", hashFile, e.getMessage());
        }
    }

    private void audit(String action, String details) {
        if (audit == null) return;
        audit.record("login", action, "user:" + ACCOUNT, details).exceptionally(e -> {
            log.warn("audit of {} failed: {}", action, e.toString());
            return null;
        });
    }

    private void pruneSessions() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> s.expires().isBefore(now));
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.entrySet().stream().min(Map.Entry.comparingByValue((a, b) -> a.expires().compareTo(b.expires())))
                    .ifPresent(e -> sessions.remove(e.getKey()));
        }
        byAddress.prune();
        badTokens.prune();
    }

    /** Ends the session; with a live session cookie it needs that session's CSRF token, so another site cannot log us out. */
    void logout(HttpServerExchange ex) {
        Cookie c = ex.getRequestCookie(COOKIE);
        Session s = c == null ? null : sessions.get(c.getValue());
        if (s != null) {
            if (!constantTimeEquals(ex.getRequestHeaders().getFirst("X-CSRF-Token"), s.csrf())) {
                throw new ApiException(403, "missing or wrong X-CSRF-Token", null);
            }
            sessions.remove(c.getValue());
        }
        ex.setResponseCookie(cookie(ex, "").setMaxAge(0));
    }

    Session session(HttpServerExchange ex) {
        Cookie c = ex.getRequestCookie(COOKIE);
        if (c == null) return null;
        Session s = sessions.get(c.getValue());
        if (s == null) return null;
        if (s.expires().isBefore(clock.instant())) {
            sessions.remove(c.getValue(), s);
            return null;
        }
        return s;
    }

    private static String bearer(HttpServerExchange ex) {
        String h = ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        return h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : null;
    }

    /** A wrong token costs the address a growing delay: guessing runs at a few tries a minute, not thousands a second. */
    private void checkToken(HttpServerExchange ex, String presented, String expected, String error) {
        String key = "ip:" + clients.address(ex);
        Duration wait = badTokens.wait(key);
        if (!wait.isZero()) {
            ex.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(Math.max(1, wait.toSeconds())));
            throw new ApiException(429, "too many invalid tokens; try again later", null);
        }
        if (expected.isEmpty() || !constantTimeEquals(presented, expected)) {
            badTokens.failed(key);
            throw new ApiException(401, error, null);
        }
    }

    /** Admin API access: a valid session (with CSRF for state changes) or the API token. */
    Principal requireAdmin(HttpServerExchange ex) {
        String b = bearer(ex);
        if (b != null) {
            checkToken(ex, b, apiToken, "invalid token");
            return new Principal("api-token", false);
        }
        Session s = session(ex);
        if (s == null) throw new ApiException(401, "login required", null);
        boolean safe = ex.getRequestMethod().equals(Methods.GET) || ex.getRequestMethod().equals(Methods.HEAD);
        if (!safe && !constantTimeEquals(ex.getRequestHeaders().getFirst("X-CSRF-Token"), s.csrf())) {
            throw new ApiException(403, "missing or wrong X-CSRF-Token", null);
        }
        return new Principal("admin", true);
    }

    /** The API token only (for {@code metrics.require_token}). */
    void requireApiToken(HttpServerExchange ex) {
        String b = bearer(ex);
        if (b == null) throw new ApiException(401, "API token required", null);
        checkToken(ex, b, apiToken, "invalid token");
    }

    /** AI engine access: its own Bearer token, and only that (unset disables the AI API). */
    void requireAi(HttpServerExchange ex) {
        if (aiToken.isEmpty()) throw new ApiException(403, "the AI API is disabled: set web.ai_token", null);
        String b = bearer(ex);
        if (b == null) throw new ApiException(401, "AI token required", null);
        checkToken(ex, b, aiToken, "AI token required");
    }
}
