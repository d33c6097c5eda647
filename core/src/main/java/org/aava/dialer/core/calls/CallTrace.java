package org.aava.dialer.core.calls;

/**
 * Sees every call's lifecycle inputs, in the order they are applied: the state a call starts from (originated or
 * adopted) and each event. Off by default; tests switch it on to record real calls and replay them through
 * {@link AttemptLifecycle}. Called on the call's executor: an implementation must be quick and must not throw.
 */
public interface CallTrace {
    void started(CallState state);

    void event(long attemptId, CallEvent event);

    CallTrace NONE = new CallTrace() {
        @Override
        public void started(CallState state) {
        }

        @Override
        public void event(long attemptId, CallEvent event) {
        }
    };
}
