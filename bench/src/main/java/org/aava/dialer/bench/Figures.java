package org.aava.dialer.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Named figures of a probe (the non-JMH measurements), written as {@code key=value} lines for
 * bench/run.sh's report and printed as they are recorded.
 */
public final class Figures {
    private final Map<String, String> values = new LinkedHashMap<>();

    public Figures put(String key, Object value) {
        String text = value instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : String.valueOf(value);
        values.put(key, text);
        System.out.println("  " + key + " = " + text);
        return this;
    }

    public Map<String, String> values() {
        return values;
    }

    /** Writes the figures to {@code file}, if one was given. */
    public void writeTo(Path file) {
        if (file == null) return;
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        try {
            if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static Map<String, String> read(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) out.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return out;
    }
}
