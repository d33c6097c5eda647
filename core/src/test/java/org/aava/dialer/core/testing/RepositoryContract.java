package org.aava.dialer.core.testing;

import org.aava.dialer.core.admin.Cluster;
import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.AttemptClose;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.CampaignStatus;
import org.aava.dialer.core.model.ConsentResult;
import org.aava.dialer.core.model.HopResult;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.core.model.Placement;
import org.aava.dialer.core.ports.AttemptJournal;
import org.aava.dialer.core.ports.AttemptQuery;
import org.aava.dialer.core.ports.AttemptTransition;
import org.aava.dialer.core.ports.AttemptRepository;
import org.aava.dialer.core.ports.AuditLog;
import org.aava.dialer.core.ports.CallHistoryRepository;
import org.aava.dialer.core.ports.CampaignRepository;
import org.aava.dialer.core.ports.DncRepository;
import org.aava.dialer.core.ports.InsertResult;
import org.aava.dialer.core.ports.LeadQuery;
import org.aava.dialer.core.ports.LeadRepository;
import org.aava.dialer.core.ports.LeadView;
import org.aava.dialer.core.ports.LeaseRequest;
import org.aava.dialer.core.ports.NodeHeartbeats;
import org.aava.dialer.core.ports.NodeStatus;
import org.aava.dialer.core.ports.RecentStarts;
import org.aava.dialer.core.time.LocalHours;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every implementation of the repository ports must do, as tests: extend it, return fresh ports
 * from {@link #freshPorts()}, and JUnit runs them all. {@code InMemoryStoreTest} binds it to
 * {@link InMemoryStore} and the store module's {@code SqliteStoreContractTest} to the real SQLite store (through
 * core's test-jar); a PostgreSQL store binds it the same way.
 * <p>
 * Only port methods are used, with explicit instants on whole seconds (2026-03-02T12:00:00Z onwards),
 * so it does not matter which clock an implementation uses for its own bookkeeping timestamps.
 */
public abstract class RepositoryContract {
    /** The ports of one store. */
    public record Ports(CampaignRepository campaigns, LeadRepository leads, AttemptRepository attempts,
                        CallHistoryRepository history, DncRepository dnc, AuditLog audit, AttemptJournal journal,
                        NodeHeartbeats nodes) {
    }

    protected static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
    protected static final Duration TTL = Duration.ofSeconds(120);

    /** Ports over an empty store, for each test. */
    protected abstract Ports freshPorts();

    protected Ports p;

    @BeforeEach
    void openPorts() {
        p = freshPorts();
    }

    // ---------------------------------------------------------------- helpers

    protected Campaign campaign(CampaignStatus status) {
        return p.campaigns().create(Campaign.builder("c" + System.nanoTime()).window(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)
                .localHours(LocalHours.OFF).status(status).build()).join();
    }

    protected static Lead lead(Campaign c, String number) {
        return Lead.newPending(c.id(), number, number, "name " + number, "{}", null, null, null);
    }

    protected static Lead lead(Campaign c, String number, int priority) {
        Lead l = lead(c, number);
        return new Lead(0, l.campaignId(), l.phoneNumber(), l.phoneNormalized(), l.name(), l.customVarsJson(), null, null, null,
                LeadState.PENDING, 0, null, null, null, null, priority, null, null, null, l.consent());
    }

    /** Inserts and returns the campaign's leads in id order. */
    protected List<Lead> insert(Campaign c, Lead... leads) {
        p.leads().insertBatch(c.id(), List.of(leads), true).join();
        return leadsOf(c);
    }

    protected List<Lead> leadsOf(Campaign c) {
        List<Lead> out = new ArrayList<>();
        p.leads().forEach(c.id(), v -> out.add(v.lead())).join();
        return out;
    }

    protected Lead find(Lead l) {
        return p.leads().find(l.id()).join().orElseThrow();
    }

    protected Attempt find(Attempt a) {
        return p.attempts().find(a.id()).join().orElseThrow();
    }

    protected List<Lead> lease(Campaign c, int limit, Instant now) {
        return lease(c, limit, now, 0);
    }

    protected List<Lead> lease(Campaign c, int limit, Instant now, int cap) {
        return p.leads().lease(new LeaseRequest(c.id(), limit, TTL, now, cap)).join();
    }

    /** Leases this lead (it must be the next due one), marks it dialing and opens an attempt started at {@code at}. */
    protected Attempt dial(Campaign c, Lead l, Instant at) {
        List<Lead> leased = lease(c, 1, at);
        assertEquals(List.of(l.id()), leased.stream().map(Lead::id).toList(), "the lead to dial is the next due one");
        Optional<Attempt> opened = open(c, l.id(), l.phoneNormalized(), at, at.plus(TTL));
        assertTrue(opened.isPresent(), "a leased lead is dialed");
        return opened.get();
    }

    /** The journal's {@code Open}: the lead {@code leased → dialing} and its attempt opened, or nothing if not leased. */
    protected Optional<Attempt> open(Campaign c, long leadId, String number, Instant at, Instant leaseUntil) {
        return p.journal().apply(new AttemptTransition.Open(Attempt.opening(c.id(), leadId, number, at, false,
                "ch-" + leadId + "-" + at.getEpochSecond(), "default", "p"), leaseUntil)).join();
    }

    protected void answer(Attempt a, Lead l, String channelId, Instant at) {
        p.journal().apply(new AttemptTransition.Answer(a.id(), l.id(), channelId, at)).join();
    }

    protected void hop(HopResult hop, Instant at) {
        p.journal().apply(new AttemptTransition.RecordHop(hop, at)).join();
    }

    protected void attach(Campaign c, Attempt a, Lead l, String context, String provider, String prompt, Instant at) {
        p.journal().apply(new AttemptTransition.Attach(a.id(), c.id(), l.id(), l.phoneNormalized(), context, provider, prompt, at))
                .join();
    }

    /** The lead's own attempt starts within the 24 h before {@code now}: what a campaign's daily cap counts. */
    protected int recentStarts(Campaign c, Lead l, Instant now) {
        return p.leads().recentStarts(c.id(), now).join().getOrDefault(l.id(), RecentStarts.NONE).lead().size();
    }

    private static Throwable failure(Runnable r) {
        CompletionException e = assertThrows(CompletionException.class, r::run);
        return e.getCause();
    }

    // ---------------------------------------------------------------- lease

    @Test
    void leaseTakesDueLeadsInPriorityThenIdOrderAndNeverTwice() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        List<Lead> ls = insert(c, lead(c, "100", 0), lead(c, "101", 5), lead(c, "102", 0), lead(c, "103", 5));
        List<Lead> first = lease(c, 3, T0);
        assertEquals(List.of(ls.get(1).id(), ls.get(3).id(), ls.get(0).id()), first.stream().map(Lead::id).toList());
        for (Lead l : first) {
            assertEquals(LeadState.LEASED, l.state());
            assertEquals(T0.plus(TTL), l.leasedUntil());
            assertEquals(LeadState.LEASED, find(l).state());
        }
        assertEquals(List.of(ls.get(2).id()), lease(c, 3, T0).stream().map(Lead::id).toList(), "a leased lead is never handed out twice");
        assertEquals(List.of(), lease(c, 3, T0));
    }

    @Test
    void leadsOfACampaignThatIsNotRunningAreNotLeased() {
        for (CampaignStatus s : List.of(CampaignStatus.DRAFT, CampaignStatus.PAUSED, CampaignStatus.STOPPED, CampaignStatus.COMPLETED)) {
            Campaign c = campaign(s);
            insert(c, lead(c, "200"));
            assertEquals(List.of(), lease(c, 5, T0), s.wire());
            p.campaigns().setStatus(c.id(), CampaignStatus.RUNNING, null).join();
            assertEquals(1, lease(c, 5, T0).size());
        }
        Campaign other = campaign(CampaignStatus.RUNNING);
        assertEquals(List.of(), lease(other, 5, T0), "another campaign's leads are not leased");
    }

    @Test
    void onlyDueLeadsAreLeased() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        List<Lead> ls = insert(c, lead(c, "300"), lead(c, "301"));
        p.leads().scheduleAt(ls.get(0).id(), T0.plusSeconds(60)).join();
        assertEquals(List.of(ls.get(1).id()), lease(c, 5, T0).stream().map(Lead::id).toList());
        assertEquals(List.of(), lease(c, 5, T0.plusSeconds(59)));
        assertEquals(T0.plusSeconds(60), p.leads().nextDueAt(c.id(), T0).join().orElseThrow());
        assertEquals(List.of(ls.get(0).id()), lease(c, 5, T0.plusSeconds(60)).stream().map(Lead::id).toList(), "due at its time");
        assertTrue(p.leads().nextDueAt(c.id(), T0).join().isEmpty());
    }

    @Test
    void aNumberListedAfterImportIsSkippedAtLeaseAndMarkedDnc() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        List<Lead> ls = insert(c, lead(c, "400"), lead(c, "401"), lead(c, "402"));
        // both numbers are listed while their leads are live (so only the lease can catch them) ...
        assertEquals(3, lease(c, 3, T0).size());
        p.dnc().add("400", null, "global reason", "test").join();
        p.dnc().add("401", c.id(), "campaign reason", "test").join();
        assertEquals(LeadState.LEASED, find(ls.get(0)).state(), "a live lead is not marked");
        // ... and go back to the queue
        for (Lead l : ls) p.leads().release(l.id(), T0, "test").join();
        List<Lead> leased = lease(c, 3, T0.plusSeconds(1));
        assertEquals(List.of(ls.get(2).id()), leased.stream().map(Lead::id).toList(), "DNC numbers skipped, the limit filled from others");
        assertEquals(LeadState.DNC, find(ls.get(0)).state());
        assertEquals("global reason", find(ls.get(0)).dncReason());
        assertEquals(LeadState.DNC, find(ls.get(1)).state());
        assertEquals("campaign reason", find(ls.get(1)).dncReason());
    }

    @Test
    void anotherCampaignsDncListDoesNotBlock() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        Campaign other = campaign(CampaignStatus.DRAFT);
        p.dnc().add("450", other.id(), "theirs", "test").join();
        insert(c, lead(c, "450"));
        assertEquals(1, lease(c, 1, T0).size());
        assertFalse(p.dnc().isBlocked(c.id(), "450").join());
        assertTrue(p.dnc().isBlocked(other.id(), "450").join());
    }

    @Test
    void theDailyAttemptCapDefersTheLead() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        Lead l = insert(c, lead(c, "500")).get(0);
        Instant[] starts = {T0, T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2))};
        for (Instant at : starts) {
            Attempt a = dial(c, l, at);
            assertTrue(p.attempts().close(a.id(), AttemptClose.of(Outcome.BUSY, at.plusSeconds(5)).withRetryAt(at.plusSeconds(60))).join());
        }
        assertEquals(3, recentStarts(c, l, T0.plus(Duration.ofHours(3))));
        Instant later = T0.plus(Duration.ofHours(3));
        assertEquals(List.of(), lease(c, 1, later, 3), "three attempts in 24 h: capped");
        Lead deferred = find(l);
        assertEquals(LeadState.PENDING, deferred.state());
        assertEquals(T0.plus(Duration.ofHours(24)), deferred.nextAttemptAt(), "eligible when the oldest counted attempt is 24 h old");
        assertEquals(List.of(), lease(c, 1, T0.plus(Duration.ofHours(24)).minusSeconds(1), 3));
        assertEquals(1, lease(c, 1, T0.plus(Duration.ofHours(24)), 3).size(), "an attempt exactly 24 h old no longer counts");
        assertEquals(2, recentStarts(c, l, T0.plus(Duration.ofHours(24))));
    }

    @Test
    void withoutACapTheLeadIsLeasedWhateverItsHistory() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        Lead l = insert(c, lead(c, "510")).get(0);
        for (int i = 0; i < 5; i++) {
            Instant at = T0.plusSeconds(60L * i);
            Attempt a = dial(c, l, at);
            p.attempts().close(a.id(), AttemptClose.of(Outcome.BUSY, at.plusSeconds(1)).withRetryAt(at.plusSeconds(1))).join();
        }
        assertEquals(5, find(l).attemptCount());
    }

    // ---------------------------------------------------------------- lead progress

    @Test
    void anAttemptIsOpenedOnlyForALeasedLead() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        Lead l = insert(c, lead(c, "600")).get(0);
        assertTrue(open(c, l.id(), "600", T0, T0.plus(TTL)).isEmpty(), "pending is not leased");
        lease(c, 1, T0);
        Attempt a = open(c, l.id(), "600", T0, T0.plusSeconds(300)).orElseThrow();
        Lead d = find(l);
        assertEquals(LeadState.DIALING, d.state());
        assertEquals(1, d.attemptCount());
        assertEquals(T0, d.lastAttemptAt());
        assertEquals(T0.plusSeconds(300), d.leasedUntil());
        assertNull(d.nextAttemptAt());
        assertTrue(open(c, l.id(), "600", T0, T0.plus(TTL)).isEmpty(), "not twice");
        assertTrue(open(c, 999_999, "600", T0, T0.plus(TTL)).isEmpty(), "missing");
        assertEquals(1, find(l).attemptCount());
        assertEquals(List.of(a.id()), p.attempts().listOpen().join().stream().map(Attempt::id).toList(),
                "no attempt without its lead");
    }

    @Test
    void answerAndAttachMoveOnlyLiveLeadsAlongTheirCall() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        List<Lead> ls = insert(c, lead(c, "610"), lead(c, "611"));
        Attempt a = dial(c, ls.get(0), T0);
        answer(a, ls.get(0), "ch", T0.plusSeconds(1));
        assertEquals(LeadState.AMD_PENDING, find(ls.get(0)).state());
        assertNull(find(ls.get(0)).leasedUntil(), "in a call: no lease to expire");
        attach(c, a, ls.get(0), "default", "p", "prompt", T0.plusSeconds(2));
        assertEquals(LeadState.IN_PROGRESS, find(ls.get(0)).state());
        assertEquals("answered_human", find(ls.get(0)).lastOutcome());
        // (closed states come only from closing the attempt: no transition but Close carries one)
        p.attempts().close(a.id(), AttemptClose.of(Outcome.ANSWERED_HUMAN, T0.plusSeconds(60))).join();
        answer(a, ls.get(0), "late", T0.plusSeconds(61));
        assertEquals(LeadState.COMPLETED, find(ls.get(0)).state(), "a closed lead is never touched");
        answer(a, ls.get(1), "late", T0.plusSeconds(62));
        assertEquals(LeadState.PENDING, find(ls.get(1)).state(), "nor a pending one");
    }

    @Test
    void releaseGivesALeasedLeadBackWithoutAnAttempt() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        Lead l = insert(c, lead(c, "620")).get(0);
        lease(c, 1, T0);
        p.leads().release(l.id(), T0.plus(Duration.ofHours(4)), "outside local hours").join();
        Lead r = find(l);
        assertEquals(LeadState.PENDING, r.state());
        assertEquals(T0.plus(Duration.ofHours(4)), r.nextAttemptAt());
        assertNull(r.leasedUntil());
        assertEquals(0, r.attemptCount());
        Attempt a = dial(c, l, T0.plus(Duration.ofHours(4)));
        p.leads().release(l.id(), T0, "too late").join();
        assertEquals(LeadState.DIALING, find(l).state(), "only a leased lead is released");
        assertTrue(find(a).open());
    }

    // ---------------------------------------------------------------- close

    @Test
    void anAttemptClosesExactlyOnceAndMovesItsLeadInTheSameStep() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        Lead l = insert(c, lead(c, "700")).get(0);
        Attempt a = dial(c, l, T0);
        assertTrue(a.open());
        assertEquals(List.of(a.id()), p.attempts().listOpen().join().stream().map(Attempt::id).toList());
        assertTrue(p.attempts().close(a.id(), AttemptClose.of(Outcome.BUSY, T0.plusSeconds(20)).withCause(17, "User busy")).join());
        Attempt closed = find(a);
        assertEquals(Outcome.BUSY, closed.outcome());
        assertEquals(T0.plusSeconds(20), closed.endedAt());
        assertEquals(17, closed.hangupCause());
        assertEquals("User busy", closed.hangupCauseText());
        Lead after = find(l);
        assertEquals(LeadState.FAILED, after.state());
        assertEquals("busy", after.lastOutcome());
        assertNull(after.leasedUntil());
        assertFalse(p.attempts().close(a.id(), AttemptClose.of(Outcome.ANSWERED_HUMAN, T0.plusSeconds(99)).withError("late")).join(),
                "a second close is refused");
        assertEquals(closed, find(a), "and never overwrites the first");
        assertEquals(after, find(l));
        assertEquals(List.of(), p.attempts().listOpen().join());
        assertFalse(p.attempts().close(999_999, AttemptClose.of(Outcome.BUSY, T0)).join(), "missing");
    }

    @Test
    void closingWithARetryRequeuesTheLead() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        Lead l = insert(c, lead(c, "710")).get(0);
        Attempt a = dial(c, l, T0);
        p.attempts().close(a.id(), AttemptClose.of(Outcome.NO_ANSWER, T0.plusSeconds(30)).withRetryAt(T0.plus(Duration.ofMinutes(30)))).join();
        Lead r = find(l);
        assertEquals(LeadState.PENDING, r.state());
        assertEquals(T0.plus(Duration.ofMinutes(30)), r.nextAttemptAt());
        assertEquals("no_answer", r.lastOutcome());
    }

    @Test
    void aCallbackScheduledDuringTheCallWinsOverTheClosedState() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        List<Lead> ls = insert(c, lead(c, "720"), lead(c, "721"));
        Attempt a = dial(c, ls.get(0), T0);
        p.leads().scheduleAt(ls.get(0).id(), T0.plus(Duration.ofDays(1))).join();
        assertEquals(LeadState.DIALING, find(ls.get(0)).state(), "a live lead keeps its state");
        p.attempts().close(a.id(), AttemptClose.of(Outcome.ANSWERED_HUMAN, T0.plusSeconds(90))).join();
        assertEquals(LeadState.PENDING, find(ls.get(0)).state());
        assertEquals(T0.plus(Duration.ofDays(1)), find(ls.get(0)).nextAttemptAt());
        Attempt b = dial(c, ls.get(1), T0.plusSeconds(100));
        p.leads().scheduleAt(ls.get(1).id(), T0.plus(Duration.ofDays(1))).join();
        p.attempts().close(b.id(), AttemptClose.of(Outcome.DNC, T0.plusSeconds(120)).withError("asked not to be called")).join();
        Lead dnc = find(ls.get(1));
        assertEquals(LeadState.DNC, dnc.state(), "never a callback for a DNC outcome");
        assertEquals("asked not to be called", dnc.dncReason());
    }

    @Test
    void aLeadThatIsNoLongerLiveIsNotMovedByTheClose() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        Lead l = insert(c, lead(c, "730")).get(0);
        // an attempt opened for a lead that is not live (e.g. adopted after a restart, lead requeued meanwhile)
        Attempt a = p.attempts().open(Attempt.opening(c.id(), l.id(), "730", T0, false, "ch", "default", "p")).join();
        assertTrue(p.attempts().close(a.id(), AttemptClose.of(Outcome.ERROR, T0.plusSeconds(1))).join());
        assertEquals(LeadState.PENDING, find(l).state(), "a lead an operator or the requeue took back is not resurrected");
    }

    @Test
    void requeueExpiredReturnsStaleLeasesAndClosesTheirOpenAttempts() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        List<Lead> ls = insert(c, lead(c, "800"), lead(c, "801"), lead(c, "802"), lead(c, "803"));
        lease(c, 1, T0); // 800 leased, lease until T0+120
        Attempt open = dial(c, ls.get(1), T0); // 801 dialing, lease until T0+120
        Attempt answered = dial(c, ls.get(2), T0); // 802 in a call: no lease any more
        attach(c, answered, ls.get(2), "default", "p", "prompt", T0);
        lease(c, 1, T0.plusSeconds(100)); // 803 leased until T0+220
        assertEquals(0, p.leads().requeueExpired(T0.plus(TTL)).join(), "not expired at the instant it ends");
        assertEquals(2, p.leads().requeueExpired(T0.plus(TTL).plusSeconds(1)).join());
        assertEquals(LeadState.PENDING, find(ls.get(0)).state());
        assertEquals(LeadState.PENDING, find(ls.get(1)).state());
        assertEquals("error", find(ls.get(1)).lastOutcome());
        assertEquals(LeadState.IN_PROGRESS, find(ls.get(2)).state());
        assertEquals(LeadState.LEASED, find(ls.get(3)).state());
        Attempt lost = find(open);
        assertEquals(Outcome.ERROR, lost.outcome());
        assertEquals(T0.plus(TTL).plusSeconds(1), lost.endedAt());
        assertEquals("lease expired (lost on restart)", lost.errorMessage());
        assertTrue(find(answered).open());
        assertFalse(p.attempts().close(open.id(), AttemptClose.of(Outcome.BUSY, T0.plus(TTL).plusSeconds(2))).join(),
                "closed once, by the requeue");
    }

    // ---------------------------------------------------------------- operator actions

    @Test
    void recycleIgnoreAndDeleteAreRefusedWhileLive() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        Lead l = insert(c, lead(c, "900")).get(0);
        Attempt a = dial(c, l, T0);
        assertFalse(p.leads().recycle(l.id(), false).join());
        assertFalse(p.leads().recycle(l.id(), true).join());
        assertFalse(p.leads().ignore(l.id()).join());
        assertFalse(p.leads().delete(l.id()).join());
        assertEquals(LeadState.DIALING, find(l).state());
        p.attempts().close(a.id(), AttemptClose.of(Outcome.BUSY, T0.plusSeconds(5))).join();
        assertTrue(p.leads().recycle(l.id(), false).join());
        Lead recycled = find(l);
        assertEquals(LeadState.PENDING, recycled.state());
        assertEquals(1, recycled.attemptCount(), "a plain recycle keeps the history");
        Attempt b = dial(c, l, T0.plusSeconds(10));
        p.attempts().close(b.id(), AttemptClose.of(Outcome.BUSY, T0.plusSeconds(15))).join();
        assertTrue(p.leads().recycle(l.id(), true).join());
        Lead reset = find(l);
        assertEquals(0, reset.attemptCount());
        assertNull(reset.lastOutcome());
        assertTrue(p.attempts().find(b.id()).join().isEmpty(), "reset deletes the attempts");
        assertTrue(p.leads().ignore(l.id()).join());
        assertEquals(LeadState.CANCELED, find(l).state());
        assertTrue(p.leads().delete(l.id()).join());
        assertTrue(p.leads().find(l.id()).join().isEmpty());
        assertFalse(p.leads().ignore(l.id()).join(), "missing");
        assertFalse(p.leads().recycle(l.id(), false).join(), "missing");
    }

    @Test
    void aDncLeadIsRecycledOnlyOnceItsNumberLeftTheList() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        p.dnc().add("910", null, "asked", "test").join();
        Lead l = insert(c, lead(c, "910")).get(0);
        assertEquals(LeadState.DNC, l.state());
        assertFalse(p.leads().recycle(l.id(), false).join());
        assertTrue(p.dnc().remove("910", null).join());
        assertTrue(p.leads().recycle(l.id(), false).join());
        Lead r = find(l);
        assertEquals(LeadState.PENDING, r.state());
        assertNull(r.dncReason());
    }

    @Test
    void cancelPendingAndListingANumberLeaveLiveLeadsAlone() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        Campaign other = campaign(CampaignStatus.RUNNING);
        List<Lead> ls = insert(c, lead(c, "920"), lead(c, "921"), lead(c, "922"));
        Lead theirs = insert(other, lead(other, "920")).get(0);
        dial(c, ls.get(0), T0);
        p.dnc().add("921", c.id(), "by hand", "test").join();
        assertEquals(LeadState.DNC, find(ls.get(1)).state());
        p.dnc().add("920", c.id(), "by hand", "test").join();
        assertEquals(LeadState.DIALING, find(ls.get(0)).state(), "live: left alone");
        assertEquals(LeadState.PENDING, find(theirs).state(), "campaign scope");
        p.dnc().add("920", null, "everywhere", "test").join();
        assertEquals(LeadState.DIALING, find(ls.get(0)).state(), "global: the other campaign's, not the live one");
        assertEquals(LeadState.DNC, find(theirs).state());
        assertEquals("everywhere", find(theirs).dncReason());
        assertEquals(1, p.leads().cancelPending(c.id()).join());
        assertEquals(LeadState.CANCELED, find(ls.get(2)).state());
        assertEquals(LeadState.DIALING, find(ls.get(0)).state());
        assertEquals(LeadState.DNC, find(ls.get(1)).state());
        Map<LeadState, Long> counts = p.leads().countByState(c.id()).join();
        assertEquals(1L, counts.get(LeadState.DIALING));
        assertEquals(1L, counts.get(LeadState.DNC));
        assertEquals(1L, counts.get(LeadState.CANCELED));
        assertNull(counts.get(LeadState.PENDING));
    }

    @Test
    void scheduleAtRequeuesAClosedLeadButNotADncOne() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        List<Lead> ls = insert(c, lead(c, "930"), lead(c, "931"));
        Attempt a = dial(c, ls.get(0), T0);
        p.attempts().close(a.id(), AttemptClose.of(Outcome.REJECTED, T0.plusSeconds(3))).join();
        p.leads().scheduleAt(ls.get(0).id(), T0.plus(Duration.ofHours(2))).join();
        assertEquals(LeadState.PENDING, find(ls.get(0)).state());
        assertEquals(T0.plus(Duration.ofHours(2)), find(ls.get(0)).nextAttemptAt());
        p.dnc().add("931", c.id(), "no", "test").join();
        p.leads().scheduleAt(ls.get(1).id(), T0).join();
        assertEquals(LeadState.DNC, find(ls.get(1)).state());
    }

    // ---------------------------------------------------------------- import and reads

    @Test
    void insertBatchReportsDuplicatesAndStoresDncNumbersAsDnc() {
        Campaign c = campaign(CampaignStatus.DRAFT);
        p.dnc().add("1003", c.id(), "campaign list", "test").join();
        InsertResult first = p.leads().insertBatch(c.id(), List.of(lead(c, "1001"), lead(c, "1002"), lead(c, "1001"), lead(c, "1003")),
                true).join();
        assertEquals(3, first.accepted());
        assertEquals(List.of(2), first.duplicateIndexes());
        assertEquals(List.of(3), first.dncIndexes());
        Lead renamed = new Lead(0, c.id(), "1002", "1002", "Renamed", "{\"a\":1}", null, "Europe/Paris", null, LeadState.PENDING, 0,
                null, null, null, null, 0, null, null, null, null);
        InsertResult second = p.leads().insertBatch(c.id(), List.of(renamed, lead(c, "1004")), false).join();
        assertEquals(1, second.accepted());
        assertEquals(List.of(0), second.duplicateIndexes());
        List<Lead> ls = leadsOf(c);
        assertEquals(List.of("1001", "1002", "1003", "1004"), ls.stream().map(Lead::phoneNormalized).toList(), "id order");
        assertEquals("Renamed", ls.get(1).name(), "skipExisting=false updates the existing lead");
        assertEquals("Europe/Paris", ls.get(1).timezone());
        assertEquals(LeadState.DNC, ls.get(2).state());
        assertEquals("campaign list", ls.get(2).dncReason());
        assertEquals(Map.of(LeadState.PENDING, 3L, LeadState.DNC, 1L), p.leads().countByState(c.id()).join(),
                "counts: the duplicates added nothing, the DNC number counts as dnc");
        assertTrue(failure(() -> p.leads().insertBatch(999_999, List.of(lead(c, "1")), true).join()) instanceof IllegalArgumentException);
        assertEquals(0, p.leads().insertBatch(c.id(), List.of(), true).join().accepted());
    }

    @Test
    void pagesAreNewestFirstAndSearchByNumberPrefixOrName() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        p.leads().insertBatch(c.id(), List.of(
                Lead.newPending(c.id(), "+1 555 0101", "+15550101", "Alice Smith", "{}", null, null, null),
                Lead.newPending(c.id(), "+1 555 0102", "+15550102", "Bob Jones", "{}", null, null, null),
                Lead.newPending(c.id(), "2765", "2765", "Carol", "{}", null, null, null)), true).join();
        var all = p.leads().page(new LeadQuery(c.id(), null, null, 1, 2)).join();
        assertEquals(3, all.total());
        assertEquals(List.of("2765", "+15550102"), all.items().stream().map(v -> v.lead().phoneNormalized()).toList());
        assertEquals(List.of("+15550101"), p.leads().page(new LeadQuery(c.id(), null, null, 2, 2)).join().items().stream()
                .map(v -> v.lead().phoneNormalized()).toList());
        assertEquals(2, p.leads().page(new LeadQuery(c.id(), null, "1 (555) 01", 1, 50)).join().total(), "number prefix without +");
        assertEquals(1, p.leads().page(new LeadQuery(c.id(), null, "+1555-0102", 1, 50)).join().total());
        assertEquals(List.of("Alice Smith"), p.leads().page(new LeadQuery(c.id(), null, "smith", 1, 50)).join().items().stream()
                .map(v -> v.lead().name()).toList(), "name, case-insensitive");
        assertEquals(0, p.leads().page(new LeadQuery(c.id(), LeadState.DNC, null, 1, 50)).join().total());
        Attempt a = dial(c, leadsOf(c).get(0), T0);
        LeadView v = p.leads().page(new LeadQuery(c.id(), LeadState.DIALING, null, 1, 50)).join().items().get(0);
        assertEquals(a.id(), v.lastAttempt().id(), "with its last attempt");
    }

    // ---------------------------------------------------------------- attempts

    @Test
    void attemptDetailsAreRecordedWhileOpenAndFirstValuesKept() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        Lead l = insert(c, lead(c, "1100")).get(0);
        Attempt a = dial(c, l, T0);
        answer(a, l, "ch-3", T0.plusSeconds(4));
        hop(new HopResult(a.id(), "HUMAN", "HUMAN-1-1", "HUMAN", "1", ConsentResult.ACCEPTED), T0.plusSeconds(9));
        hop(new HopResult(a.id(), "MACHINE", "X", "MACHINE", "2", ConsentResult.DENIED), T0.plusSeconds(11));
        attach(c, a, l, "sales", "openai", "the prompt", T0.plusSeconds(12));
        Attempt r = find(a);
        assertEquals("ch-3", r.channelId());
        assertEquals(T0.plusSeconds(4), r.answeredAt());
        assertEquals("HUMAN", r.amdStatus(), "first hop result kept");
        assertEquals("HUMAN-1-1", r.amdCause());
        assertEquals("1", r.consentDtmf());
        assertEquals(ConsentResult.ACCEPTED, r.consentResult());
        assertEquals(T0.plusSeconds(9), r.consentAt());
        assertEquals("sales", r.context());
        assertEquals("openai", r.provider());
        assertEquals("the prompt", r.effectivePrompt());
        p.attempts().close(a.id(), AttemptClose.of(Outcome.ANSWERED_HUMAN, T0.plusSeconds(64))).join();
        assertEquals(60, find(a).durationSeconds());
        answer(a, l, "late", T0.plusSeconds(99));
        attach(c, a, l, "late", "late", "late", T0.plusSeconds(99));
        assertEquals("ch-3", find(a).channelId(), "a closed attempt is not updated");
        assertEquals("sales", find(a).context());
        p.attempts().setDisposition(a.id(), "interested", "call back Monday").join();
        assertEquals("interested", find(a).disposition(), "dispositions come after the call");
    }

    @Test
    void aSkippedConsentHasNoConsentTime() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        Attempt a = dial(c, insert(c, lead(c, "1110")).get(0), T0);
        hop(new HopResult(a.id(), "MACHINE", "", "MACHINE", "", ConsentResult.SKIPPED), T0);
        Attempt r = find(a);
        assertEquals(ConsentResult.SKIPPED, r.consentResult());
        assertNull(r.consentAt());
        assertNull(r.consentDtmf());
    }

    @Test
    void attemptListingsAndCounts() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        List<Lead> ls = insert(c, lead(c, "1200"), lead(c, "1201"), lead(c, "1202"));
        Attempt a = dial(c, ls.get(0), T0);
        Attempt b = dial(c, ls.get(1), T0.plusSeconds(1));
        Attempt d = dial(c, ls.get(2), T0.plusSeconds(2));
        p.attempts().close(a.id(), AttemptClose.of(Outcome.BUSY, T0.plusSeconds(5))).join();
        p.attempts().close(b.id(), AttemptClose.of(Outcome.BUSY, T0.plusSeconds(5))).join();
        assertEquals(List.of(d.id()), p.attempts().listOpen().join().stream().map(Attempt::id).toList());
        assertEquals(Map.of("busy", 2L), p.attempts().countOutcomes(c.id()).join());
        var busy = p.attempts().page(new AttemptQuery(c.id(), Outcome.BUSY, 1, 50)).join();
        assertEquals(2, busy.total());
        assertEquals(List.of(b.id(), a.id()), busy.items().stream().map(v -> v.attempt().id()).toList(), "newest first");
        assertEquals("name 1201", busy.items().get(0).leadName());
        List<Long> ids = new ArrayList<>();
        p.attempts().forEach(c.id(), v -> ids.add(v.attempt().id())).join();
        assertEquals(List.of(a.id(), b.id(), d.id()), ids);
        assertEquals(1, recentStarts(c, ls.get(0), T0.plusSeconds(10)));
    }

    @Test
    void anAttemptKeepsTheNodeAndServerThatPlacedItAndOpenOnesAreCountedByThem() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        List<Lead> ls = insert(c, lead(c, "1250"), lead(c, "1251"), lead(c, "1252"), lead(c, "1253"));
        Placement a1 = new Placement("node-a", "pbx1:8088/aava");
        Placement b1 = new Placement("node-b", "pbx1:8088/aava");
        Attempt first = openPlaced(c, ls.get(0), a1, T0);
        openPlaced(c, ls.get(1), a1, T0.plusSeconds(1));
        Attempt third = openPlaced(c, ls.get(2), b1, T0.plusSeconds(2));
        Attempt unplaced = dial(c, ls.get(3), T0.plusSeconds(3));
        assertEquals(a1, find(first).placement(), "the placement round-trips");
        assertEquals(b1, p.attempts().listOpen().join().stream().filter(x -> x.id() == third.id()).findFirst().orElseThrow().placement());
        assertNull(find(unplaced).placement(), "an attempt opened without one has none (as rows from before V15)");
        assertEquals(Map.of(a1, 2L, b1, 1L), p.attempts().countOpenByPlacement().join());
        p.attempts().close(first.id(), AttemptClose.of(Outcome.BUSY, T0.plusSeconds(9))).join();
        assertEquals(a1, find(first).placement(), "closing keeps it");
        assertEquals(Map.of(a1, 1L, b1, 1L), p.attempts().countOpenByPlacement().join(), "closed attempts are not live calls");
    }

    private Attempt openPlaced(Campaign c, Lead l, Placement placement, Instant at) {
        assertEquals(List.of(l.id()), lease(c, 1, at).stream().map(Lead::id).toList());
        return p.journal().apply(new AttemptTransition.Open(Attempt.opening(c.id(), l.id(), l.phoneNormalized(), at, false,
                "ch-" + l.id(), "default", "p", null, placement), at.plus(TTL))).join().orElseThrow();
    }

    // ---------------------------------------------------------------- nodes

    @Test
    void heartbeatsOfTwoNodesAreKeptApartAndTheLatestWins() {
        assertEquals(List.of(), p.nodes().nodes().join());
        Instant startB = T0.minusSeconds(60);
        p.nodes().beat("node-b", startB, List.of("pbx1:8088/aava"), T0).join();
        p.nodes().beat("node-a", T0, List.of("pbx1:8088/aava"), T0.plusSeconds(1)).join();
        p.nodes().beat("node-b", startB, List.of("pbx2:8088/aava", "pbx1:8088/aava"), T0.plusSeconds(5)).join();
        assertEquals(List.of(new NodeStatus("node-a", T0, T0.plusSeconds(1), List.of("pbx1:8088/aava")),
                        new NodeStatus("node-b", startB, T0.plusSeconds(5), List.of("pbx2:8088/aava", "pbx1:8088/aava"))),
                p.nodes().nodes().join(), "by id; a beat replaces the node's time and server list, in the order given");
        p.nodes().beat("node-a", T0.plusSeconds(30), List.of(), T0.plusSeconds(31)).join();
        NodeStatus restarted = p.nodes().nodes().join().get(0);
        assertEquals(T0.plusSeconds(30), restarted.startedAt(), "a restarted node says when it started again");
        assertEquals(List.of(), restarted.servers(), "an empty server list is kept as empty");
    }

    @Test
    void aNodeSilentForTheExpiryIsDeadAndTheFreshestAliveNodeOwnsTheServer() {
        Cluster cluster = new Cluster(p.nodes(), p.attempts(), Duration.ofSeconds(15));
        p.nodes().beat("node-a", T0, List.of("pbx1:8088/aava"), T0).join();
        p.nodes().beat("node-b", T0, List.of("pbx1:8088/aava"), T0.plusSeconds(4)).join();
        Cluster.Status both = cluster.status(T0.plusSeconds(14)).join();
        assertEquals(List.of(true, true), both.nodes().stream().map(Cluster.NodeView::alive).toList());
        assertEquals(List.of(new Cluster.ServerView("pbx1:8088/aava", "node-b", 0)), both.servers(), "the freshest heartbeat owns it");
        Cluster.Status one = cluster.status(T0.plusSeconds(15)).join();
        assertEquals(List.of(false, true), one.nodes().stream().map(Cluster.NodeView::alive).toList(), "15 s of silence is dead");
        Cluster.Status none = cluster.status(T0.plusSeconds(19)).join();
        assertNull(none.servers().get(0).owner(), "a server no alive node lists has no owner");
        p.nodes().beat("node-a", T0, List.of("pbx1:8088/aava"), T0.plusSeconds(20)).join();
        assertEquals("node-a", cluster.status(T0.plusSeconds(21)).join().servers().get(0).owner(), "a node that beats again is back");
    }

    // ---------------------------------------------------------------- campaigns, history, DNC, audit

    @Test
    void campaignsKeepTheirStatusOutOfSettingsUpdates() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        assertTrue(c.id() > 0);
        assertNotNull(c.createdAt());
        Campaign updated = p.campaigns().update(c.toBuilder().maxConcurrent(7).status(CampaignStatus.ARCHIVED).build()).join();
        assertEquals(7, updated.maxConcurrent());
        assertEquals(CampaignStatus.RUNNING, updated.status(), "update saves settings, not the status");
        p.campaigns().setStatus(c.id(), CampaignStatus.PAUSED, "circuit breaker: test").join();
        Campaign paused = p.campaigns().find(c.id()).join().orElseThrow();
        assertEquals(CampaignStatus.PAUSED, paused.status());
        assertEquals("circuit breaker: test", paused.pausedReason());
        p.campaigns().setStatus(c.id(), CampaignStatus.RUNNING, null).join();
        assertNull(p.campaigns().find(c.id()).join().orElseThrow().pausedReason(), "null clears the reason");
        Campaign draft = campaign(CampaignStatus.DRAFT);
        Campaign archived = campaign(CampaignStatus.ARCHIVED);
        assertEquals(List.of(c.id()), p.campaigns().listRunning().join().stream().map(Campaign::id).toList());
        assertEquals(List.of(draft.id(), c.id()), p.campaigns().list(false).join().stream().map(Campaign::id).toList(), "newest first");
        assertEquals(List.of(archived.id(), draft.id(), c.id()), p.campaigns().list(true).join().stream().map(Campaign::id).toList());
        assertTrue(failure(() -> p.campaigns().update(c.toBuilder().id(999_999).build()).join()) instanceof IllegalArgumentException);
        insert(draft, lead(draft, "1300"));
        p.campaigns().delete(draft.id()).join();
        assertTrue(p.campaigns().find(draft.id()).join().isEmpty());
        assertEquals(List.of(), leadsOf(draft), "with its leads");
    }

    @Test
    void aCallRecordIsFinishedOnceWithItsAttempt() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        Lead l = insert(c, lead(c, "1400")).get(0);
        Attempt a = dial(c, l, T0);
        var r = p.history().create(a.id(), c.id(), l.id(), "1400", "sales", "openai", T0.plusSeconds(5)).join();
        assertEquals(r.id(), find(a).callHistoryId(), "the attempt is linked to its record by the create itself");
        assertNull(r.endedAt());
        p.history().appendTranscript(r.id(), "AI: hello").join();
        p.history().appendTranscript(r.id(), "Caller: hi").join();
        assertNull(p.history().find(r.id()).join().orElseThrow().outcome(), "open while the call is");
        p.attempts().close(a.id(), AttemptClose.of(Outcome.ANSWERED_HUMAN, T0.plusSeconds(65))).join();
        p.attempts().close(a.id(), AttemptClose.of(Outcome.ERROR, T0.plusSeconds(99))).join();
        var f = p.history().find(r.id()).join().orElseThrow();
        assertEquals(T0.plusSeconds(65), f.endedAt(), "finished by the attempt's close, in its transaction");
        assertEquals("answered_human", f.outcome(), "finished once");
        assertEquals("AI: hello\nCaller: hi", f.transcript());
        assertEquals(T0.plusSeconds(5), f.startedAt());
    }

    @Test
    void aCallRecordWrittenAfterItsAttemptClosedIsBornFinished() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        Lead l = insert(c, lead(c, "1401")).get(0);
        Attempt a = dial(c, l, T0);
        p.attempts().close(a.id(), AttemptClose.of(Outcome.ANSWERED_HUMAN, T0.plusSeconds(30))).join();
        var r = p.history().create(a.id(), c.id(), l.id(), "1401", "sales", "openai", T0.plusSeconds(5)).join();
        assertEquals(T0.plusSeconds(30), r.endedAt());
        assertEquals("answered_human", r.outcome());
        assertEquals(r, p.history().find(r.id()).join().orElseThrow());
        assertEquals(r.id(), find(a).callHistoryId());
    }

    @Test
    void dncListsHaveScopes() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        Campaign other = campaign(CampaignStatus.RUNNING);
        assertTrue(p.dnc().add("1500", null, "global", "api").join());
        assertFalse(p.dnc().add("1500", null, "again", "api").join(), "kept, not duplicated");
        assertTrue(p.dnc().add("1500", c.id(), "campaign", "api").join(), "another scope is another entry");
        assertTrue(p.dnc().add("1501", c.id(), null, "csv").join());
        assertTrue(p.dnc().isBlocked(c.id(), "1500").join());
        assertTrue(p.dnc().isBlocked(other.id(), "1500").join(), "global applies to every campaign");
        assertTrue(p.dnc().isBlocked(c.id(), "1501").join());
        assertFalse(p.dnc().isBlocked(other.id(), "1501").join());
        assertEquals(1, p.dnc().page(null, false, null, 1, 50).join().total());
        assertEquals(2, p.dnc().page(c.id(), false, null, 1, 50).join().total());
        assertEquals(3, p.dnc().page(null, true, null, 1, 50).join().total());
        assertEquals(2, p.dnc().page(null, true, "1500", 1, 50).join().total());
        assertTrue(p.dnc().remove("1500", null).join());
        assertFalse(p.dnc().remove("1500", null).join());
        assertFalse(p.dnc().isBlocked(other.id(), "1500").join());
        assertTrue(p.dnc().isBlocked(c.id(), "1500").join(), "the campaign's own entry remains");
    }

    @Test
    void countBlockedPendingCountsPendingLeadsOnAList() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        List<Lead> ls = insert(c, lead(c, "1600"), lead(c, "1601"), lead(c, "1602"));
        lease(c, 3, T0);
        p.dnc().add("1600", null, "x", "t").join();
        p.dnc().add("1600", c.id(), "x", "t").join();
        p.dnc().add("1601", c.id(), "x", "t").join();
        for (Lead l : ls) p.leads().release(l.id(), T0, "back").join();
        assertEquals(2L, p.dnc().countBlockedPending(c.id()).join(), "a number on two lists counts once");
    }

    @Test
    void theAuditLogIsNewestFirstAndFilteredBySubject() {
        p.audit().record("alice", "campaign.start", "campaign:1", "{}").join();
        p.audit().record(null, "dnc.add", "dnc:global", "15550100").join();
        p.audit().record("bob", "campaign.pause", "campaign:1", null).join();
        var all = p.audit().page(null, 1, 50).join();
        assertEquals(3, all.total());
        assertEquals(List.of("campaign.pause", "dnc.add", "campaign.start"), all.items().stream().map(AuditLog.AuditEntry::action).toList());
        assertEquals("system", all.items().get(1).actor(), "no actor means the system");
        assertEquals(2, p.audit().page("campaign:", 1, 50).join().total());
        assertEquals(1, p.audit().page("campaign:", 2, 1).join().items().size());
    }
}
