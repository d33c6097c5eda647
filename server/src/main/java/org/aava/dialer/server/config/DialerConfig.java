package org.aava.dialer.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import org.aava.dialer.core.ai.AiContext;
import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.ai.AttachMode;
import org.aava.dialer.core.ai.AttachTarget;
import org.aava.dialer.core.calls.DialerSettings;
import org.aava.dialer.core.model.AmdHumanCauses;
import org.aava.dialer.core.model.AmdOptions;
import org.aava.dialer.core.model.Placement;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The validated configuration. Every error names the key and the environment variable that sets it. */
public record DialerConfig(Ari ari, Ami ami, Agi agi, Web web, Database database, Path mediaDir, Dial dial, Amd amd,
                           Scheduler scheduler, Logging logging, Metrics metrics, AiContexts contexts, Imports imports, Tts tts,
                           Node node) {

    /**
     * This dialer among the nodes sharing its database (issue 20).
     *
     * @param id        {@code node.id}, the host name unless set; unique per database
     * @param heartbeat how often the node writes its heartbeat
     * @param expiry    how long a silent node is still counted alive
     */
    public record Node(String id, Duration heartbeat, Duration expiry) {
    }

    /** Lead import bounds: how long rejected-rows files are kept and where they stop growing. */
    public record Imports(Duration errorRetention, long maxErrorFileBytes) {
    }

    /** Text-to-speech: {@code espeak-ng} (on PATH) or {@code http} (an OpenAI-compatible speech server). */
    public record Tts(String engine, String voice, URI url, String model, String apiKey, Duration timeout) {
        @Override
        public String toString() {
            return "Tts[engine=" + engine + ", voice=" + voice + ", url=" + url + ", model=" + model + ", api_key=***]";
        }
    }

    public record Ari(URI url, String username, String password, String app) {
        /** The URL for logs: credentials written into it are masked. */
        public String maskedUrl() {
            return org.aava.dialer.ari.AriSettings.masked(url.toString());
        }

        /** The Asterisk server these settings reach, named alike on every node that has them (never with credentials). */
        public String serverName() {
            return Placement.serverName(url, app);
        }

        @Override
        public String toString() {
            return "Ari[url=" + maskedUrl() + ", username=" + username + ", password=***, app=" + app + "]";
        }
    }

    /** Optional AMI access, used only to verify the dialplan context. */
    public record Ami(String host, int port, String username, String password) {
        public boolean configured() {
            return !username.isEmpty();
        }

        @Override
        public String toString() {
            return "Ami[host=" + host + ", port=" + port + ", username=" + username + ", password=***]";
        }
    }

    public record Agi(String bind, int port, String advertiseHost, int socketTimeoutSeconds, int maxConnections) {
    }

    /** @param trustedProxies addresses whose X-Forwarded-* headers are believed */
    public record Web(String bind, int port, String adminPassword, String apiToken, String aiToken, int maxConnections,
                      int readTimeoutSeconds, int idleTimeoutSeconds, boolean cookieSecure, List<String> trustedProxies,
                      int minPasswordLength) {
        @Override
        public String toString() {
            return "Web[bind=" + bind + ", port=" + port + ", secrets=***]";
        }
    }

    /**
     * @param url      {@code database.url}: empty (the SQLite file at {@code path}), {@code jdbc:sqlite:<file>} or
     *                 {@code jdbc:postgresql://host:5432/db} (no credentials in it)
     * @param path     the SQLite file; with PostgreSQL, its directory still holds this node's local files (import errors)
     * @param username PostgreSQL's role
     * @param password PostgreSQL's password; never printed
     */
    public record Database(String url, Path path, String username, String password, int busyTimeoutMs) {
        public boolean postgres() {
            return org.aava.dialer.store.Stores.isPostgres(url);
        }

        /** The SQLite file in use (from {@code url} when it names one); not meaningful with PostgreSQL. */
        public Path sqliteFile() {
            return org.aava.dialer.store.Stores.sqliteFile(url, path);
        }

        @Override
        public String toString() {
            return "Database[url=" + url + ", path=" + path + ", username=" + username + ", password=***]";
        }
    }

    /** @param formats the media formats a dialed call's channel offers (ARI originate {@code formats}), may be empty */
    public record Dial(String endpoint, String identity, String callerIdName, int nodeMaxConcurrent,
                       double maxOriginatesPerSecond, Map<String, String> extraVariables, String formats,
                       org.aava.dialer.core.phone.PhoneNumbers phones) {
    }

    /** @param humanCauses {@code amd.human_causes}: read by the AGI script and written into the dialplan fallback */
    public record Amd(AmdOptions defaultOptions, String defaultOptionsText, AmdHumanCauses humanCauses) {
    }

    public record Scheduler(Duration tick, Duration leaseTtl, Duration stasisMargin, Duration amdHopTimeout,
                            Duration voicemailTimeout, Duration maxCallDuration, int breakerErrors,
                            Duration breakerWindow) {
    }

    public record Logging(String format, String level) {
    }

    public record Metrics(boolean enabled, int port, boolean requireToken) {
    }

    static DialerConfig from(JsonNode root) {
        Reader r = new Reader(root);
        Ari ari = new Ari(r.uri("ari.url"), r.text("ari.username"), r.textAllowEmpty("ari.password"), r.name("ari.app"));
        Ami ami = new Ami(r.host("ami.host"), r.port("ami.port", false), r.textAllowEmpty("ami.username"), r.textAllowEmpty("ami.password"));
        Agi agi = new Agi(r.host("agi.bind"), r.port("agi.port", false), r.host("agi.advertise_host"),
                r.integer("agi.socket_timeout_seconds", 1, 3600), r.integer("agi.max_connections", 1, 100_000));
        int minPassword = r.integer("web.min_password_length", 8, 1024);
        String adminPassword = r.textAllowEmpty("web.admin_password");
        if (!adminPassword.isEmpty() && adminPassword.length() < minPassword) {
            throw r.error("web.admin_password", "must be at least " + minPassword + " characters (web.min_password_length), or empty to generate one");
        }
        Web web = new Web(r.host("web.bind"), r.port("web.port", true), adminPassword,
                r.secret("web.api_token"), r.secret("web.ai_token"), r.integer("web.max_connections", 1, 100_000),
                r.integer("web.read_timeout_seconds", 1, 3600), r.integer("web.idle_timeout_seconds", 1, 3600),
                r.bool("web.cookie_secure"), r.rawList("web.trusted_proxies"), minPassword);
        if (!web.aiToken().isEmpty() && web.aiToken().equals(web.apiToken())) {
            throw r.error("web.ai_token", "must differ from web.api_token: the AI token reaches /api/ai/* only");
        }
        for (String proxy : web.trustedProxies()) {
            if (!proxy.matches("[0-9A-Fa-f.:]{2,45}")) throw r.error("web.trusted_proxies", "must list IP addresses, got '" + proxy + "'");
        }
        Database db = database(r);
        Path media = Path.of(r.text("media.dir"));
        String endpoint = r.text("dial.endpoint");
        if (!org.aava.dialer.core.calls.DialerSettings.hasNumberPlaceholder(endpoint)) {
            throw r.error("dial.endpoint", "must contain {number}, {e164}, {national} or {digits}, e.g. Local/{number}@from-internal");
        }
        Dial dial = new Dial(endpoint, r.matching("dial.identity", "[0-9A-Za-z*#+_-]{1,32}"),
                r.matching("dial.caller_id_name", "[^\"<>\\r\\n]{1,64}"),
                r.integer("dial.node_max_concurrent", 1, 2000), r.decimal("dial.max_originates_per_second", 0.1, 200),
                r.stringMap("dial.extra_variables"), formats(r), phones(r));
        String amdText = r.text("amd.default_options");
        AmdOptions amdOptions;
        try {
            amdOptions = AmdOptions.parse(amdText);
        } catch (IllegalArgumentException e) {
            throw r.error("amd.default_options", e.getMessage());
        }
        AmdHumanCauses humanCauses;
        try {
            humanCauses = new AmdHumanCauses(r.list("amd.human_causes"));
        } catch (IllegalArgumentException e) {
            throw r.error("amd.human_causes", e.getMessage());
        }
        Amd amd = new Amd(amdOptions, amdText, humanCauses);
        Scheduler scheduler = new Scheduler(Duration.ofMillis(r.integer("scheduler.tick_ms", 20, 5000)),
                Duration.ofSeconds(r.integer("scheduler.lease_ttl_seconds", 10, 86400)),
                Duration.ofSeconds(r.integer("scheduler.stasis_margin_seconds", 1, 600)),
                Duration.ofSeconds(r.integer("scheduler.amd_hop_timeout_seconds", 5, 600)),
                Duration.ofSeconds(r.integer("scheduler.voicemail_timeout_seconds", 5, 3600)),
                Duration.ofSeconds(r.integer("scheduler.max_call_duration_seconds", 10, 86400)),
                r.integer("scheduler.breaker_errors", 0, 1000),
                Duration.ofSeconds(r.integer("scheduler.breaker_window_seconds", 1, 86400)));
        String format = r.text("logging.format").toLowerCase(Locale.ROOT);
        if (!format.equals("plain") && !format.equals("json")) throw r.error("logging.format", "must be plain or json");
        String level = r.text("logging.level").toUpperCase(Locale.ROOT);
        if (!List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR").contains(level)) {
            throw r.error("logging.level", "must be one of TRACE, DEBUG, INFO, WARN, ERROR");
        }
        Metrics metrics = new Metrics(r.bool("metrics.enabled"), r.port("metrics.port", true), r.bool("metrics.require_token"));
        Imports imports = new Imports(Duration.ofHours(r.integer("imports.error_retention_hours", 1, 24 * 3650)),
                r.integer("imports.max_error_file_mb", 1, 4096) * 1024L * 1024);
        return new DialerConfig(ari, ami, agi, web, db, media, dial, amd, scheduler, new Logging(format, level), metrics,
                contexts(root.path("contexts"), r), imports, tts(r), node(r));
    }

    /** Node ids go into the database, logs and the admin page: letters, digits, '.', '_' and '-', as host names are. */
    private static final String NODE_ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    private static Node node(Reader r) {
        String id = r.textAllowEmpty("node.id").trim();
        if (id.isEmpty()) {
            String host = hostName();
            if (host == null) throw r.error("node.id", "must be set: the host name could not be read");
            if (!host.matches(NODE_ID)) {
                throw r.error("node.id", "must be set: the host name '" + host + "' is not a usable node id (letters, digits, '.', '_', '-')");
            }
            id = host;
        } else if (!id.matches(NODE_ID)) {
            throw r.error("node.id", "must be 1-64 letters, digits, '.', '_' or '-' (starting with a letter or digit), got '" + id + "'");
        }
        int heartbeat = r.integer("node.heartbeat_seconds", 1, 3600);
        int expiry = r.integer("node.expiry_seconds", 2, 86_400);
        // a node must be able to beat at least once within the expiry, or every node looks dead between two beats
        if (expiry <= heartbeat) throw r.error("node.expiry_seconds", "must be greater than node.heartbeat_seconds (" + heartbeat + "), got " + expiry);
        return new Node(id, Duration.ofSeconds(heartbeat), Duration.ofSeconds(expiry));
    }

    /** The default node id; null when the name cannot be resolved. */
    static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    private static Tts tts(Reader r) {
        String engine = r.text("tts.engine").toLowerCase(Locale.ROOT);
        if (!engine.equals("espeak-ng") && !engine.equals("http")) throw r.error("tts.engine", "must be espeak-ng or http, got '" + engine + "'");
        String voice = r.textAllowEmpty("tts.voice").trim();
        if (!voice.isEmpty() && !voice.matches("[A-Za-z0-9_.+-]{1,64}")) throw r.error("tts.voice", "has an invalid value '" + voice + "'");
        URI url = null;
        if (engine.equals("http")) {
            if (r.textAllowEmpty("tts.url").isBlank()) throw r.error("tts.url", "is required when tts.engine is http, e.g. http://127.0.0.1:8880");
            url = r.uri("tts.url");
        }
        return new Tts(engine, voice, url, r.text("tts.model"), r.textAllowEmpty("tts.api_key"),
                Duration.ofSeconds(r.integer("tts.timeout_seconds", 1, 600)));
    }

    /** {@code dial.default_region} and {@code dial.extension_pattern}: how every number is parsed. */
    private static org.aava.dialer.core.phone.PhoneNumbers phones(Reader r) {
        String region = r.text("dial.default_region");
        try {
            org.aava.dialer.core.phone.PhoneNumbers.region(region);
        } catch (IllegalArgumentException e) {
            throw r.error("dial.default_region", e.getMessage());
        }
        String pattern = r.text("dial.extension_pattern");
        try {
            return new org.aava.dialer.core.phone.PhoneNumbers(region, pattern);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw r.error("dial.extension_pattern", "is not a regular expression: " + e.getDescription());
        }
    }

    /** A comma-separated list of Asterisk format names ("core show codecs"), or empty for Asterisk's choice. */

    private static Database database(Reader r) {
        String url = r.textAllowEmpty("database.url").trim();
        Database db = new Database(url, Path.of(r.text("database.path")), r.textAllowEmpty("database.username").trim(),
                r.textAllowEmpty("database.password"), r.integer("database.busy_timeout_ms", 100, 600_000));
        try {
            org.aava.dialer.store.Stores.check(url);
        } catch (IllegalArgumentException e) {
            throw r.error("database.url", e.getMessage());
        }
        if (db.postgres() && db.username().isEmpty()) {
            throw r.error("database.username", "is required with a PostgreSQL database.url (the role the dialer connects as)");
        }
        return db;
    }
    private static String formats(Reader r) {
        String v = r.textAllowEmpty("dial.formats").replace(" ", "");
        if (!v.isEmpty() && !v.matches("[a-z0-9_]{1,16}(,[a-z0-9_]{1,16}){0,15}")) {
            throw r.error("dial.formats", "must be a comma-separated list of Asterisk format names such as ulaw or ulaw,alaw, got '" + v + "'");
        }
        return v;
    }

    private static AiContexts contexts(JsonNode node, Reader r) {
        if (!node.isObject() || node.isEmpty()) throw r.error("contexts", "at least one AI context is required");
        List<AiContext> list = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = "contexts." + e.getKey();
            JsonNode c = e.getValue();
            try {
                JsonNode a = c.path("attach");
                if (!a.isObject()) throw new IllegalArgumentException("attach is required");
                AttachMode mode = AttachMode.fromWire(a.path("mode").asText(null));
                AttachTarget target = switch (mode) {
                    case STASIS -> AttachTarget.stasis(a.path("app").asText(null));
                    case DIALPLAN -> AttachTarget.dialplan(a.path("context").asText(null), a.path("extension").asText(null),
                            a.path("priority").asInt(1));
                    case AUDIOSOCKET -> AttachTarget.audioSocket(a.path("host").asText(null), a.path("port").asInt(0));
                };
                List<String> tools = new ArrayList<>();
                c.path("tools").forEach(t -> tools.add(t.asText()));
                List<String> transferTargets = new ArrayList<>();
                c.path("transfer_targets").forEach(t -> transferTargets.add(t.asText().trim()));
                if (tools.contains("transfer") && transferTargets.isEmpty()) {
                    throw new IllegalArgumentException("tools lists transfer, so transfer_targets must list where to (extension@context)");
                }
                list.add(new AiContext(e.getKey(), c.path("prompt").asText(""), c.path("greeting").asText(""),
                        c.path("provider").asText(""), tools, target, transferTargets));
            } catch (IllegalArgumentException ex) {
                throw new ConfigException(key + ": " + ex.getMessage());
            }
        }
        return new AiContexts(list);
    }

    /** The call flow's settings derived from this config. */
    public DialerSettings dialerSettings() {
        return new DialerSettings(ari.app(), dial.endpoint(), dial.identity(), dial.callerIdName(), scheduler.leaseTtl(),
                scheduler.tick(), dial.nodeMaxConcurrent(), dial.maxOriginatesPerSecond(), scheduler.maxCallDuration(),
                scheduler.stasisMargin(), scheduler.amdHopTimeout(), scheduler.voicemailTimeout(), dial.extraVariables(),
                scheduler.breakerErrors(), scheduler.breakerWindow(), new Placement(node.id(), ari.serverName()))
                .withAgiUrl(org.aava.dialer.core.calls.ChannelVars.agiUrl(agi.advertiseHost(), agi.port()));
    }

    /** Reads typed values from the merged tree with errors that name the key. */
    private record Reader(JsonNode root) {
        JsonNode node(String key) {
            JsonNode n = root;
            for (String part : key.split("\\.")) n = n.path(part);
            return n;
        }

        ConfigException error(String key, String message) {
            return new ConfigException("config key '" + key + "' (env " + ConfigLoader.envName(key) + ") " + message);
        }

        String textAllowEmpty(String key) {
            JsonNode n = node(key);
            if (n.isMissingNode() || n.isNull()) return "";
            if (!n.isValueNode()) throw error(key, "must be a value");
            return n.asText();
        }

        String text(String key) {
            String v = textAllowEmpty(key).trim();
            if (v.isEmpty()) throw error(key, "must not be empty");
            return v;
        }

        String secret(String key) {
            String v = textAllowEmpty(key);
            if (!v.isEmpty() && v.length() < 16) throw error(key, "must be at least 16 characters when set");
            return v;
        }

        String matching(String key, String regex) {
            String v = text(key);
            if (!v.matches(regex)) throw error(key, "has an invalid value '" + v + "'");
            return v;
        }

        String name(String key) {
            return matching(key, "[A-Za-z0-9_.-]{1,64}");
        }

        String host(String key) {
            return matching(key, "[A-Za-z0-9_.:-]{1,253}");
        }

        URI uri(String key) {
            String v = text(key);
            try {
                URI uri = URI.create(v);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw error(key, "must be an http(s) URL like http://127.0.0.1:8088, got '" + v + "'");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw error(key, "is not a valid URL: '" + v + "'");
            }
        }

        int integer(String key, int min, int max) {
            String v = text(key);
            int i;
            try {
                i = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw error(key, "must be a whole number, got '" + v + "'");
            }
            if (i < min || i > max) throw error(key, "must be between " + min + " and " + max + ", got " + i);
            return i;
        }

        double decimal(String key, double min, double max) {
            String v = text(key);
            double d;
            try {
                d = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw error(key, "must be a number, got '" + v + "'");
            }
            if (d < min || d > max) throw error(key, "must be between " + min + " and " + max + ", got " + v);
            return d;
        }

        int port(String key, boolean allowZero) {
            return integer(key, allowZero ? 0 : 1, 65535);
        }

        boolean bool(String key) {
            String v = text(key).toLowerCase(Locale.ROOT);
            return switch (v) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> throw error(key, "must be true or false, got '" + v + "'");
            };
        }

        List<String> list(String key) {
            JsonNode n = node(key);
            if (!n.isArray()) throw error(key, "must be a list");
            List<String> out = new ArrayList<>();
            n.forEach(x -> out.add(x.asText().trim().toUpperCase(Locale.ROOT)));
            return List.copyOf(out);
        }

        /** A list of values as written (no case change). */
        List<String> rawList(String key) {
            JsonNode n = node(key);
            if (n.isMissingNode() || n.isNull()) return List.of();
            if (!n.isArray()) throw error(key, "must be a list");
            List<String> out = new ArrayList<>();
            n.forEach(x -> {
                if (!x.asText().isBlank()) out.add(x.asText().trim());
            });
            return List.copyOf(out);
        }

        Map<String, String> stringMap(String key) {
            JsonNode n = node(key);
            Map<String, String> out = new LinkedHashMap<>();
            if (n.isMissingNode() || n.isNull()) return out;
            if (!n.isObject()) throw error(key, "must be a mapping");
            n.fields().forEachRemaining(e -> {
                if (!e.getKey().matches("_{0,2}[A-Za-z0-9_()]{1,64}")) throw error(key, "has an invalid variable name '" + e.getKey() + "'");
                out.put(e.getKey(), e.getValue().asText());
            });
            return out;
        }
    }
}
