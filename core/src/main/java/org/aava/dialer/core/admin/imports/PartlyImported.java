package org.aava.dialer.core.admin.imports;

import org.aava.dialer.core.admin.RuleViolation;

/** The file turned unreadable part-way: what came before it was imported, and {@link #partial()} says how much. */
public final class PartlyImported extends RuleViolation {
    private final transient ImportResult partial;

    public PartlyImported(String message, ImportResult partial) {
        super(Kind.INVALID, message, "file");
        this.partial = partial;
    }

    public ImportResult partial() {
        return partial;
    }
}
