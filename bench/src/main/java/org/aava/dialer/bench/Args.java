package org.aava.dialer.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line options of the probes. */
public final class Args {
    private final Map<String, String> options = new HashMap<>();

    public Args(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) throw new IllegalArgumentException("expected --name value, got " + args[i]);
            options.put(args[i].substring(2), args[++i]);
        }
    }

    public int integer(String name, int fallback) {
        String v = options.get(name);
        return v == null ? fallback : Integer.parseInt(v);
    }

    public Path path(String name) {
        String v = options.get(name);
        return v == null ? null : Path.of(v);
    }
}
