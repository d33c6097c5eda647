package org.aava.dialer.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;

import java.util.Map;

/** Logging in and out, and who is signed in. */
final class SessionApi {
    private static final BodyFields LOGIN = BodyFields.of("username", BodyFields.Type.TEXT, "password", BodyFields.Type.TEXT);

    private final Auth auth;

    SessionApi(Auth auth) {
        this.auth = auth;
    }

    /** {@code POST /api/login} {@code {"username"?, "password"}}: without a username, the admin account logs in (as before users). */
    void login(HttpServerExchange ex) {
        auth.checkLoginRequest(ex);
        JsonNode body = LOGIN.check(Http.body(ex));
        String csrf = auth.login(ex, body.path("username").asText(null), body.path("password").asText(null));
        Http.json(ex, 200, Map.of("ok", true, "csrf_token", csrf));
    }

    void logout(HttpServerExchange ex) {
        auth.logout(ex);
        Http.json(ex, 200, Map.of("ok", true));
    }

    void session(HttpServerExchange ex) {
        Auth.SignedIn s = auth.signedIn(ex);
        if (s == null) throw new ApiException(401, "login required", null);
        Http.json(ex, 200, Map.of("ok", true, "csrf_token", s.session().csrf(), "username", s.user().username(), "role", s.user().role().wire()));
    }
}
