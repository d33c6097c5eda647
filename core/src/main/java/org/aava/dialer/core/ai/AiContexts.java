package org.aava.dialer.core.ai;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The configured AI contexts by name, with the fallback rule for unknown names. */
public final class AiContexts {
    private final Map<String, AiContext> byName = new LinkedHashMap<>();

    public AiContexts(Collection<AiContext> contexts) {
        for (AiContext c : contexts) byName.put(c.name(), c);
        if (byName.isEmpty()) throw new IllegalArgumentException("contexts: at least one AI context is required");
    }

    public Optional<AiContext> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
    }

    public boolean contains(String name) {
        return name != null && byName.containsKey(name);
    }

    /** The lead's override if it names a known context, else the campaign default, else the first configured one. */
    public AiContext resolve(String leadOverride, String campaignDefault) {
        return find(leadOverride).or(() -> find(campaignDefault)).orElseGet(() -> byName.values().iterator().next());
    }

    public Collection<AiContext> all() {
        return byName.values();
    }
}
