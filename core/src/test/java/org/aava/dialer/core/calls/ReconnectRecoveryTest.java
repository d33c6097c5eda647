package org.aava.dialer.core.calls;

import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.core.model.RetryPolicy;
import org.aava.dialer.core.ports.AttemptRepository;
import org.aava.dialer.core.testing.DialerHarness;
import org.aava.dialer.core.testing.FakeCallControl.Originated;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recovery after an ARI reconnect or a restart never dials a number twice: an attempt whose originate was sent is
 * closed once, and a lost one waits its outcome's retry delay instead of being requeued for now.
 */
class ReconnectRecoveryTest {
    private static final Duration ERROR_DELAY = Duration.ofMinutes(15);
    private static final RetryPolicy RETRIES = new RetryPolicy(true, 3, Map.of(Outcome.ERROR, ERROR_DELAY, Outcome.BUSY,
            Duration.ofMinutes(10)), 1.0, 0.0);

    private final DialerHarness h = new DialerHarness();

    @Test
    void aReconnectClosesARingingCallWhoseChannelIsGoneOnceAndNeverRequeuesItForNow() {
        // The real flow runs the call's close on a worker while reconciliation goes on: here the open-attempt list
        // is read before that close is stored, and the close lands while the list is being read (as on a busy store).
        Queue<Runnable> pending = new ArrayDeque<>();
        Executor deferred = pending::add;
        AttemptRepository racing = listOpenThen(h.store.attempts(), () -> drain(pending));
        CallFlow flow = new CallFlow(h.pbx, h.store.journal(), racing, h.store.leads(), h.store.campaigns(), h.contexts,
                (ctx, lead) -> new org.aava.dialer.core.ai.PromptComposer.Composed("", "{}"), h.settings, h.clock,
                DialerMetrics.NONE, deferred, new SplittableRandom(3), null, org.aava.dialer.core.model.AiSessionKey.secureSupplier());
        h.pbx.events(flow);
        Campaign c = h.campaign("reconnect race", b -> b.maxConcurrent(3).retryPolicy(RETRIES), 3);
        Lead ringingLead = h.leaseOne(c);
        flow.start(c, ringingLead).join();
        drain(pending);
        Originated ringing = h.pbx.lastOriginated();
        Lead answeredLead = h.leaseOne(c);
        flow.start(c, answeredLead).join();
        drain(pending);
        Originated answered = h.pbx.lastOriginated();
        h.pbx.answer(answered);
        drain(pending);
        h.clock.advanceSeconds(10);

        h.pbx.disconnect();
        h.pbx.live.remove(ringing.channelId()); // it ended while the event connection was down
        h.pbx.reconnect();
        drain(pending);

        assertEquals(1, h.store.closeRequests(ringing.attemptId()), "closed by its own call only, not again by recovery");
        Attempt a = h.store.attempt(ringing.attemptId());
        assertEquals(Outcome.ERROR, a.outcome());
        Lead after = h.store.lead(ringing.leadId());
        assertEquals(LeadState.PENDING, after.state());
        assertNotNull(after.nextAttemptAt());
        assertTrue(!after.nextAttemptAt().isBefore(h.clock.instant().plus(ERROR_DELAY)),
                "a call that was sent waits the error delay: " + after.nextAttemptAt());
        assertTrue(h.store.attempt(answered.attemptId()).open(), "the answered call still exists and goes on");
        assertEquals(0, h.store.closeRequests(answered.attemptId()));
    }

    @Test
    void aRestartedProcessNeverRequeuesALostSentAttemptForAnImmediateRedial() {
        Campaign c = h.campaign("restart", b -> b.maxConcurrent(3).retryPolicy(RETRIES), 2);
        Originated lostRinging = h.dialOne(c);
        Originated lostAnswered = h.dialOne(c);
        h.pbx.answer(lostAnswered);
        h.pbx.live.remove(lostRinging.channelId());
        h.pbx.live.remove(lostAnswered.channelId());
        h.clock.advanceSeconds(30);

        CallFlow fresh = restartedFlow();
        h.pbx.events(fresh);
        h.pbx.reconnect();

        assertEquals("lost on restart", h.store.attempt(lostRinging.attemptId()).errorMessage());
        Lead ringingLead = h.store.lead(lostRinging.leadId());
        assertEquals(h.clock.instant().plus(ERROR_DELAY), ringingLead.nextAttemptAt(), "the retry policy's delay, not now");
        Lead answeredLead = h.store.lead(lostAnswered.leadId());
        assertEquals(LeadState.FAILED, answeredLead.state(), "an answered call reached its person: not dialed again");
        for (Originated o : List.of(lostRinging, lostAnswered)) assertEquals(1, h.store.closeRequests(o.attemptId()));
    }

    @Test
    void withRetriesOffALostSentAttemptEndsFailedInsteadOfBeingRedialed() {
        Campaign c = h.campaign("restart, no retries", b -> b.maxConcurrent(3), 1);
        Originated lost = h.dialOne(c);
        h.pbx.live.remove(lost.channelId());
        h.clock.advanceSeconds(30);
        CallFlow fresh = restartedFlow();
        h.pbx.events(fresh);
        h.pbx.reconnect();
        Lead l = h.store.lead(lost.leadId());
        assertEquals(LeadState.FAILED, l.state());
        assertFalse(l.state().isLive());
    }

    @Test
    void aPersonWhoAnsweredWhileTheConnectionWasDownIsSentThroughTheAmdHopAfterTheReconnect() {
        Campaign c = h.campaign("answered unseen", b -> b.maxConcurrent(3), 1);
        Originated o = h.dialOne(c);
        h.clock.advanceSeconds(10);
        h.pbx.disconnect();
        h.pbx.answerUnseen(o); // the StasisStart went with the connection
        h.pbx.reconnect();

        assertEquals(1, h.pbx.requests("continue", o.channelId()).size(), "sent through the AMD hop once");
        Attempt a = h.store.attempt(o.attemptId());
        assertTrue(a.open(), "the answered call goes on: " + a);
        assertNotNull(a.answeredAt(), "answered, not left to the dial timeout as no_answer");
        h.pbx.answer(o); // the event arrives late after all
        h.pbx.reconnect(); // and another reconnect sees it waiting again
        assertEquals(1, h.pbx.requests("continue", o.channelId()).size(), "a late duplicate changes nothing");
    }

    @Test
    void aYoungCallWhoseChannelWentDuringTheOutageIsSettledSoonAfterNotAtTheDialTimeout() {
        Campaign c = h.campaign("young and gone", b -> b.maxConcurrent(3).dialTimeoutSeconds(30), 1);
        Originated o = h.dialOne(c);
        h.pbx.disconnect();
        h.pbx.live.remove(o.channelId()); // answered while our app was unregistered: Asterisk hung it up, unreported
        h.clock.advanceSeconds(1);
        h.pbx.reconnect();
        assertTrue(h.store.attempt(o.attemptId()).open(), "too young to tell from a call still being originated");
        h.clock.advanceSeconds(6);
        h.flow.sweep(h.clock.instant());
        Attempt a = h.store.attempt(o.attemptId());
        assertEquals(Outcome.ERROR, a.outcome(), "settled by the second look, long before the 30 s dial timeout: " + a);
        assertEquals("lost on restart: channel gone after reconnect", a.errorMessage());
        assertEquals(1, h.store.closeRequests(o.attemptId()));
    }

    @Test
    void anAmdResultThatCameBackWhileTheConnectionWasDownStillDropsTheVoicemailOnce() {
        Campaign c = h.campaign("hop unseen", b -> b.maxConcurrent(3).voicemail(true, "sound:aava/vm-drop"), 1);
        Originated o = h.dialOne(c);
        h.pbx.answer(o);
        h.pbx.disconnect();
        h.pbx.hopReturnsUnseen(o, "MACHINE", "LONGGREETING", "", "");
        h.pbx.reconnect();
        assertEquals(1, h.pbx.requests("play", o.channelId()).size(), "the drop started after the reconnect");
        h.pbx.hopReturns(o, "MACHINE", "LONGGREETING", "", ""); // late duplicate
        h.pbx.reconnect();
        assertEquals(1, h.pbx.requests("play", o.channelId()).size(), "played once");
        h.pbx.finishPlayback(h.pbx.playbackOn(o.channelId()).orElseThrow());
        assertEquals(Outcome.VOICEMAIL_DROPPED, h.store.attempt(o.attemptId()).outcome());
        assertEquals(1, h.store.closeRequests(o.attemptId()));
    }

    @Test
    void aRestartedProcessAdoptsAnAnsweredCallItsPredecessorNeverSawAndSendsItThroughTheHop() {
        Campaign c = h.campaign("restart answered", b -> b.maxConcurrent(3), 1);
        Originated o = h.dialOne(c);
        h.pbx.answerUnseen(o); // answered as the old process died
        h.clock.advanceSeconds(30);
        CallFlow fresh = restartedFlow();
        h.pbx.events(fresh);
        h.pbx.reconnect();
        assertEquals(1, h.pbx.requests("continue", o.channelId()).size(), "the new process sent it through the AMD hop");
        Attempt a = h.store.attempt(o.attemptId());
        assertTrue(a.open() && a.answeredAt() != null, "adopted as answered: " + a);
    }

    /** The call flow of a new process over the same store and PBX, as after a restart. */
    private CallFlow restartedFlow() {
        return new CallFlow(h.pbx, h.store.journal(), h.store.attempts(), h.store.leads(), h.store.campaigns(),
                h.contexts, (ctx, lead) -> new org.aava.dialer.core.ai.PromptComposer.Composed("", "{}"), h.settings, h.clock,
                DialerMetrics.NONE, Runnable::run, new SplittableRandom(2), null, org.aava.dialer.core.model.AiSessionKey.secureSupplier());
    }

    private static void drain(Queue<Runnable> pending) {
        for (int i = 0; i < 10_000 && !pending.isEmpty(); i++) pending.poll().run();
    }

    /** The repository, whose {@code listOpen} answers with what was open when it was read and then runs {@code after}. */
    private static AttemptRepository listOpenThen(AttemptRepository real, Runnable after) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                if (method.getName().equals("listOpen") && (args == null || args.length == 0)) {
                    List<Attempt> snapshot = real.listOpen().join();
                    after.run();
                    return CompletableFuture.completedFuture(snapshot);
                }
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (AttemptRepository) Proxy.newProxyInstance(AttemptRepository.class.getClassLoader(),
                new Class<?>[]{AttemptRepository.class}, handler);
    }
}
