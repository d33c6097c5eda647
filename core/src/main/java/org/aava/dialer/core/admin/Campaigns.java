package org.aava.dialer.core.admin;

import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.CampaignStatus;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.ports.AttemptQueries;
import org.aava.dialer.core.ports.AuditLog;
import org.aava.dialer.core.ports.DncRepository;
import org.aava.dialer.core.scheduler.DialingStatus;
import org.aava.dialer.core.ports.CampaignRepository;
import org.aava.dialer.core.ports.LeadBook;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The operator's campaign actions and the rules they obey: when a campaign may start, be archived or be deleted,
 * which status changes are the operator's, and the shipped recording a switched-on consent or voicemail falls back to.
 * Every change is audited and tells the scheduler to read the campaigns again.
 */
public final class Campaigns {
    private final CampaignRepository campaigns;
    private final LeadBook leads;
    private final AttemptQueries attempts;
    private final DncRepository dnc;
    private final AuditLog audit;
    private final CallEngine engine;
    private final PromptMedia prompts;
    private final Clock clock;
    /** One settings edit of a campaign at a time: read, apply and write would otherwise lose a concurrent edit. */
    private final Map<Long, ReentrantLock> edits = new ConcurrentHashMap<>();

    public Campaigns(CampaignRepository campaigns, LeadBook leads, AttemptQueries attempts, DncRepository dnc, AuditLog audit,
                     CallEngine engine, PromptMedia prompts, Clock clock) {
        this.campaigns = campaigns;
        this.leads = leads;
        this.attempts = attempts;
        this.dnc = dnc;
        this.audit = audit;
        this.engine = engine;
        this.prompts = prompts;
        this.clock = clock;
    }

    public Campaign find(long id) {
        return campaigns.find(id).join().orElseThrow(() -> RuleViolation.notFound("campaign " + id));
    }

    public List<Campaign> list(boolean includeArchived) {
        return campaigns.list(includeArchived).join();
    }

    public Campaign create(Campaign draft, String actor) {
        Campaign created = campaigns.create(withDefaultMedia(draft)).join();
        audit.record(actor, "campaign.create", "campaign:" + created.id(), created.name()).join();
        return created;
    }

    /**
     * Applies {@code edit} to the campaign as stored now. {@code stillCurrent} (null: no check) tells whether the
     * version the editor loaded is the stored one: a stale edit is refused rather than written over a newer one.
     * {@code details} (read once the edit is applied) is what the audit entry says.
     */
    public Campaign update(long id, UnaryOperator<Campaign> edit, Predicate<Campaign> stillCurrent, Supplier<String> details, String actor) {
        ReentrantLock lock = edits.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            Campaign current = find(id);
            Campaign updated = withDefaultMedia(edit.apply(current));
            if (stillCurrent != null && !stillCurrent.test(current)) {
                throw RuleViolation.conflict("the campaign was changed since you loaded it (If-Match); reload it and apply the edit again");
            }
            Campaign saved = campaigns.update(updated).join();
            audit.record(actor, "campaign.update", "campaign:" + saved.id(), details.get()).join();
            engine.dialing().invalidate();
            return saved;
        } finally {
            lock.unlock();
        }
    }

    /** The consent ({@code consent}) or voicemail ({@code vm}) recording of a campaign is now {@code uri}. */
    public Campaign setRecording(Campaign c, String kind, String uri, String actor) {
        Campaign.Builder b = c.toBuilder();
        if (kind.equals("vm")) b.voicemailMediaUri = uri;
        else b.consentMediaUri = uri;
        Campaign saved = campaigns.update(b.build()).join();
        audit.record(actor, "campaign." + kind + ".upload", "campaign:" + c.id(), uri).join();
        engine.dialing().invalidate();
        return saved;
    }

    public void delete(long id, String actor) {
        Campaign c = find(id);
        if (c.running()) throw RuleViolation.conflict("cannot delete a running campaign; pause or stop it first");
        if (engine.live().count(c.id()) > 0) throw RuleViolation.conflict("the campaign still has calls in progress");
        campaigns.delete(c.id()).join();
        audit.record(actor, "campaign.delete", "campaign:" + c.id(), c.name()).join();
    }

    /** A draft copy with the same settings, named "... (Copy)". */
    public Campaign copy(long id, String actor) {
        Campaign c = find(id);
        Campaign copy = c.toBuilder().id(0).name(c.name() + " (Copy)").status(CampaignStatus.DRAFT).pausedReason(null).build();
        Campaign created = campaigns.create(copy).join();
        audit.record(actor, "campaign.clone", "campaign:" + created.id(), "from campaign " + c.id()).join();
        return created;
    }

    public Campaign archive(long id, String actor) {
        Campaign c = find(id);
        if (c.running()) throw RuleViolation.conflict("pause or stop the campaign before archiving it");
        campaigns.setStatus(c.id(), CampaignStatus.ARCHIVED, null).join();
        audit.record(actor, "campaign.archive", "campaign:" + c.id(), null).join();
        return find(c.id());
    }

    /**
     * The operator's status change. {@code completed} is the dialer's to set; a start must pass
     * {@link #checkStartable}; a stop with {@code cancelPending} also cancels the campaign's pending leads.
     */
    public Campaign setStatus(long id, CampaignStatus target, boolean cancelPending, String actor) {
        Campaign c = find(id);
        if (target == CampaignStatus.COMPLETED) throw RuleViolation.invalid("completed is set by the dialer, not by hand", "status");
        if (target == CampaignStatus.ARCHIVED && c.running()) throw RuleViolation.conflict("pause or stop the campaign before archiving it");
        if (target == CampaignStatus.RUNNING) checkStartable(c);
        campaigns.setStatus(c.id(), target, null).join();
        int canceled = 0;
        if (target == CampaignStatus.STOPPED && cancelPending) canceled = leads.cancelPending(c.id()).join();
        // a start by hand is the operator saying the trunk is fixed: the breaker's memory of failures is stale
        if (target == CampaignStatus.RUNNING) engine.dialing().resetBreaker(c.id());
        audit.record(actor, "campaign.status", "campaign:" + c.id(),
                c.status().wire() + " -> " + target.wire() + (cancelPending ? " (canceled " + canceled + " pending)" : "")).join();
        engine.dialing().invalidate();
        return find(c.id());
    }

    /** A campaign may start only with leads to dial, its recordings in place and a window that can still open. */
    void checkStartable(Campaign c) {
        Map<LeadState, Long> states = leads.countByState(c.id()).join();
        long pending = states.getOrDefault(LeadState.PENDING, 0L);
        if (pending == 0) {
            throw RuleViolation.conflict("no pending leads to dial (canceled: " + states.getOrDefault(LeadState.CANCELED, 0L)
                    + ", completed: " + states.getOrDefault(LeadState.COMPLETED, 0L) + "); import or recycle leads, then start again");
        }
        if (voicemailMissing(c)) {
            throw RuleViolation.conflict("voicemail drop is on but its recording " + c.voicemailMediaUri() + " is missing in the media dir");
        }
        if (consentMissing(c)) {
            throw RuleViolation.conflict("consent is on but its recording " + c.consentMediaUri() + " is missing in the media dir");
        }
        Instant now = clock.instant();
        if (c.window().nextOpening(now).isEmpty()) throw RuleViolation.invalid("the calling window never opens", "days_of_week");
        if (c.runWindow().ended(now)) {
            throw RuleViolation.conflict("the run window ended at " + c.runEndAt() + "; set a later run_end_at_utc (or none) to start again");
        }
    }

    /** One thing a start needs, with whether it holds now and a sentence for the operator. */
    public record Readiness(String key, boolean ok, String message) {
    }

    /**
     * The pre-start checklist's items the campaign itself decides, by the rules {@link #setStatus} applies to a start:
     * pending leads, recordings, the calling window, the run window (the PBX's items are the caller's to add).
     */
    public List<Readiness> readiness(Campaign c) {
        List<Readiness> items = new ArrayList<>();
        long pending = leads.countByState(c.id()).join().getOrDefault(LeadState.PENDING, 0L);
        items.add(new Readiness("pending_leads", pending > 0, pending > 0 ? pending + " pending leads to dial" : "no pending leads: import or recycle leads"));
        boolean vmOk = !voicemailMissing(c);
        boolean consentOk = !consentMissing(c);
        String rec = vmOk && consentOk ? (c.voicemailEnabled() || c.consentEnabled() ? "recordings present" : "no recording needed")
                : (!vmOk ? "voicemail recording " + c.voicemailMediaUri() + " is missing" : "consent recording " + c.consentMediaUri() + " is missing");
        items.add(new Readiness("recordings", vmOk && consentOk, rec));
        Instant now = clock.instant();
        boolean windowOk = c.window().nextOpening(now).isPresent();
        items.add(new Readiness("window", windowOk, windowOk ? "the calling window opens" : "the calling window never opens"));
        var run = c.runWindow();
        items.add(new Readiness("run_window", !run.ended(now), run.ended(now) ? "the run window ended at " + run.endAt()
                : run.notStarted(now) ? "waits for the run window to start at " + run.startAt()
                : run.endAt() != null ? "runs until " + run.endAt() : "no run window end"));
        return items;
    }

    private boolean voicemailMissing(Campaign c) {
        return c.voicemailEnabled() && !prompts.exists(c.voicemailMediaUri());
    }

    private boolean consentMissing(Campaign c) {
        return c.consentEnabled() && !prompts.exists(c.consentMediaUri());
    }

    /**
     * A campaign's numbers now: leads by state, attempts by outcome, calls in flight, its window, and why it is
     * or is not dialing (the scheduler's word when it has one, else the window's).
     */
    public record Stats(Campaign campaign, Instant now, Map<LeadState, Long> leadStates, Map<String, Long> attemptOutcomes, int inFlight,
                        boolean withinWindow, Optional<Instant> nextWindowOpening, long dncBlockedPending, Optional<Instant> nextRetryAt,
                        String dialingCode, String dialingMessage) {
    }

    public Stats stats(long id) {
        Campaign c = find(id);
        Instant now = clock.instant();
        Map<LeadState, Long> states = leads.countByState(c.id()).join();
        boolean open = c.window().isOpen(now);
        Optional<Instant> nextOpening = open ? Optional.empty() : c.window().nextOpening(now);
        String code;
        String message;
        if (!c.running()) {
            code = "not_running";
            message = c.status().wire() + (c.pausedReason() != null ? ": " + c.pausedReason() : "");
        } else {
            Optional<DialingStatus> s = engine.dialing().status(c.id());
            code = s.map(DialingStatus::code).orElse(open ? "dialing" : "outside_window");
            message = s.map(DialingStatus::message).orElse(open ? "within window" : "outside window");
        }
        return new Stats(c, now, states, attempts.countOutcomes(c.id()).join(), engine.live().count(c.id()), open, nextOpening,
                dnc.countBlockedPending(c.id()).join(), leads.nextDueAt(c.id(), now).join(), code, message);
    }

    /** Consent or voicemail switched on without a recording: the shipped default. */
    private Campaign withDefaultMedia(Campaign c) {
        Campaign.Builder b = c.toBuilder();
        if (c.consentEnabled() && (c.consentMediaUri() == null || c.consentMediaUri().isBlank())) b.consentMediaUri = prompts.defaultConsentUri();
        if (c.voicemailEnabled() && (c.voicemailMediaUri() == null || c.voicemailMediaUri().isBlank())) b.voicemailMediaUri = prompts.defaultVoicemailUri();
        return b.build();
    }
}
