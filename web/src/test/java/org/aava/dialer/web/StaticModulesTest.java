package org.aava.dialer.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin page is ES modules: the page loads one entry module, and every module it imports, however deep, is
 * served as JavaScript (a browser refuses a module of another type, all the more with nosniff) under the page's CSP.
 */
class StaticModulesTest {
    private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s[^;]*?from\\s+'\\./([\\w-]+\\.js)';");

    @TempDir
    Path dir;

    @Test
    void theEntryModuleAndEveryModuleItImportsAreServedAsJavaScript() throws Exception {
        try (ApiFixture api = new ApiFixture(dir, TestMedia::of)) {
            HttpClient http = HttpClient.newHttpClient();
            String page = get(http, api, "/").body();
            assertTrue(page.contains("<script type=\"module\" src=\"/static/app.js\"></script>"), "the page loads the entry module");
            assertFalse(page.matches("(?s).*<script(?![^>]*\\bsrc=)[^>]*>.*"), "no inline script (CSP script-src 'self')");
            Set<String> seen = new LinkedHashSet<>();
            Deque<String> todo = new ArrayDeque<>(List.of("app.js"));
            while (!todo.isEmpty()) {
                String name = todo.pop();
                if (!seen.add(name)) continue;
                HttpResponse<String> r = get(http, api, "/static/" + name);
                assertEquals(200, r.statusCode(), name);
                String type = r.headers().firstValue("Content-Type").orElse("");
                assertTrue(type.contains("javascript"), name + " is served as " + type);
                assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"), name);
                Matcher m = IMPORT.matcher(r.body());
                while (m.find()) todo.add(m.group(1));
            }
            assertTrue(seen.containsAll(List.of("api.js", "dom.js", "campaigns.js", "leads.js", "attempts.js", "dnc.js", "imports.js",
                    "recordings.js", "users.js", "account.js", "nodes.js")), "every view is reached from the entry module: " + seen);
        }
    }

    /** Without credentials: the page and its modules are public. */
    private static HttpResponse<String> get(HttpClient http, ApiFixture api, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api.base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
