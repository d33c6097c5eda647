package org.aava.dialer.web;

/** A client error answered as {@code {"error": ..., "field": ...}} with its HTTP status; never a 500. */
public class ApiException extends RuntimeException {
    private final int status;
    private final String field;

    public ApiException(int status, String message, String field) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public static ApiException badRequest(String message, String field) {
        return new ApiException(400, message, field);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, what + " not found", null);
    }

    /** A rule's refusal as the API answers it. */
    public static ApiException of(org.aava.dialer.core.admin.RuleViolation v) {
        return new ApiException(Routes.statusOf(v.kind()), v.getMessage(), v.field());
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message, null);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
