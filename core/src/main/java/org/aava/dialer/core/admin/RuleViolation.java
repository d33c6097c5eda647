package org.aava.dialer.core.admin;

/**
 * An admin request a rule refuses: its kind says which (the web answers it with its HTTP status), the message says
 * why in words the operator reads as they are, and field names the input at fault when there is one.
 */
public class RuleViolation extends RuntimeException {
    /** What kind of refusal: bad input, nothing by that id, the state forbids it, not allowed, or the engine is not running. */
    public enum Kind { INVALID, NOT_FOUND, CONFLICT, FORBIDDEN, UNAVAILABLE }

    private final Kind kind;
    private final String field;

    public RuleViolation(Kind kind, String message, String field) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public static RuleViolation invalid(String message, String field) {
        return new RuleViolation(Kind.INVALID, message, field);
    }

    /** {@code what} names the thing, e.g. "campaign 7": the message is "campaign 7 not found". */
    public static RuleViolation notFound(String what) {
        return new RuleViolation(Kind.NOT_FOUND, what + " not found", null);
    }

    public static RuleViolation conflict(String message) {
        return new RuleViolation(Kind.CONFLICT, message, null);
    }

    public static RuleViolation forbidden(String message, String field) {
        return new RuleViolation(Kind.FORBIDDEN, message, field);
    }

    public static RuleViolation unavailable(String message) {
        return new RuleViolation(Kind.UNAVAILABLE, message, null);
    }

    public Kind kind() {
        return kind;
    }

    public String field() {
        return field;
    }
}
