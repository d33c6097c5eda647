package org.aava.dialer.core.ports;

/**
 * A call-control request Asterisk refused or could not answer.
 *
 * @see #status() the HTTP status (4xx: refused, the request had no effect; 5xx: Asterisk failed it;
 * {@link #NOT_SENT}: it never reached Asterisk; 0: sent but unanswered, so its effect is unknown)
 */
public class CallControlException extends RuntimeException {
    /** The request never reached the PBX (connection refused or not established). */
    public static final int NOT_SENT = -1;

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

    /** Sent, but no answer came (timeout, connection lost): Asterisk may or may not have acted on it. */
    public boolean unanswered() {
        return status == 0;
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
