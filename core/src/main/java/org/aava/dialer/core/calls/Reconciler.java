package org.aava.dialer.core.calls;

import org.aava.dialer.core.calls.CallEvent.ChannelGone;
import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.AttemptClose;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.core.ports.AttemptJournal;
import org.aava.dialer.core.ports.AttemptRepository;
import org.aava.dialer.core.ports.AttemptTransition;
import org.aava.dialer.core.ports.CallControl;
import org.aava.dialer.core.ports.CampaignRepository;
import org.aava.dialer.core.ports.LeadBook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * After (re)connecting to the PBX: live calls whose channel is gone get a {@link ChannelGone} event (their events
 * were lost with the connection); open attempts left by a previous process are adopted when their channel still
 * exists, else closed. The attempts this process owns are settled only by their own call, never a second time by
 * the open-attempt pass: a second close that requeued the lead would dial the person twice.
 */
final class Reconciler {
    private static final Logger log = LoggerFactory.getLogger(CallFlow.class);

    private final CallFlow flow;
    private final CallControl control;
    private final AttemptRepository attempts;
    private final AttemptJournal journal;
    private final CampaignRepository campaigns;
    private final LeadBook leads;
    private final DialerMetrics metrics;
    private final RandomGenerator random;
    private final Clock clock;
    private final Executor workers;
    /** The Asterisk server this node dials through: only its open attempts are settled against its channels. */
    private final String server;
    /** When young calls and open attempts skipped by the last reconciliation can be settled (null: none). */
    private volatile Instant settleAgainAt;

    Reconciler(CallFlow flow, CallControl control, AttemptRepository attempts, AttemptJournal journal, CampaignRepository campaigns,
               LeadBook leads, DialerMetrics metrics, RandomGenerator random, Clock clock, Executor workers, String server) {
        this.flow = flow;
        this.control = control;
        this.attempts = attempts;
        this.journal = journal;
        this.campaigns = campaigns;
        this.leads = leads;
        this.metrics = metrics;
        this.random = random;
        this.clock = clock;
        this.workers = workers;
        this.server = server;
    }

    void reconcile() {
        Map<String, CallControl.LiveChannel> channels;
        try {
            channels = control.liveChannels().join();
        } catch (RuntimeException e) {
            log.warn("could not list channels to reconcile: {}", e.toString());
            return;
        }
        reconcile(channels, clock.instant());
    }

    /** Runs the pass a previous reconciliation left for later, once it is due (called by the watchdog's sweep). */
    void settleIfDue(Instant now) {
        Instant again = settleAgainAt;
        if (again != null && now.isAfter(again)) {
            settleAgainAt = null;
            workers.execute(this::settleSkipped);
        }
    }

    private void settleSkipped() {
        Map<String, CallControl.LiveChannel> channels;
        try {
            channels = control.liveChannels().join();
        } catch (RuntimeException e) {
            log.warn("could not list channels to settle open attempts: {}", e.toString());
            settleAgainAt = clock.instant().plusSeconds(5);
            return;
        }
        reconcile(channels, clock.instant());
    }

    private void reconcile(Map<String, CallControl.LiveChannel> channels, Instant now) {
        Set<Long> ownedHere = new HashSet<>();
        Instant again = null;
        for (LiveCall call : flow.live().all()) {
            ownedHere.add(call.attemptId);
            CallControl.LiveChannel channel = channels.get(call.channelId);
            Instant created = call.state.createdAt();
            if (channel == null && now.isAfter(created.plusSeconds(5))) {
                // proven gone: the call takes the retry delay of its outcome (the policy's), never an immediate redial
                flow.feed(call, new ChannelGone(now));
            } else if (channel == null) {
                // Too young to tell from a call still being originated; looked at again once it is not. (Asterisk
                // hangs up a call answered while our application was unregistered, and that end is never reported.)
                Instant decidable = created.plusSeconds(6);
                if (again == null || decidable.isBefore(again)) again = decidable;
            } else if (channel.waitingInApp()) {
                catchUp(call.channelId, channel.appArgs());
            }
        }
        Instant openAgain = settleOpenAttempts(channels, now, ownedHere);
        settleAgainAt = again == null ? openAgain : openAgain == null || again.isBefore(openAgain) ? again : openAgain;
    }

    /**
     * A channel waiting in our application whose StasisStart was lost with the connection (the person answered, or
     * the AMD hop returned, while it was down) is handled as if the event had come; the lifecycle ignores a late duplicate.
     */
    private void catchUp(String channelId, List<String> appArgs) {
        if (appArgs.isEmpty()) return;
        String kind = appArgs.get(0);
        if (ChannelVars.ARG_OUTBOUND.equalsIgnoreCase(kind) || ChannelVars.ARG_OUTBOUND_AMD.equalsIgnoreCase(kind)) {
            log.info("channel {} waits in our application ({}): its StasisStart was missed; handling it now", channelId, appArgs);
            flow.stasisStart(channelId, appArgs);
        }
    }

    /**
     * Open attempts no live call owns (left by a previous process): adopted when their channel still exists,
     * else closed. One younger than 5 s may be a call this process is starting right now, so it is left for
     * a second pass, which the watchdog sweep runs once it is old enough: returns when (null: none is left).
     */
    private Instant settleOpenAttempts(Map<String, CallControl.LiveChannel> channels, Instant now, Set<Long> ownedHere) {
        List<Attempt> open;
        try {
            open = attempts.listOpen().join();
        } catch (RuntimeException e) {
            log.warn("could not list open attempts to reconcile: {}", e.toString());
            return now.plusSeconds(5);
        }
        Instant again = null;
        for (Attempt a : open) {
            // (the list may be older than a close this process has just made: its own calls are never settled here)
            if (ownedHere.contains(a.id()) || flow.closing(a.id()) || flow.live().byAttempt(a.id()).isPresent()) continue;
            // Another server's call (several nodes on one database): its channel is not in this server's list, and closing
            // it here would end a live call's record; its own node settles it. Attempts from before placements existed
            // were this database's only node's.
            if (a.placement() != null && !a.placement().asteriskServer().equals(server)) continue;
            CallControl.LiveChannel channel = a.channelId() == null ? null : channels.get(a.channelId());
            if (channel != null) {
                List<String> args = channel.waitingInApp() ? channel.appArgs() : List.of();
                boolean hopReturned = !args.isEmpty() && ChannelVars.ARG_OUTBOUND_AMD.equalsIgnoreCase(args.get(0));
                CallPhase phase = hopReturned ? CallPhase.AMD_HOP : a.answeredAt() != null ? CallPhase.AI_ATTACHED : CallPhase.ORIGINATING;
                // (adopted in the phase its waiting channel shows, then handled as the StasisStart it missed)
                if (adopt(a, phase).isPresent() && channel.waitingInApp()) catchUp(a.channelId(), args);
            } else if (now.isAfter(a.startedAt().plusSeconds(5))) {
                // (a younger one may be a call this process is starting right now, stored but not yet registered
                // or originated; if it really was left behind, its lease expiry closes it)
                // A stored attempt may have reached the phone (its originate is sent right after it is stored), so it
                // is never requeued for now: an unanswered one waits the retry policy's delay for error, like any
                // failed call; an answered one reached its person and is not dialed again.
                AttemptClose close = AttemptClose.of(Outcome.ERROR, now).withError("lost on restart");
                if (a.answeredAt() == null) {
                    Optional<Instant> retryAt = retryAfterLoss(a, now);
                    if (retryAt.isPresent()) close = close.withRetryAt(retryAt.get());
                }
                journal.apply(new AttemptTransition.Close(a.id(), close)).thenAccept(closed -> {
                    if (closed) metrics.attemptClosed(a.campaignId(), Outcome.ERROR);
                });
            } else {
                Instant decidable = a.startedAt().plusSeconds(6);
                if (again == null || decidable.isBefore(again)) again = decidable;
            }
        }
        return again;
    }

    /** The campaign's retry policy for an attempt lost with the process or the connection. */
    private Optional<Instant> retryAfterLoss(Attempt a, Instant now) {
        try {
            Optional<Campaign> campaign = campaigns.find(a.campaignId()).join();
            Optional<Lead> lead = leads.find(a.leadId()).join();
            if (campaign.isEmpty() || lead.isEmpty()) return Optional.empty();
            // the stored count already includes this attempt (it is counted when the lead starts dialing)
            return campaign.get().retryPolicy().nextAttemptAt(Outcome.ERROR, Math.max(1, lead.get().attemptCount()), now, random);
        } catch (RuntimeException e) {
            log.warn("could not read the retry policy for lost attempt {}: {}", a.id(), e.toString());
            return Optional.empty();
        }
    }

    /** A StasisStart for an attempt this process does not know: adopted if it is still open, else hung up. */
    void adoptAnswered(long attemptId, String channelId) {
        Optional<Attempt> attempt = attemptId > 0 ? attempts.find(attemptId).join() : Optional.empty();
        if (attempt.isEmpty() || !attempt.get().open()) {
            log.warn("StasisStart for unknown or closed attempt {} on channel {}; hanging up", attemptId, channelId);
            control.hangup(channelId, "normal");
            return;
        }
        adopt(attempt.get(), CallPhase.ORIGINATING).ifPresent(call -> flow.feed(call, new CallEvent.Answered(clock.instant())));
    }

    /** Rebuilds the in-memory call of an attempt a previous process started, so its end is still accounted for. */
    private Optional<LiveCall> adopt(Attempt a, CallPhase phase) {
        try {
            Optional<Campaign> campaign = campaigns.find(a.campaignId()).join();
            Optional<Lead> lead = leads.find(a.leadId()).join();
            if (campaign.isEmpty() || lead.isEmpty()) return Optional.empty();
            return Optional.of(flow.adopt(a, campaign.get(), lead.get(), phase));
        } catch (RuntimeException e) {
            log.warn("could not adopt attempt {}: {}", a.id(), e.toString());
            return Optional.empty();
        }
    }
}
