package org.aava.dialer.core.scheduler;

import org.aava.dialer.core.admin.AiCallControl;
import org.aava.dialer.core.admin.AiCallSession;
import org.aava.dialer.core.admin.CallEngine;
import org.aava.dialer.core.admin.DialingControl;
import org.aava.dialer.core.admin.LiveCallsView;
import org.aava.dialer.core.calls.CallFlow;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The admin side's view of {@link CallFlow} and {@link Pacer}. Only their stable public methods are called, and a live
 * call is copied into an {@link AiCallSession} here, so a change inside the call engine stops at this class.
 */
public final class CallEngineAdapters {
    private CallEngineAdapters() {
    }

    /** Either may be null (a tool or test without calls or without a scheduler). */
    public static CallEngine of(CallFlow flow, Pacer pacer) {
        return new CallEngine(flow == null ? null : new Live(flow), flow == null ? null : new Ai(flow),
                flow == null && pacer == null ? null : new Dialing(flow, pacer));
    }

    private record Live(CallFlow flow) implements LiveCallsView {
        @Override
        public int count() {
            return flow.live().count();
        }

        @Override
        public int count(long campaignId) {
            return flow.live().count(campaignId);
        }

        @Override
        public boolean hasLead(long leadId) {
            return flow.live().hasLead(leadId);
        }
    }

    private record Ai(CallFlow flow) implements AiCallControl {
        @Override
        public Optional<AiCallSession> session(String key) {
            return flow.session(key).map(c -> new AiCallSession(c.attemptId(), c.effectivePrompt(), c.audioSocketUuid()));
        }

        @Override
        public boolean hangupByAi(long attemptId) {
            return flow.hangupByAi(attemptId);
        }

        @Override
        public CompletableFuture<Boolean> transfer(long attemptId, String context, String extension) {
            return flow.transfer(attemptId, context, extension);
        }

        @Override
        public CompletableFuture<Boolean> optOut(long attemptId) {
            return flow.optOut(attemptId);
        }
    }

    private record Dialing(CallFlow flow, Pacer pacer) implements DialingControl {
        @Override
        public void invalidate() {
            if (pacer != null) pacer.invalidate();
        }

        @Override
        public void resetBreaker(long campaignId) {
            if (flow != null) flow.resetBreaker(campaignId);
        }

        @Override
        public Optional<DialingStatus> status(long campaignId) {
            return pacer == null ? Optional.empty() : pacer.status(campaignId);
        }
    }
}
