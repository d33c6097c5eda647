package org.aava.dialer.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the YAML config over the built-in defaults, then applies environment overrides named from
 * each key's path ({@code web.port} → {@code AAVA_DIALER_WEB_PORT}). Keys the defaults do not know
 * are rejected so that a typo never silently falls back to a default.
 */
public final class ConfigLoader {
    public static final String ENV_PREFIX = "AAVA_DIALER_";
    /** Sections whose keys are the operator's own names, not ours. */
    private static final Set<String> FREE_MAPS = Set.of("contexts", "dial.extra_variables");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigLoader() {
    }

    public static DialerConfig load(Path file, Map<String, String> env) {
        ObjectNode defaults = readDefaults();
        ObjectNode merged = defaults.deepCopy();
        if (file != null) {
            if (!Files.isRegularFile(file)) throw new ConfigException("config file not found: " + file);
            JsonNode user;
            try (InputStream in = Files.newInputStream(file)) {
                user = YAML.readTree(in);
            } catch (IOException e) {
                throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
            }
            if (user != null && !user.isMissingNode() && !user.isNull()) {
                if (!user.isObject()) throw new ConfigException("config file " + file + " must be a YAML mapping");
                merge(merged, (ObjectNode) user, defaults, "");
            }
        }
        rejectUnknownEnv(defaults, env);
        applyEnv(merged, env, "");
        return DialerConfig.from(merged);
    }

    static ObjectNode readDefaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("/aava-dialer-defaults.yaml")) {
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("built-in defaults missing", e);
        }
    }

    private static void merge(ObjectNode target, ObjectNode user, JsonNode known, String prefix) {
        Iterator<Map.Entry<String, JsonNode>> fields = user.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode knownChild = known == null ? null : known.get(e.getKey());
            if (FREE_MAPS.contains(key)) {
                if (!e.getValue().isObject()) throw new ConfigException(key + " must be a mapping");
                target.set(e.getKey(), e.getValue());
                continue;
            }
            if (knownChild == null) throw new ConfigException("unknown config key '" + key + "'");
            if (knownChild.isObject()) {
                if (!e.getValue().isObject()) throw new ConfigException(key + " must be a mapping");
                merge((ObjectNode) target.get(e.getKey()), (ObjectNode) e.getValue(), knownChild, key);
            } else {
                target.set(e.getKey(), e.getValue());
            }
        }
    }

    private static void applyEnv(ObjectNode node, Map<String, String> env, String prefix) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (FREE_MAPS.contains(key)) continue;
            if (e.getValue().isObject()) {
                applyEnv((ObjectNode) e.getValue(), env, key);
                continue;
            }
            String value = env.get(envName(key));
            if (value == null) continue;
            if (e.getValue().isArray()) {
                var array = JsonNodeFactory.instance.arrayNode();
                for (String part : value.split(",")) if (!part.isBlank()) array.add(part.trim());
                node.set(e.getKey(), array);
            } else {
                node.put(e.getKey(), value);
            }
        }
    }

    /** An {@code AAVA_DIALER_*} variable that names no key is a typo, refused like an unknown YAML key. */
    private static void rejectUnknownEnv(ObjectNode defaults, Map<String, String> env) {
        Set<String> known = new java.util.HashSet<>();
        collectEnvNames(defaults, "", known);
        List<String> unknown = env.keySet().stream().filter(k -> k.startsWith(ENV_PREFIX) && !known.contains(k)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown environment variable" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + ": no config key has that name (keys map as web.port -> " + envName("web.port") + ")");
        }
    }

    private static void collectEnvNames(JsonNode node, String prefix, Set<String> out) {
        node.fields().forEachRemaining(e -> {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (FREE_MAPS.contains(key)) return;
            if (e.getValue().isObject()) collectEnvNames(e.getValue(), key, out);
            else out.add(envName(key));
        });
    }

    /** {@code web.admin_password} → {@code AAVA_DIALER_WEB_ADMIN_PASSWORD}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.replace('.', '_').toUpperCase(Locale.ROOT);
    }
}
