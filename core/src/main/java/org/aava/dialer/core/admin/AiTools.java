package org.aava.dialer.core.admin;

import org.aava.dialer.core.ai.AiContext;
import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.ports.AttemptQueries;
import org.aava.dialer.core.ports.AuditLog;
import org.aava.dialer.core.ports.CallHistoryRepository;
import org.aava.dialer.core.ports.CampaignRepository;
import org.aava.dialer.core.ports.DncRepository;
import org.aava.dialer.core.ports.LeadBook;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * What the AI engine may read and do on the call it talks to. A session is opened by its random key only while the
 * call is attached to the AI, and a tool runs only if the call's AI context enables it: an ended call's lead data and
 * tools are not the AI's any more.
 */
public final class AiTools {
    public static final int MAX_CALLBACK_MINUTES = 366 * 24 * 60;
    private static final int MAX_LABEL_CHARS = 100;

    /** The call an AI session key opens, with what the AI is told of it. */
    public record Session(Attempt attempt, Campaign campaign, Lead lead, AiContext context, String prompt, String audioSocketUuid) {
    }

    private final AiCallControl calls;
    private final AttemptQueries attempts;
    private final CampaignRepository campaigns;
    private final LeadBook leads;
    private final DncRepository dnc;
    private final CallHistoryRepository history;
    private final AuditLog audit;
    private final AiContexts contexts;
    private final Clock clock;

    /** {@code calls} null: no call engine runs, and every session answers that. */
    public AiTools(AiCallControl calls, AttemptQueries attempts, CampaignRepository campaigns, LeadBook leads, DncRepository dnc,
                   CallHistoryRepository history, AuditLog audit, AiContexts contexts, Clock clock) {
        this.calls = calls;
        this.attempts = attempts;
        this.campaigns = campaigns;
        this.leads = leads;
        this.dnc = dnc;
        this.history = history;
        this.audit = audit;
        this.contexts = contexts;
        this.clock = clock;
    }

    /** The live AI session of this key; the key is never echoed back, and an attempt id (guessable) opens nothing. */
    public Session session(String key) {
        if (calls == null) throw RuleViolation.unavailable("the call flow is not running");
        AiCallSession live = key == null ? null : calls.session(key).orElse(null);
        if (live == null) throw RuleViolation.notFound("live AI session");
        Attempt a = attempts.find(live.attemptId()).join().orElseThrow(() -> RuleViolation.notFound("live AI session"));
        Campaign c = campaigns.find(a.campaignId()).join().orElseThrow(() -> RuleViolation.notFound("campaign"));
        Lead l = leads.find(a.leadId()).join().orElseThrow(() -> RuleViolation.notFound("lead"));
        AiContext ctx = contexts.resolve(a.context(), c.defaultContext());
        // the prompt the call was attached with; the attempt keeps it too (a call adopted after a restart)
        String prompt = live.effectivePrompt() != null ? live.effectivePrompt() : a.effectivePrompt();
        return new Session(a, c, l, ctx, prompt, live.audioSocketUuid());
    }

    /** The session, if its context enables {@code tool}. */
    public Session sessionFor(String key, String tool) {
        Session s = session(key);
        if (!s.context().allows(tool)) throw RuleViolation.forbidden("tool " + tool + " is not enabled for context " + s.context().name(), "tool");
        return s;
    }

    public boolean hangup(Session s) {
        return calls.hangupByAi(s.attempt().id());
    }

    /** To one of the context's transfer targets only; false when the call could not be sent there. */
    public boolean transfer(Session s, String context, String extension) {
        if (extension == null || !extension.matches("[0-9A-Za-z*#+_-]{1,32}")) throw RuleViolation.invalid("extension is required", "extension");
        String[] to = s.context().transferTarget(context == null ? "" : context, extension).orElseThrow(() -> RuleViolation.forbidden(
                "transfer target " + extension + " is not in transfer_targets of context " + s.context().name(), "extension"));
        return calls.transfer(s.attempt().id(), to[1], to[0]).join();
    }

    /** The callee asked not to be called: the number goes on the global list, and the call ends now as opted out. */
    public boolean addToDnc(Session s, String reason) {
        long attemptId = s.attempt().id();
        dnc.add(s.lead().phoneNormalized(), null, reason, "ai").join();
        audit.record("ai", "dnc.add", "dnc:" + s.lead().phoneNormalized(), "attempt " + attemptId).join();
        return calls.optOut(attemptId).join();
    }

    /** Calls the lead back at {@code at} (ISO-8601) or in {@code minutes}; answers when. */
    public Instant scheduleCallback(Session s, String at, Long minutes) {
        Instant when;
        if (at != null) {
            try {
                when = Instant.parse(at);
            } catch (DateTimeParseException e) {
                throw RuleViolation.invalid("at must be an ISO-8601 instant", "at");
            }
        } else if (minutes != null) {
            if (minutes < 1 || minutes > MAX_CALLBACK_MINUTES) {
                throw RuleViolation.invalid("minutes must be between 1 and " + MAX_CALLBACK_MINUTES, "minutes");
            }
            when = clock.instant().plusSeconds(60L * minutes);
        } else {
            throw RuleViolation.invalid("at or minutes is required", "at");
        }
        leads.scheduleAt(s.lead().id(), when).join();
        return when;
    }

    public void setDisposition(Session s, String label, String notes) {
        if (label == null || label.isBlank() || label.length() > MAX_LABEL_CHARS) {
            throw RuleViolation.invalid("label is required (at most " + MAX_LABEL_CHARS + " characters)", "label");
        }
        attempts.setDisposition(s.attempt().id(), label, notes).join();
    }

    public void postTranscript(Session s, String text) {
        Long historyId = s.attempt().callHistoryId();
        if (historyId == null) throw RuleViolation.conflict("the call has no call record yet");
        if (text == null || text.isBlank()) throw RuleViolation.invalid("text is required", "text");
        history.appendTranscript(historyId, text).join();
    }
}
