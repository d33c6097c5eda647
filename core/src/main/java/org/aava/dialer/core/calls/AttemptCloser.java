package org.aava.dialer.core.calls;

import org.aava.dialer.core.calls.CallCommand.Closed;
import org.aava.dialer.core.model.AttemptClose;
import org.aava.dialer.core.model.CampaignStatus;
import org.aava.dialer.core.ports.AttemptJournal;
import org.aava.dialer.core.ports.AttemptTransition;
import org.aava.dialer.core.ports.CampaignRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/** Writes a live call's close: the retry the campaign's policy gives its outcome, the journal, and the breaker. */
final class AttemptCloser {
    private static final Logger log = LoggerFactory.getLogger(CallFlow.class);

    private final AttemptJournal journal;
    private final CampaignRepository campaigns;
    private final CircuitBreaker breaker;
    private final DialerMetrics metrics;
    private final RandomGenerator random;
    /** Attempts this process has closed whose close the store has not confirmed yet. */
    private final Set<Long> closing = ConcurrentHashMap.newKeySet();

    AttemptCloser(AttemptJournal journal, CampaignRepository campaigns, CircuitBreaker breaker, DialerMetrics metrics,
                  RandomGenerator random) {
        this.journal = journal;
        this.campaigns = campaigns;
        this.breaker = breaker;
        this.metrics = metrics;
        this.random = random;
    }

    /** Marks the attempt as closing before its call leaves memory, so reconciliation never settles it a second time. */
    void closing(long attemptId) {
        closing.add(attemptId);
    }

    boolean isClosing(long attemptId) {
        return closing.contains(attemptId);
    }

    void close(LiveCall call, Closed c) {
        AttemptClose close = AttemptClose.of(c.outcome(), c.at()).withCause(c.cause(), c.causeText()).withError(c.error())
                .withSipCode(c.sipCode());
        int attemptsMade = call.lead.attemptCount() + 1;
        Optional<Instant> retryAt = c.requeueAt() != null ? Optional.of(c.requeueAt())
                : call.campaign.retryPolicy().nextAttemptAt(c.outcome(), attemptsMade, c.at(), random);
        if (retryAt.isPresent()) close = close.withRetryAt(retryAt.get());
        CallLog.info(log, call, "attempt closed: {} cause={} sip={} {}{}", c.outcome().wire(), c.cause(), c.sipCode(),
                c.error() == null ? "" : c.error(), retryAt.map(t -> " retry at " + t).orElse(""));
        journal.apply(new AttemptTransition.Close(call.attemptId, close)).whenComplete((closedNow, e) -> {
            closing.remove(call.attemptId);
            if (e != null) {
                CallLog.warn(log, call, "could not store the close of attempt {}: {}", call.attemptId, e.toString());
                return;
            }
            if (Boolean.TRUE.equals(closedNow)) metrics.attemptClosed(call.campaignId(), c.outcome());
        });
        if (c.countsForBreaker()) breaker.record(call.campaignId(), c.outcome(), c.error(), c.at()).ifPresent(reason -> {
            CallLog.warn(log, call, "pausing campaign: {}", reason);
            metrics.breakerTripped(call.campaignId());
            campaigns.setStatus(call.campaignId(), CampaignStatus.PAUSED, reason);
        });
    }
}
