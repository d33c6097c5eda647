package org.aava.dialer.web;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.server.handlers.CookieImpl;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import org.aava.dialer.core.ports.AuditLog;
import org.aava.dialer.core.ports.UserDirectory;
import org.aava.dialer.core.ports.UserDirectory.Role;
import org.aava.dialer.core.ports.UserDirectory.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Logins of the users in the {@link UserDirectory} (passwords stored only as PBKDF2 hashes), session cookies
 * (HttpOnly, SameSite=Strict, Secure when configured or behind a trusted TLS proxy), CSRF tokens for state-changing
 * cookie requests, each route's role, and Bearer tokens for scripts (acting as an admin) and the AI engine. Every
 * comparison of a secret is constant-time. Failed logins and bad tokens earn an expiring, growing delay per address
 * (and logins per account) instead of a lockout; hashing runs on a few permits only, so a login flood cannot take the
 * CPU from the rest of the server. A session remembers its user's version: once the user's role or password changes
 * or the user is deleted, the session ends, on this node at once and on any other at its next request.
 */
public final class Auth {
    private static final Logger log = LoggerFactory.getLogger(Auth.class);
    static final String COOKIE = "aava_session";
    /** The account a login without a username is for (how logins worked before users). */
    static final String DEFAULT_ACCOUNT = AdminBootstrap.ADMIN;
    static final String API_TOKEN_ACTOR = "api-token";
    private static final Duration SESSION_TTL = Duration.ofHours(12);
    private static final int MAX_SESSIONS = 10_000;
    /** Concurrent password hashes: each costs hundreds of ms of one core. */
    private static final int HASH_PERMITS = 2;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserDirectory users;
    private final boolean adminFromConfig;
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

    /** @param version the user's version at login: a different one now means the user changed since */
    record Session(String username, long version, String csrf, Instant expires) {
        Session withVersion(long v) {
            return new Session(username, v, csrf, expires);
        }
    }

    /** A live session and its user as the directory has it now. */
    record SignedIn(Session session, User user) {
    }

    /** Who made the request (the audit log's actor) and what they may do. */
    public record Principal(String name, Role role, boolean cookie) {
    }

    public Auth(WebSettings settings, UserDirectory users, AuditLog audit, Clock clock) {
        this.users = users;
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
        this.adminFromConfig = configured != null && !configured.isEmpty();
        AdminBootstrap.run(users, configured, settings.dataDir().resolve("admin-password.hash"), clock);
    }

    int minPasswordLength() {
        return minPasswordLength;
    }

    /** Whether the account's password is {@code web.admin_password}'s, so it is changed in the configuration only. */
    boolean passwordFromConfig(String username) {
        return adminFromConfig && DEFAULT_ACCOUNT.equals(username);
    }

    static ApiException passwordInConfig() {
        return new ApiException(409, "the admin password comes from web.admin_password in the configuration; change it there", null);
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

    /** Logs in; returns the CSRF token and sets the session cookie. No username means {@value #DEFAULT_ACCOUNT}. */
    String login(HttpServerExchange ex, String username, String password) {
        String account = username == null || username.isEmpty() ? DEFAULT_ACCOUNT : username;
        // a malformed name is nobody's: it shares one throttle and one audit subject instead of growing them
        String accountKey = UserNames.valid(account) ? account : "(invalid)";
        String client = clients.address(ex);
        String addressKey = "ip:" + client;
        Duration wait = max(byAddress.wait(addressKey), byAccount.wait(accountKey));
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            ex.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(seconds));
            throw new ApiException(429, "too many failed logins; try again in " + seconds + " s", null);
        }
        Optional<User> user = UserNames.valid(account) ? users.find(account).join() : Optional.empty();
        // an unknown user costs a hash too, so the answer's timing does not tell which usernames exist
        boolean ok = checkPassword(password, user.map(User::passwordHash).orElse(null)) && user.isPresent();
        if (!ok) {
            Duration delay = max(byAddress.failed(addressKey), byAccount.failed(accountKey));
            audit("login", "login.failed", accountKey, "address=" + client + (delay.isZero() ? "" : " delay_s=" + delay.toSeconds()));
            log.info("failed login for {} from {}", accountKey, client);
            throw new ApiException(401, "login failed", null);
        }
        byAddress.succeeded(addressKey);
        byAccount.succeeded(accountKey);
        upgradeHash(user.get(), password);
        audit(account, "login.ok", account, "address=" + client);
        pruneSessions();
        String id = token(32);
        Session s = new Session(account, user.get().version(), token(24), clock.instant().plus(SESSION_TTL));
        sessions.put(id, s);
        ex.setResponseCookie(cookie(ex, id).setMaxAge((int) SESSION_TTL.toSeconds()));
        return s.csrf();
    }

    /**
     * Changes the caller's own password: the current one must be given (a stolen session alone cannot take the account)
     * and wrong guesses slow down like failed logins. Every other session of the user ends; the caller's own stays.
     */
    void changeOwnPassword(HttpServerExchange ex, Principal who, String current, String next) {
        if (!who.cookie()) {
            throw new ApiException(409, "the API token has no password of its own; set a user's with PATCH /api/users/{username}", null);
        }
        String username = who.name();
        if (passwordFromConfig(username)) throw passwordInConfig();
        UserNames.checkPassword(next, minPasswordLength, "new_password");
        String client = clients.address(ex);
        Duration wait = max(byAddress.wait("ip:" + client), byAccount.wait(username));
        if (!wait.isZero()) throw new ApiException(429, "too many failed attempts; try again in " + Math.max(1, wait.toSeconds()) + " s", null);
        User user = users.find(username).join().orElseThrow(() -> new ApiException(401, "login required", null));
        if (current == null || !checkPassword(current, user.passwordHash())) {
            byAddress.failed("ip:" + client);
            byAccount.failed(username);
            audit(username, "password.change_failed", username, "address=" + client);
            throw new ApiException(403, "current_password is not your password", "current_password");
        }
        if (users.update(username, null, hash(next), clock.instant()).join() != UserDirectory.Change.DONE) {
            throw new ApiException(401, "login required", null);
        }
        long version = users.find(username).join().map(User::version).orElse(-1L);
        Cookie mine = ex.getRequestCookie(COOKIE);
        String mineId = mine == null ? null : mine.getValue();
        sessions.entrySet().removeIf(e -> e.getValue().username().equals(username) && !e.getKey().equals(mineId));
        if (mineId != null) sessions.computeIfPresent(mineId, (id, s) -> s.withVersion(version));
        audit(username, "password.changed", username, "address=" + client);
        log.info("{} changed their password from {}", username, client);
    }

    /** Ends the user's sessions here; other nodes see the user's new version (or its absence) at the next request. */
    void endSessions(String username) {
        sessions.values().removeIf(s -> s.username().equals(username));
    }

    /** A new password's hash, on the hashing permits. */
    String hash(String password) {
        return withHashPermit(() -> PasswordHashes.hash(password));
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

    /** Checks against a stored hash, or a stand-in when there is none (an unknown user): false then, at the same cost. */
    private boolean checkPassword(String password, String storedHash) {
        if (password == null) return false;
        return withHashPermit(() -> PasswordHashes.matches(password, storedHash == null ? UnknownUser.HASH : storedHash) && storedHash != null);
    }

    /** Hashing on a bounded number of permits: a flood of logins waits here (or is told to come back), health does not. */
    private <T> T withHashPermit(java.util.function.Supplier<T> work) {
        boolean permit;
        try {
            permit = hashPermits.tryAcquire(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "server shutting down", null);
        }
        if (!permit) throw new ApiException(503, "too many logins at once; try again", null);
        try {
            return work.get();
        } finally {
            hashPermits.release();
        }
    }

    /** A hash no password matches, made once when first needed. */
    private static final class UnknownUser {
        static final String HASH = PasswordHashes.hash(token(24));
    }

    /** An old-format hash (fewer iterations) becomes a current one once the right password has been seen. */
    private void upgradeHash(User user, String password) {
        if (!PasswordHashes.outdated(user.passwordHash())) return;
        try {
            users.rehash(user.username(), user.passwordHash(), hash(password)).join();
            log.info("password hash of {} upgraded to {} PBKDF2 iterations", user.username(), PasswordHashes.ITERATIONS);
        } catch (RuntimeException e) {
            log.warn("could not store the upgraded password hash of {}: {}", user.username(), e.toString());
        }
    }

    private void audit(String actor, String action, String account, String details) {
        if (audit == null) return;
        audit.record(actor, action, "user:" + account, details).exceptionally(e -> {
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

    /** The request's session as kept here (not yet checked against the user's version). */
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

    /** The request's live session and its user; null if none, or if the user was changed or deleted since the login. */
    SignedIn signedIn(HttpServerExchange ex) {
        Session s = session(ex);
        if (s == null) return null;
        Optional<User> user = users.find(s.username()).join();
        if (user.isEmpty() || user.get().version() != s.version()) {
            sessions.remove(ex.getRequestCookie(COOKIE).getValue(), s);
            return null;
        }
        return new SignedIn(s, user.get());
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

    /**
     * API access for a role: a valid session (with CSRF for state changes) of a user whose role includes it, or the
     * API token (which acts as an admin). Who is asked first (401), then CSRF (403), then the role (403).
     */
    Principal require(HttpServerExchange ex, Role needed) {
        String b = bearer(ex);
        if (b != null) {
            checkToken(ex, b, apiToken, "invalid token");
            return new Principal(API_TOKEN_ACTOR, Role.ADMIN, false);
        }
        SignedIn s = signedIn(ex);
        if (s == null) throw new ApiException(401, "login required", null);
        boolean safe = ex.getRequestMethod().equals(Methods.GET) || ex.getRequestMethod().equals(Methods.HEAD);
        if (!safe && !constantTimeEquals(ex.getRequestHeaders().getFirst("X-CSRF-Token"), s.session().csrf())) {
            throw new ApiException(403, "missing or wrong X-CSRF-Token", null);
        }
        Role role = s.user().role();
        if (!role.includes(needed)) {
            throw new ApiException(403, "this needs the " + needed.wire() + " role; " + s.user().username() + " is " + role.wire(), null);
        }
        return new Principal(s.user().username(), role, true);
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
