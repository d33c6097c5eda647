package org.aava.dialer.core.ai;

import java.util.List;
import java.util.Set;

/**
 * A named AI configuration from the config file: what the agent is told and where the call goes.
 *
 * @param tools           the AI tool callbacks this context may use (hangup_call, transfer, add_to_dnc, …)
 * @param transferTargets where the {@code transfer} tool may send a call, as {@code extension@context}; nowhere else
 */
public record AiContext(String name, String prompt, String greeting, String provider, List<String> tools,
                        AttachTarget attach, List<String> transferTargets) {
    private static final String TARGET = "[0-9A-Za-z*#+_-]{1,32}@[A-Za-z0-9_.-]{1,64}";

    public static final Set<String> KNOWN_TOOLS = Set.of("hangup_call", "transfer", "add_to_dnc",
            "schedule_callback", "set_disposition", "post_transcript");

    public AiContext {
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("context name must match [A-Za-z0-9_.-]{1,64}, got '" + name + "'");
        }
        prompt = prompt == null ? "" : prompt;
        greeting = greeting == null ? "" : greeting;
        tools = tools == null ? List.of() : List.copyOf(tools);
        for (String t : tools) {
            if (!KNOWN_TOOLS.contains(t)) throw new IllegalArgumentException("contexts." + name + ".tools: unknown tool '" + t + "'");
        }
        if (attach == null) throw new IllegalArgumentException("contexts." + name + ".attach is required");
        transferTargets = transferTargets == null ? List.of() : List.copyOf(transferTargets);
        for (String t : transferTargets) {
            if (t == null || !t.matches(TARGET)) {
                throw new IllegalArgumentException("contexts." + name + ".transfer_targets: '" + t + "' is not extension@context");
            }
        }
    }

    public AiContext(String name, String prompt, String greeting, String provider, List<String> tools, AttachTarget attach) {
        this(name, prompt, greeting, provider, tools, attach, List.of());
    }

    /**
     * The configured target the AI asked for: {@code extension} in {@code context}, or, with no context given, the one
     * target with that extension. Empty when the target is not on the list (the AI cannot name any dialplan context).
     */
    public java.util.Optional<String[]> transferTarget(String context, String extension) {
        List<String[]> matches = transferTargets.stream().map(t -> t.split("@", 2))
                .filter(t -> t[0].equals(extension) && (context == null || context.isEmpty() || t[1].equals(context))).toList();
        return matches.size() == 1 ? java.util.Optional.of(matches.getFirst()) : java.util.Optional.empty();
    }

    public boolean allows(String tool) {
        return tools.contains(tool);
    }
}
