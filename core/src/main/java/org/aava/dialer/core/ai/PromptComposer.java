package org.aava.dialer.core.ai;

import org.aava.dialer.core.model.Lead;

/** Builds what the AI is told for one lead: the context prompt plus a bounded, sanitised Lead Context block. */
public interface PromptComposer {
    /** @return the effective prompt and the Lead Context JSON that went into it */
    Composed compose(AiContext context, Lead lead);

    record Composed(String prompt, String leadContextJson) {
    }
}
