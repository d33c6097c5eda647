package org.aava.dialer.core.model;

import java.util.List;
import java.util.Locale;

/**
 * The AMDCAUSE prefixes the hop's guardrails turn into HUMAN (config {@code amd.human_causes}). AMD's classic
 * errors lean towards MACHINE for people (a slow "hello", silence on a real line), so these causes win over
 * AMD's status. The AGI script and the generated dialplan fallback both read this one list, so the two paths
 * cannot decide differently.
 *
 * @param prefixes upper-case prefixes such as {@code TOOLONG}; they are written into the generated dialplan,
 *                 hence the narrow alphabet
 */
public record AmdHumanCauses(List<String> prefixes) {
    public static final AmdHumanCauses DEFAULT = new AmdHumanCauses(List.of("TOOLONG", "INITIALSILENCE"));

    public AmdHumanCauses {
        prefixes = prefixes.stream().map(p -> p == null ? "" : p.trim().toUpperCase(Locale.ROOT))
                .filter(p -> !p.isEmpty()).toList();
        for (String p : prefixes) {
            if (!p.matches("[A-Z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("must list AMDCAUSE prefixes (letters, digits, _ and -), got '" + p + "'");
            }
        }
    }

    /** Whether AMD's cause starts with one of the human-first prefixes (case ignored). */
    public boolean matches(String amdCause) {
        String cause = amdCause == null ? "" : amdCause.trim().toUpperCase(Locale.ROOT);
        for (String prefix : prefixes) if (cause.startsWith(prefix)) return true;
        return false;
    }
}
