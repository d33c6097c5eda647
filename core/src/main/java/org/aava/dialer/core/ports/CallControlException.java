package org.aava.dialer.core.ports;

/**
 * A call-control request Asterisk refused or could not answer.
 *
 * @see #status() the HTTP status (4xx: refused, the request had no effect; 5xx or 0: indeterminate)
 */
public class CallControlException extends RuntimeException {
    private final int status;

    public CallControlException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public CallControlException(int status, String message) {
        this(status, message, null);
    }

    public int status() {
        return status;
    }

    /** A 4xx means Asterisk looked at the request and refused it, so nothing happened. */
    public boolean refused() {
        return status >= 400 && status < 500;
    }

    /** Unwraps {@link java.util.concurrent.CompletionException} layers to find a CallControlException. */
    public static CallControlException from(Throwable t) {
        Throwable cur = t;
        while (cur != null) {
            if (cur instanceof CallControlException cce) return cce;
            cur = cur.getCause();
        }
        return new CallControlException(0, t == null ? "unknown error" : String.valueOf(t.getMessage()), t);
    }
}
