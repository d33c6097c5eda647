package org.aava.dialer.core.ai;

import java.util.List;
import java.util.Set;

/**
 * A named AI configuration from the config file: what the agent is told and where the call goes.
 *
 * @param tools the AI tool callbacks this context may use (hangup_call, transfer, add_to_dnc, …)
 */
public record AiContext(String name, String prompt, String greeting, String provider, List<String> tools,
                        AttachTarget attach) {
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
    }

    public boolean allows(String tool) {
        return tools.contains(tool);
    }
}
