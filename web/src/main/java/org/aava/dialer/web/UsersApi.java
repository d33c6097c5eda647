package org.aava.dialer.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import org.aava.dialer.core.ports.AuditLog;
import org.aava.dialer.core.ports.UserDirectory;
import org.aava.dialer.core.ports.UserDirectory.Change;
import org.aava.dialer.core.ports.UserDirectory.Role;
import org.aava.dialer.core.ports.UserDirectory.User;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/users}: who may use the dialer and with which role (admins only), and {@code /api/users/me} for
 * everyone. A change of role or password, or a deletion, ends the user's sessions; every change is audited, never
 * with a password or a hash.
 */
final class UsersApi {
    /** {@code /api/users/me} is the caller; a user of that name could not be reached. */
    static final String ME = "me";
    private static final BodyFields CREATE = BodyFields.of("username", BodyFields.Type.TEXT, "password", BodyFields.Type.TEXT,
            "role", BodyFields.Type.TEXT);
    private static final BodyFields PATCH = BodyFields.of("password", BodyFields.Type.TEXT, "role", BodyFields.Type.TEXT);
    private static final BodyFields PASSWORD_CHANGE = BodyFields.of("current_password", BodyFields.Type.TEXT, "new_password", BodyFields.Type.TEXT);

    private final UserDirectory users;
    private final Auth auth;
    private final AuditLog audit;
    private final Clock clock;

    UsersApi(UserDirectory users, Auth auth, AuditLog audit, Clock clock) {
        this.users = users;
        this.auth = auth;
        this.audit = audit;
        this.clock = clock;
    }

    /** {@code GET /api/users/me}: who the caller is, so the page can show what they may do. */
    void me(HttpServerExchange ex, Auth.Principal who) {
        Http.json(ex, 200, Map.of("username", who.name(), "role", who.role().wire()));
    }

    /** {@code POST /api/users/me/password} {@code {"current_password", "new_password"}}: any user, their own password. */
    void changeOwnPassword(HttpServerExchange ex, Auth.Principal who) {
        JsonNode body = PASSWORD_CHANGE.check(Http.body(ex));
        auth.changeOwnPassword(ex, who, body.path("current_password").asText(null), body.path("new_password").asText(null));
        Http.json(ex, 200, Map.of("ok", true));
    }

    void list(HttpServerExchange ex, Auth.Principal who) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (User u : users.all().join()) out.add(view(u));
        Http.json(ex, 200, Map.of("users", out));
    }

    /** {@code POST /api/users} {@code {"username", "password", "role"}}. */
    void create(HttpServerExchange ex, Auth.Principal who) {
        JsonNode body = CREATE.check(Http.body(ex));
        String username = UserNames.checkUsername(body.path("username").asText(null), "username");
        if (username.equals(ME)) throw ApiException.badRequest("'" + ME + "' is reserved: /api/users/me is the caller", "username");
        Role role = role(body, true);
        String password = UserNames.checkPassword(body.path("password").asText(null), auth.minPasswordLength(), "password");
        Instant now = clock.instant();
        User user = new User(username, role, auth.hash(password), 1, now, now);
        if (!users.create(user).join()) throw ApiException.conflict("user " + username + " exists");
        audit.record(who.name(), "user.created", "user:" + username, "role=" + role.wire()).join();
        Http.json(ex, 201, view(users.find(username).join().orElse(user)));
    }

    /** {@code PATCH /api/users/{username}} {@code {"role"?, "password"?}}: the user's sessions end. */
    void update(HttpServerExchange ex, Auth.Principal who) {
        String username = existingName(ex);
        JsonNode body = PATCH.check(Http.body(ex));
        Role role = role(body, false);
        String password = body.path("password").isTextual() ? body.path("password").asText() : null;
        if (role == null && password == null) throw ApiException.badRequest("give a role, a password or both", null);
        if (password != null) {
            UserNames.checkPassword(password, auth.minPasswordLength(), "password");
            if (auth.passwordFromConfig(username)) throw Auth.passwordInConfig();
        }
        User before = users.find(username).join().orElseThrow(() -> ApiException.notFound("user " + username));
        Change change = users.update(username, role, password == null ? null : auth.hash(password), clock.instant()).join();
        refuse(change, username, "demoted");
        auth.endSessions(username);
        List<String> details = new ArrayList<>();
        if (role != null) details.add("role=" + role.wire() + (role == before.role() ? "" : " (was " + before.role().wire() + ")"));
        if (password != null) details.add("password reset");
        audit.record(who.name(), "user.updated", "user:" + username, String.join(", ", details)).join();
        Http.json(ex, 200, view(users.find(username).join().orElseThrow(() -> ApiException.notFound("user " + username))));
    }

    /** {@code DELETE /api/users/{username}}: the user's sessions end. */
    void delete(HttpServerExchange ex, Auth.Principal who) {
        String username = existingName(ex);
        if (auth.passwordFromConfig(username)) {
            throw ApiException.conflict("the admin account comes from web.admin_password in the configuration; remove it there first");
        }
        refuse(users.delete(username).join(), username, "deleted");
        auth.endSessions(username);
        audit.record(who.name(), "user.deleted", "user:" + username, null).join();
        Http.json(ex, 200, Map.of("ok", true));
    }

    /** The user named in the path; a name no user could have is as unknown as one nobody has. */
    private static String existingName(HttpServerExchange ex) {
        String username = Http.pathParam(ex, "username");
        if (!UserNames.valid(username)) throw ApiException.notFound("user");
        return username;
    }

    private static Role role(JsonNode body, boolean required) {
        String text = body.path("role").asText(null);
        if (text == null) {
            if (required) throw ApiException.badRequest("role is required: admin, operator or viewer", "role");
            return null;
        }
        return Role.parse(text).orElseThrow(() -> ApiException.badRequest("role must be admin, operator or viewer", "role"));
    }

    private static void refuse(Change change, String username, String what) {
        switch (change) {
            case DONE -> { }
            case NOT_FOUND -> throw ApiException.notFound("user " + username);
            case LAST_ADMIN -> throw ApiException.conflict(username + " is the last admin and cannot be " + what
                    + ": make another user an admin first");
        }
    }

    /** A user as the API shows it: never the hash. */
    private static Map<String, Object> view(User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("username", u.username());
        m.put("role", u.role().wire());
        m.put("created_at", Views.ts(u.createdAt()));
        m.put("updated_at", Views.ts(u.updatedAt()));
        return m;
    }
}
