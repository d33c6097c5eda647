package org.aava.dialer.core.testing;

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
import org.aava.dialer.core.ports.AttemptView;
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
import org.aava.dialer.core.ports.Page;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * An in-memory implementation of every repository port of core, with the semantics the SQLite store
 * must have (see each port's javadoc): atomic lease in priority/id order skipping (and marking) DNC
 * numbers and leads at the 24 h cap, no lease for non-running campaigns, the journal opening an attempt
 * only for a {@code leased} lead, close exactly once moving the lead only while it is live, {@code requeueExpired}
 * closing open attempts, recycle/ignore/delete refused while live, and so on.
 * <p>
 * Every method returns an already-completed future (failed futures for refused input), so tests built
 * on it with direct executors are deterministic. Thread-safe (one lock). Timestamps come from the
 * clock given to the constructor.
 * <p>
 * The ports are reached like {@code SqliteStore}'s: {@link #campaigns()}, {@link #leads()},
 * {@link #attempts()}, {@link #callHistory()}, {@link #dnc()}, {@link #audit()}, {@link #nodes()}. Test helpers read
 * state synchronously ({@link #lead(long)}, {@link #attemptsOf(long)}, {@link #closeCount(long)}, …),
 * and {@link #fail(String, RuntimeException)} / {@link #onNext(String, Runnable)} inject failures and
 * races by operation name (e.g. {@code "lead.lease"}, {@code "attempt.open"}).
 */
public final class InMemoryStore {
    private static final String DEFAULT_DNC_REASON = "on a do-not-call list";
    private static final Pattern PHONE_LIKE = Pattern.compile("[+]?[0-9*#\\s().\\-/]*[0-9][0-9*#\\s().\\-/]*");
    private static final int MAX_TRANSCRIPT = 1_000_000;

    private final Clock clock;
    private final Object lock = new Object();
    private final TreeMap<Long, Campaign> campaignRows = new TreeMap<>();
    private final TreeMap<Long, LeadRow> leadRows = new TreeMap<>();
    private final TreeMap<Long, AttemptRow> attemptRows = new TreeMap<>();
    private final TreeMap<Long, CallHistoryRepository.CallRecord> historyRows = new TreeMap<>();
    private final TreeMap<Long, DncRepository.DncEntry> dncRows = new TreeMap<>();
    private final TreeMap<Long, AuditLog.AuditEntry> auditRows = new TreeMap<>();
    private final TreeMap<String, NodeStatus> nodeRows = new TreeMap<>();
    private long campaignSeq, leadSeq, attemptSeq, historySeq, dncSeq, auditSeq;
    /** Per attempt: how many close() calls reached the store, and how many of them closed it. */
    private final Map<Long, int[]> closes = new HashMap<>();
    private final Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
    private final Map<String, List<Runnable>> hooks = new ConcurrentHashMap<>();
    private final Map<String, Integer> calls = new ConcurrentHashMap<>();

    private final Campaigns campaigns = new Campaigns();
    private final Leads leads = new Leads();
    private final Attempts attempts = new Attempts();
    private final History history = new History();
    private final Dnc dnc = new Dnc();
    private final Audit audit = new Audit();
    private final Nodes nodes = new Nodes();

    public InMemoryStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
    }

    public InMemoryStore() {
        this(Clock.systemUTC());
    }

    public CampaignRepository campaigns() { return campaigns; }

    public LeadRepository leads() { return leads; }

    public AttemptRepository attempts() { return attempts; }

    public CallHistoryRepository callHistory() { return history; }

    public DncRepository dnc() { return dnc; }

    public AuditLog audit() { return audit; }

    public NodeHeartbeats nodes() { return nodes; }

    /**
     * The call path's journal: each transition runs its writes (the same operations as the repositories, so
     * {@link #fail} and {@link #onNext} apply to them) under the store's lock, as one transaction; each apply is
     * counted as {@code journal.apply} ({@link #calls}).
     */
    public AttemptJournal journal() { return journal; }

    private final AttemptJournal journal = new AttemptJournal() {
        @Override
        public <R> CompletableFuture<R> apply(AttemptTransition<R> transition) {
            calls.merge("journal.apply", 1, Integer::sum);
            synchronized (lock) {
                return steps(transition);
            }
        }
    };

    /** A transition's writes, one operation each (so a test can fail or hook any one), in the order SQLite takes them. */
    @SuppressWarnings("unchecked")
    private <R> CompletableFuture<R> steps(AttemptTransition<R> transition) {
        CompletableFuture<?> done = switch (transition) {
            case AttemptTransition.Open o -> leads.markDialing(o.opening().leadId(), o.opening().startedAt(), o.leaseUntil())
                    .thenCompose(dialing -> dialing ? attempts.open(o.opening()).thenApply(Optional::of)
                            : CompletableFuture.completedFuture(Optional.<Attempt>empty()));
            case AttemptTransition.Answer a -> attempts.markAnswered(a.attemptId(), a.channelId(), a.at())
                    .thenCompose(v -> leads.markProgress(a.leadId(), LeadState.AMD_PENDING, null));
            case AttemptTransition.RecordHop h -> attempts.recordHop(h.hop(), h.at());
            case AttemptTransition.Attach a -> attempts.recordAttach(a.attemptId(), a.context(), a.provider(), a.effectivePrompt())
                    .thenCompose(v -> leads.markProgress(a.leadId(), LeadState.IN_PROGRESS, Outcome.ANSWERED_HUMAN.wire()))
                    .thenCompose(v -> history.create(a.attemptId(), a.campaignId(), a.leadId(), a.phoneNumber(),
                            a.context(), a.provider(), a.at()));
            case AttemptTransition.Close c -> attempts.close(c.attemptId(), c.close());
        };
        return (CompletableFuture<R>) done;
    }

    // ================================================================ test controls

    /** Every later call of {@code operation} (e.g. {@code "lead.lease"}) fails with {@code error}; null clears. */
    public void fail(String operation, RuntimeException error) {
        if (error == null) failures.remove(operation);
        else failures.put(operation, error);
    }

    /** Runs {@code hook} once, right after the next {@code operation} has changed the state and before its future is returned. */
    public void onNext(String operation, Runnable hook) {
        hooks.computeIfAbsent(operation, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(hook);
    }

    /** How often an operation was called (failed calls included). */
    public int calls(String operation) {
        return calls.getOrDefault(operation, 0);
    }

    // ================================================================ synchronous test helpers

    /** Creates a campaign with the status it carries and returns it as stored. */
    public Campaign createCampaign(Campaign campaign) {
        return campaigns.create(campaign).join();
    }

    /** Adds pending leads with these numbers (normalised = as given, name L0, L1, …) and returns them in order. */
    public List<Lead> addLeads(long campaignId, String... numbers) {
        List<Lead> batch = new ArrayList<>();
        for (int i = 0; i < numbers.length; i++) {
            batch.add(Lead.newPending(campaignId, numbers[i], numbers[i], "L" + i, "{}", null, null, null));
        }
        return addLeads(campaignId, batch);
    }

    /** Inserts leads (skipping duplicates) and returns the stored rows of this batch, in batch order. */
    public List<Lead> addLeads(long campaignId, List<Lead> batch) {
        leads.insertBatch(campaignId, batch, true).join();
        List<Lead> out = new ArrayList<>();
        synchronized (lock) {
            for (Lead l : batch) {
                leadRows.values().stream().filter(r -> r.campaignId == campaignId && r.phoneNormalized.equals(l.phoneNormalized()))
                        .findFirst().ifPresent(r -> out.add(r.toLead()));
            }
        }
        return out;
    }

    public void setStatus(long campaignId, CampaignStatus status) {
        campaigns.setStatus(campaignId, status, null).join();
    }

    public Campaign campaign(long id) {
        synchronized (lock) {
            Campaign c = campaignRows.get(id);
            if (c == null) throw new IllegalArgumentException("no campaign " + id);
            return c;
        }
    }

    public Lead lead(long id) {
        synchronized (lock) {
            LeadRow r = leadRows.get(id);
            if (r == null) throw new IllegalArgumentException("no lead " + id);
            return r.toLead();
        }
    }

    /** The campaign's leads in id order. */
    public List<Lead> leadsOf(long campaignId) {
        synchronized (lock) {
            return leadRows.values().stream().filter(r -> r.campaignId == campaignId).map(LeadRow::toLead).toList();
        }
    }

    public Attempt attempt(long id) {
        synchronized (lock) {
            AttemptRow r = attemptRows.get(id);
            if (r == null) throw new IllegalArgumentException("no attempt " + id);
            return r.toAttempt();
        }
    }

    /** The campaign's attempts in id (start) order. */
    public List<Attempt> attemptsOf(long campaignId) {
        synchronized (lock) {
            return attemptRows.values().stream().filter(r -> r.campaignId == campaignId).map(AttemptRow::toAttempt).toList();
        }
    }

    /** The lead's attempts in id (start) order. */
    public List<Attempt> attemptsOfLead(long leadId) {
        synchronized (lock) {
            return attemptRows.values().stream().filter(r -> r.leadId == leadId).map(AttemptRow::toAttempt).toList();
        }
    }

    public List<Attempt> allAttempts() {
        synchronized (lock) {
            return attemptRows.values().stream().map(AttemptRow::toAttempt).toList();
        }
    }

    /** How many {@code close} calls for this attempt succeeded (exactly one for a closed attempt). */
    public int closeCount(long attemptId) {
        synchronized (lock) {
            int[] c = closes.get(attemptId);
            return c == null ? 0 : c[1];
        }
    }

    /** How many {@code close} calls for this attempt reached the store (refused second closes included). */
    public int closeRequests(long attemptId) {
        synchronized (lock) {
            int[] c = closes.get(attemptId);
            return c == null ? 0 : c[0];
        }
    }

    public List<CallHistoryRepository.CallRecord> historyRows() {
        synchronized (lock) {
            return List.copyOf(historyRows.values());
        }
    }

    public List<AuditLog.AuditEntry> auditEntries() {
        synchronized (lock) {
            return List.copyOf(auditRows.values());
        }
    }

    // ================================================================ plumbing

    private <T> CompletableFuture<T> op(String name, Supplier<T> body) {
        calls.merge(name, 1, Integer::sum);
        RuntimeException failure = failures.get(name);
        if (failure != null) return CompletableFuture.failedFuture(failure);
        T result;
        try {
            synchronized (lock) {
                result = body.get();
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        List<Runnable> pending = hooks.remove(name);
        if (pending != null) pending.forEach(Runnable::run);
        return CompletableFuture.completedFuture(result);
    }

    private Instant now() {
        return clock.instant();
    }

    private boolean blocked(long campaignId, String phoneNormalized) {
        return dncReason(campaignId, phoneNormalized) != null;
    }

    /** The reason of the first DNC entry (global or the campaign's) with this number, or null. */
    private String dncReason(long campaignId, String phoneNormalized) {
        for (DncRepository.DncEntry e : dncRows.values()) {
            if (e.phoneNormalized().equals(phoneNormalized) && (e.campaignId() == null || e.campaignId() == campaignId)) {
                return e.reason() == null ? DEFAULT_DNC_REASON : e.reason();
            }
        }
        return null;
    }

    private static <T> Page<T> slice(List<T> all, int page, int pageSize) {
        int p = Math.max(1, page);
        int from = (int) Math.min(all.size(), (long) (p - 1) * pageSize);
        int to = Math.min(all.size(), from + pageSize);
        return new Page<>(List.copyOf(all.subList(from, to)), all.size(), p, pageSize);
    }

    /** Mutable lead row. */
    private static final class LeadRow {
        long id, campaignId;
        String phoneNumber, phoneNormalized, name, customVarsJson, contextOverride, timezone, callerId;
        LeadState state;
        int attemptCount;
        String lastOutcome;
        Instant lastAttemptAt, leasedUntil, nextAttemptAt;
        int priority;
        String dncReason;
        Instant createdAt, updatedAt;
        org.aava.dialer.core.model.ConsentRecord consent;

        Lead toLead() {
            return new Lead(id, campaignId, phoneNumber, phoneNormalized, name, customVarsJson, contextOverride, timezone,
                    callerId, state, attemptCount, lastOutcome, lastAttemptAt, leasedUntil, nextAttemptAt, priority, dncReason,
                    createdAt, updatedAt, consent);
        }
    }

    /** Mutable attempt row. */
    private static final class AttemptRow {
        long id, campaignId, leadId;
        String phoneNumber;
        Instant startedAt, answeredAt, endedAt;
        Outcome outcome;
        String amdStatus, amdCause;
        boolean consentEnabled;
        String consentDtmf;
        ConsentResult consentResult;
        Instant consentAt;
        Integer hangupCause;
        String hangupCauseText, channelId, errorMessage, context, provider;
        Long callHistoryId;
        String disposition, dispositionNotes, effectivePrompt;
        Integer sipCode;
        org.aava.dialer.core.model.AiSessionKey aiSessionKey;
        Placement placement;

        Attempt toAttempt() {
            return new Attempt(id, campaignId, leadId, phoneNumber, startedAt, answeredAt, endedAt, outcome, amdStatus, amdCause,
                    consentEnabled, consentDtmf, consentResult, consentAt, hangupCause, hangupCauseText, channelId, errorMessage,
                    context, provider, callHistoryId, disposition, dispositionNotes, effectivePrompt, sipCode, aiSessionKey, placement);
        }
    }

    private Attempt lastAttempt(long leadId) {
        AttemptRow last = null;
        for (AttemptRow a : attemptRows.values()) if (a.leadId == leadId) last = a;
        return last == null ? null : last.toAttempt();
    }

    private LeadView view(LeadRow r) {
        return new LeadView(r.toLead(), lastAttempt(r.id));
    }

    private AttemptView view(AttemptRow a) {
        LeadRow l = leadRows.get(a.leadId);
        return new AttemptView(a.toAttempt(), l == null ? null : l.name, l == null ? null : l.phoneNumber);
    }

    // ================================================================ campaigns

    private final class Campaigns implements CampaignRepository {
        @Override
        public CompletableFuture<Campaign> create(Campaign c) {
            return op("campaign.create", () -> {
                Instant now = now();
                Campaign stored = c.toBuilder().id(++campaignSeq).createdAt(now).updatedAt(now).build();
                campaignRows.put(stored.id(), stored);
                return stored;
            });
        }

        @Override
        public CompletableFuture<Optional<Campaign>> find(long id) {
            return op("campaign.find", () -> Optional.ofNullable(campaignRows.get(id)));
        }

        @Override
        public CompletableFuture<List<Campaign>> list(boolean includeArchived) {
            return op("campaign.list", () -> campaignRows.descendingMap().values().stream()
                    .filter(c -> includeArchived || c.status() != CampaignStatus.ARCHIVED).toList());
        }

        @Override
        public CompletableFuture<List<Campaign>> listRunning() {
            return op("campaign.listRunning", () -> campaignRows.values().stream().filter(Campaign::running).toList());
        }

        /** Saves the settings, never the status or the paused reason. */
        @Override
        public CompletableFuture<Campaign> update(Campaign c) {
            return op("campaign.update", () -> {
                Campaign old = campaignRows.get(c.id());
                if (old == null) throw new IllegalArgumentException("campaign " + c.id() + " not found");
                Campaign stored = c.toBuilder().status(old.status()).pausedReason(old.pausedReason())
                        .createdAt(old.createdAt()).updatedAt(now()).build();
                campaignRows.put(stored.id(), stored);
                return stored;
            });
        }

        @Override
        public CompletableFuture<Void> setStatus(long id, CampaignStatus status, String reason) {
            return op("campaign.setStatus", () -> {
                Campaign old = campaignRows.get(id);
                if (old != null) {
                    campaignRows.put(id, old.toBuilder().status(status).pausedReason(reason).updatedAt(now()).build());
                }
                return null;
            });
        }

        @Override
        public CompletableFuture<Void> delete(long id) {
            return op("campaign.delete", () -> {
                campaignRows.remove(id);
                leadRows.values().removeIf(l -> l.campaignId == id);
                attemptRows.values().removeIf(a -> a.campaignId == id);
                historyRows.values().removeIf(h -> h.campaignId() == id);
                dncRows.values().removeIf(d -> d.campaignId() != null && d.campaignId() == id);
                return null;
            });
        }
    }

    // ================================================================ leads

    private final class Leads implements LeadRepository {
        @Override
        public CompletableFuture<List<Lead>> lease(LeaseRequest req) {
            return op("lead.lease", () -> {
                Campaign c = campaignRows.get(req.campaignId());
                if (c == null || !c.running()) return List.of();
                Instant now = req.now();
                List<LeadRow> due = leadRows.values().stream()
                        .filter(l -> l.campaignId == req.campaignId() && l.state == LeadState.PENDING)
                        .filter(l -> l.nextAttemptAt == null || !l.nextAttemptAt.isAfter(now))
                        .filter(l -> !req.requireConsentRecord() || l.consent != null)
                        .sorted(Comparator.comparingInt((LeadRow l) -> l.priority).reversed().thenComparingLong(l -> l.id))
                        .toList();
                List<Lead> out = new ArrayList<>();
                for (LeadRow l : due) {
                    if (out.size() >= req.limit()) break;
                    String reason = dncReason(l.campaignId, l.phoneNormalized);
                    if (reason != null) {
                        // a number put on a DNC list after import: never dialed, explained, not open any more
                        l.state = LeadState.DNC;
                        l.dncReason = reason;
                        l.updatedAt = now;
                        continue;
                    }
                    if (req.maxAttemptsPer24h() > 0) {
                        Instant dayAgo = now.minusSeconds(86_400);
                        List<Instant> starts = attemptRows.values().stream()
                                .filter(a -> a.leadId == l.id && a.startedAt.isAfter(dayAgo))
                                .map(a -> a.startedAt).sorted().toList();
                        if (starts.size() >= req.maxAttemptsPer24h()) {
                            // eligible again when the attempt that must leave the 24 h window has left it
                            l.nextAttemptAt = starts.get(starts.size() - req.maxAttemptsPer24h()).plusSeconds(86_400);
                            l.updatedAt = now;
                            continue;
                        }
                    }
                    l.state = LeadState.LEASED;
                    l.leasedUntil = now.plus(req.ttl());
                    l.updatedAt = now;
                    out.add(l.toLead());
                }
                return out;
            });
        }

        /** A journal step: {@code leased → dialing}, counting the attempt; false when the lead was no longer leased. */
        CompletableFuture<Boolean> markDialing(long leadId, Instant now, Instant leaseUntil) {
            return op("lead.markDialing", () -> {
                LeadRow l = leadRows.get(leadId);
                if (l == null || l.state != LeadState.LEASED) return false;
                l.state = LeadState.DIALING;
                l.attemptCount++;
                l.lastAttemptAt = now;
                l.leasedUntil = leaseUntil;
                l.nextAttemptAt = null;
                l.updatedAt = now;
                return true;
            });
        }

        /** A journal step: moves a live lead along its call; a lead no longer live is left alone. */
        CompletableFuture<Void> markProgress(long leadId, LeadState state, String lastOutcome) {
            return op("lead.markProgress", () -> {
                LeadRow l = leadRows.get(leadId);
                if (l != null && l.state.isLive()) {
                    l.state = state;
                    l.leasedUntil = null;
                    if (lastOutcome != null) l.lastOutcome = lastOutcome;
                    l.updatedAt = now();
                }
                return null;
            });
        }

        @Override
        public CompletableFuture<Void> release(long leadId, Instant nextAttemptAt, String reason) {
            return op("lead.release", () -> {
                LeadRow l = leadRows.get(leadId);
                if (l != null && l.state == LeadState.LEASED) {
                    l.state = LeadState.PENDING;
                    l.leasedUntil = null;
                    l.nextAttemptAt = nextAttemptAt;
                    l.updatedAt = now();
                }
                return null;
            });
        }

        @Override
        public CompletableFuture<Integer> requeueExpired(Instant now) {
            return op("lead.requeueExpired", () -> {
                int n = 0;
                for (LeadRow l : leadRows.values()) {
                    if ((l.state != LeadState.LEASED && l.state != LeadState.DIALING) || l.leasedUntil == null
                            || !l.leasedUntil.isBefore(now)) continue;
                    boolean hadAttempt = false;
                    for (AttemptRow a : attemptRows.values()) {
                        if (a.leadId == l.id && a.endedAt == null) {
                            // every attempt is closed exactly once: one left open by a crashed process is closed here
                            a.endedAt = now;
                            a.outcome = Outcome.ERROR;
                            a.errorMessage = "lease expired (lost on restart)";
                            closes.computeIfAbsent(a.id, k -> new int[2])[1]++;
                            hadAttempt = true;
                        }
                    }
                    l.state = LeadState.PENDING;
                    l.leasedUntil = null;
                    if (hadAttempt) l.lastOutcome = Outcome.ERROR.wire();
                    l.updatedAt = now;
                    n++;
                }
                return n;
            });
        }

        @Override
        public CompletableFuture<InsertResult> insertBatch(long campaignId, List<Lead> batch, boolean skipExisting) {
            List<Lead> copy = List.copyOf(batch);
            return op("lead.insertBatch", () -> {
                if (copy.isEmpty()) return new InsertResult(0, List.of(), List.of());
                if (!campaignRows.containsKey(campaignId)) throw new IllegalArgumentException("campaign " + campaignId + " not found");
                for (int i = 0; i < copy.size(); i++) {
                    String number = copy.get(i).phoneNormalized();
                    if (number == null || number.isBlank()) throw new IllegalArgumentException("lead " + i + " has no normalised number");
                }
                Map<String, LeadRow> existing = new HashMap<>();
                for (LeadRow r : leadRows.values()) if (r.campaignId == campaignId) existing.put(r.phoneNormalized, r);
                List<Integer> duplicates = new ArrayList<>();
                List<Integer> dncIndexes = new ArrayList<>();
                List<Lead> updates = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                Instant now = now();
                int accepted = 0;
                for (int i = 0; i < copy.size(); i++) {
                    Lead l = copy.get(i);
                    String number = l.phoneNormalized();
                    if (existing.containsKey(number) || !seen.add(number)) {
                        duplicates.add(i);
                        if (!skipExisting) updates.add(l);
                        continue;
                    }
                    String blockedBy = dncReason(campaignId, number);
                    if (blockedBy != null) dncIndexes.add(i);
                    LeadRow r = new LeadRow();
                    r.id = ++leadSeq;
                    r.campaignId = campaignId;
                    r.phoneNumber = l.phoneNumber() == null ? number : l.phoneNumber();
                    r.phoneNormalized = number;
                    r.name = l.name();
                    r.customVarsJson = l.customVarsJson();
                    r.contextOverride = l.contextOverride();
                    r.timezone = l.timezone();
                    r.callerId = l.callerId();
                    r.consent = l.consent();
                    r.state = blockedBy != null ? LeadState.DNC : LeadState.PENDING;
                    r.dncReason = blockedBy;
                    r.priority = l.priority();
                    r.createdAt = now;
                    r.updatedAt = now;
                    leadRows.put(r.id, r);
                    existing.put(number, r);
                    accepted++;
                }
                // after the inserts, so a duplicate inside the batch updates the row inserted just before
                for (Lead l : updates) {
                    LeadRow r = existing.get(l.phoneNormalized());
                    if (l.name() != null) r.name = l.name();
                    r.customVarsJson = l.customVarsJson();
                    if (l.contextOverride() != null) r.contextOverride = l.contextOverride();
                    if (l.timezone() != null) r.timezone = l.timezone();
                    if (l.callerId() != null) r.callerId = l.callerId();
                    if (l.consent() != null) r.consent = l.consent();
                    r.updatedAt = now;
                }
                return new InsertResult(accepted, duplicates, dncIndexes);
            });
        }

        @Override
        public CompletableFuture<Optional<Lead>> find(long leadId) {
            return op("lead.find", () -> Optional.ofNullable(leadRows.get(leadId)).map(LeadRow::toLead));
        }

        private boolean matches(LeadRow r, String search) {
            String s = search.strip();
            if (PHONE_LIKE.matcher(s).matches()) {
                String digits = s.replaceAll("[\\s().\\-/]", "");
                return r.phoneNormalized.startsWith(digits) || (!digits.startsWith("+") && r.phoneNormalized.startsWith("+" + digits));
            }
            String lower = s.toLowerCase(Locale.ROOT);
            return r.name != null && r.name.toLowerCase(Locale.ROOT).contains(lower);
        }

        /** Newest first, filtered by state and search (a number-like search is a prefix match on the normalised number). */
        @Override
        public CompletableFuture<Page<LeadView>> page(LeadQuery q) {
            return op("lead.page", () -> {
                List<LeadView> all = leadRows.descendingMap().values().stream()
                        .filter(r -> r.campaignId == q.campaignId())
                        .filter(r -> q.state() == null || r.state == q.state())
                        .filter(r -> q.search() == null || matches(r, q.search()))
                        .map(InMemoryStore.this::view).toList();
                return slice(all, q.page(), q.pageSize());
            });
        }

        @Override
        public CompletableFuture<Void> forEach(long campaignId, Consumer<LeadView> consumer) {
            CompletableFuture<List<LeadView>> rows = op("lead.forEach", () -> leadRows.values().stream()
                    .filter(r -> r.campaignId == campaignId).map(InMemoryStore.this::view).toList());
            return rows.thenAccept(list -> list.forEach(consumer));
        }

        @Override
        public CompletableFuture<Map<Long, org.aava.dialer.core.ports.RecentStarts>> recentStarts(long campaignId, Instant now) {
            return op("lead.recentStarts", () -> {
                Instant since = now.minusSeconds(86_400);
                Map<Long, org.aava.dialer.core.ports.RecentStarts> out = new java.util.HashMap<>();
                for (LeadRow l : leadRows.values()) {
                    if (l.campaignId != campaignId) continue;
                    List<Instant> own = new java.util.ArrayList<>(), number = new java.util.ArrayList<>();
                    for (AttemptRow a : attemptRows.values()) {
                        if (!a.startedAt.isAfter(since) || a.startedAt.isAfter(now)) continue;
                        LeadRow of = leadRows.get(a.leadId);
                        if (a.leadId == l.id) own.add(a.startedAt);
                        if (of != null && of.phoneNormalized.equals(l.phoneNormalized)) number.add(a.startedAt);
                    }
                    if (number.isEmpty()) continue;
                    own.sort(Comparator.naturalOrder());
                    number.sort(Comparator.naturalOrder());
                    out.put(l.id, new org.aava.dialer.core.ports.RecentStarts(own, number));
                }
                return out;
            });
        }

        @Override
        public CompletableFuture<Map<LeadState, Long>> countByState(long campaignId) {
            return op("lead.countByState", () -> {
                Map<LeadState, Long> out = new EnumMap<>(LeadState.class);
                for (LeadRow r : leadRows.values()) if (r.campaignId == campaignId) out.merge(r.state, 1L, Long::sum);
                return out;
            });
        }

        @Override
        public CompletableFuture<Optional<Instant>> nextDueAt(long campaignId, Instant now) {
            return op("lead.nextDueAt", () -> leadRows.values().stream()
                    .filter(r -> r.campaignId == campaignId && r.state == LeadState.PENDING && r.nextAttemptAt != null
                            && r.nextAttemptAt.isAfter(now))
                    .map(r -> r.nextAttemptAt).min(Comparator.naturalOrder()));
        }

        @Override
        public CompletableFuture<Boolean> recycle(long leadId, boolean reset) {
            return op("lead.recycle", () -> {
                LeadRow l = leadRows.get(leadId);
                if (l == null || l.state.isLive()) return false;
                if (l.state == LeadState.DNC && blocked(l.campaignId, l.phoneNormalized)) return false; // still on a DNC list
                if (reset) {
                    attemptRows.values().removeIf(a -> a.leadId == leadId);
                    l.attemptCount = 0;
                    l.lastOutcome = null;
                    l.lastAttemptAt = null;
                }
                l.state = LeadState.PENDING;
                l.leasedUntil = null;
                l.nextAttemptAt = null;
                l.dncReason = null;
                l.updatedAt = now();
                return true;
            });
        }

        @Override
        public CompletableFuture<Boolean> ignore(long leadId) {
            return op("lead.ignore", () -> {
                LeadRow l = leadRows.get(leadId);
                if (l == null || l.state.isLive()) return false;
                l.state = LeadState.CANCELED;
                l.leasedUntil = null;
                l.nextAttemptAt = null;
                l.updatedAt = now();
                return true;
            });
        }

        @Override
        public CompletableFuture<Boolean> delete(long leadId) {
            return op("lead.delete", () -> {
                LeadRow l = leadRows.get(leadId);
                if (l == null || l.state.isLive()) return false;
                leadRows.remove(leadId);
                attemptRows.values().removeIf(a -> a.leadId == leadId);
                return true;
            });
        }

        @Override
        public CompletableFuture<Integer> cancelPending(long campaignId) {
            return op("lead.cancelPending", () -> {
                int n = 0;
                for (LeadRow l : leadRows.values()) {
                    if (l.campaignId == campaignId && l.state == LeadState.PENDING) {
                        l.state = LeadState.CANCELED;
                        l.updatedAt = now();
                        n++;
                    }
                }
                return n;
            });
        }

        /** A live lead keeps its state (closing its attempt then honours the time); DNC leads are left alone. */
        @Override
        public CompletableFuture<Void> scheduleAt(long leadId, Instant at) {
            return op("lead.scheduleAt", () -> {
                LeadRow l = leadRows.get(leadId);
                if (l != null && l.state != LeadState.DNC) {
                    l.nextAttemptAt = at;
                    if (!l.state.isLive()) l.state = LeadState.PENDING;
                    l.updatedAt = now();
                }
                return null;
            });
        }
    }

    private int markDncNow(Long campaignId, String phoneNormalized, String reason) {
        int n = 0;
        for (LeadRow l : leadRows.values()) {
            if (campaignId != null && l.campaignId != campaignId) continue;
            if (!l.phoneNormalized.equals(phoneNormalized) || l.state.isLive() || l.state == LeadState.DNC) continue;
            l.state = LeadState.DNC;
            l.dncReason = reason == null ? DEFAULT_DNC_REASON : reason;
            l.leasedUntil = null;
            l.nextAttemptAt = null;
            l.updatedAt = now();
            n++;
        }
        return n;
    }

    // ================================================================ attempts

    private final class Attempts implements AttemptRepository {
        @Override
        public CompletableFuture<Attempt> open(Attempt a) {
            return op("attempt.open", () -> {
                AttemptRow r = new AttemptRow();
                r.id = ++attemptSeq;
                r.campaignId = a.campaignId();
                r.leadId = a.leadId();
                r.phoneNumber = a.phoneNumber();
                r.startedAt = a.startedAt();
                r.consentEnabled = a.consentEnabled();
                r.channelId = a.channelId();
                r.context = a.context();
                r.provider = a.provider();
                r.aiSessionKey = a.aiSessionKey();
                r.placement = a.placement();
                attemptRows.put(r.id, r);
                return r.toAttempt();
            });
        }

        private CompletableFuture<Void> updateOpen(String name, long attemptId, Consumer<AttemptRow> change) {
            return op(name, () -> {
                AttemptRow r = attemptRows.get(attemptId);
                if (r != null && r.endedAt == null) change.accept(r);
                return null;
            });
        }

        /** A journal step, as the ones below: changes an open attempt only. */
        CompletableFuture<Void> markAnswered(long attemptId, String channelId, Instant at) {
            return updateOpen("attempt.markAnswered", attemptId, r -> {
                r.answeredAt = at;
                r.channelId = channelId;
            });
        }

        /** Fields already set are kept; the consent time is that of the consent result kept (unless skipped). */
        CompletableFuture<Void> recordHop(HopResult hop, Instant at) {
            return updateOpen("attempt.recordHop", hop.attemptId(), r -> {
                if (r.amdStatus == null && !hop.amdStatus().isBlank()) r.amdStatus = hop.amdStatus();
                if (r.amdCause == null && !hop.amdCause().isBlank()) r.amdCause = hop.amdCause();
                if (r.consentDtmf == null && !hop.dtmf().isEmpty()) r.consentDtmf = hop.dtmf();
                ConsentResult kept = r.consentResult != null ? r.consentResult : hop.consent();
                if (r.consentAt == null && kept != ConsentResult.SKIPPED) r.consentAt = at;
                if (r.consentResult == null) r.consentResult = hop.consent();
            });
        }

        CompletableFuture<Void> recordAttach(long attemptId, String context, String provider, String effectivePrompt) {
            return updateOpen("attempt.recordAttach", attemptId, r -> {
                r.context = context;
                r.provider = provider;
                r.effectivePrompt = effectivePrompt;
            });
        }

        /**
         * Closes the attempt only if open; then moves its lead only if the lead is still live. A callback
         * scheduled on the live lead during the call (a future next_attempt_at) wins over a closed state.
         */
        @Override
        public CompletableFuture<Boolean> close(long attemptId, AttemptClose close) {
            return op("attempt.close", () -> {
                int[] count = closes.computeIfAbsent(attemptId, k -> new int[2]);
                count[0]++;
                AttemptRow a = attemptRows.get(attemptId);
                if (a == null || a.endedAt != null) return false;
                count[1]++;
                Instant ended = close.endedAt();
                a.endedAt = ended;
                a.outcome = close.outcome();
                a.hangupCause = close.hangupCause();
                a.hangupCauseText = close.hangupCauseText();
                a.sipCode = close.sipCode();
                if (close.errorMessage() != null) a.errorMessage = close.errorMessage();
                historyRows.replaceAll((id, r) -> r.attemptId() == attemptId && r.endedAt() == null
                        ? new CallHistoryRepository.CallRecord(r.id(), r.attemptId(), r.campaignId(), r.leadId(), r.phoneNumber(),
                        r.context(), r.provider(), r.startedAt(), ended, close.outcome().wire(), r.transcript()) : r);
                LeadRow l = leadRows.get(a.leadId);
                if (l != null && l.state.isLive()) {
                    boolean callbackPending = l.nextAttemptAt != null && l.nextAttemptAt.isAfter(ended);
                    boolean honourCallback = close.nextAttemptAt() == null && close.leadState() != LeadState.DNC;
                    if (honourCallback && callbackPending) {
                        l.state = LeadState.PENDING;
                    } else if (honourCallback) {
                        l.state = close.leadState();
                        l.nextAttemptAt = null;
                    } else {
                        l.state = close.leadState();
                        l.nextAttemptAt = close.nextAttemptAt();
                    }
                    l.lastOutcome = close.outcome().wire();
                    l.leasedUntil = null;
                    l.updatedAt = ended;
                    if (close.leadState() == LeadState.DNC) {
                        l.dncReason = close.errorMessage() != null ? close.errorMessage() : "do not call (" + close.outcome().wire() + ")";
                    }
                }
                return true;
            });
        }

        @Override
        public CompletableFuture<Optional<Attempt>> find(long attemptId) {
            return op("attempt.find", () -> Optional.ofNullable(attemptRows.get(attemptId)).map(AttemptRow::toAttempt));
        }

        @Override
        public CompletableFuture<List<Attempt>> listOpen() {
            return op("attempt.listOpen", () -> attemptRows.values().stream().filter(a -> a.endedAt == null)
                    .map(AttemptRow::toAttempt).toList());
        }

        @Override
        public CompletableFuture<Page<AttemptView>> page(AttemptQuery q) {
            return op("attempt.page", () -> {
                List<AttemptView> all = attemptRows.descendingMap().values().stream()
                        .filter(a -> a.campaignId == q.campaignId())
                        .filter(a -> q.outcome() == null || a.outcome == q.outcome())
                        .map(InMemoryStore.this::view).toList();
                return slice(all, q.page(), q.pageSize());
            });
        }

        @Override
        public CompletableFuture<List<AttemptView>> listForLead(long leadId) {
            return op("attempt.listForLead", () -> attemptRows.descendingMap().values().stream().filter(a -> a.leadId == leadId)
                    .limit(LEAD_HISTORY_LIMIT).map(InMemoryStore.this::view).toList());
        }

        @Override
        public CompletableFuture<Void> forEach(long campaignId, Consumer<AttemptView> consumer) {
            CompletableFuture<List<AttemptView>> rows = op("attempt.forEach", () -> attemptRows.values().stream()
                    .filter(a -> a.campaignId == campaignId).map(InMemoryStore.this::view).toList());
            return rows.thenAccept(list -> list.forEach(consumer));
        }

        @Override
        public CompletableFuture<Map<String, Long>> countOutcomes(long campaignId) {
            return op("attempt.countOutcomes", () -> {
                Map<String, Long> sorted = new TreeMap<>();
                for (AttemptRow a : attemptRows.values()) {
                    if (a.campaignId == campaignId && a.outcome != null) sorted.merge(a.outcome.wire(), 1L, Long::sum);
                }
                return new LinkedHashMap<>(sorted);
            });
        }

        @Override
        public CompletableFuture<Void> setDisposition(long attemptId, String label, String notes) {
            return op("attempt.setDisposition", () -> {
                AttemptRow r = attemptRows.get(attemptId);
                if (r != null) {
                    r.disposition = label;
                    r.dispositionNotes = notes;
                }
                return null;
            });
        }

        @Override
        public CompletableFuture<Map<Placement, Long>> countOpenByPlacement() {
            return op("attempt.countOpenByPlacement", () -> {
                Map<Placement, Long> out = new HashMap<>();
                for (AttemptRow a : attemptRows.values()) if (a.endedAt == null && a.placement != null) out.merge(a.placement, 1L, Long::sum);
                return out;
            });
        }
    }

    // ================================================================ nodes

    private final class Nodes implements NodeHeartbeats {
        @Override
        public CompletableFuture<Void> beat(String nodeId, Instant startedAt, List<String> servers, Instant at) {
            return op("node.beat", () -> {
                nodeRows.put(nodeId, new NodeStatus(nodeId, startedAt, at, servers));
                return null;
            });
        }

        @Override
        public CompletableFuture<List<NodeStatus>> nodes() {
            return op("node.all", () -> List.copyOf(nodeRows.values()));
        }
    }

    // ================================================================ call history

    private final class History implements CallHistoryRepository {
        @Override
        public CompletableFuture<CallRecord> create(long attemptId, long campaignId, long leadId, String phoneNumber,
                                                    String context, String provider, Instant startedAt) {
            return op("history.create", () -> {
                AttemptRow a = attemptRows.get(attemptId);
                boolean closed = a != null && a.endedAt != null;
                CallRecord r = new CallRecord(++historySeq, attemptId, campaignId, leadId, phoneNumber, context, provider,
                        startedAt, closed ? a.endedAt : null, closed ? a.outcome.wire() : null, null);
                historyRows.put(r.id(), r);
                if (a != null) a.callHistoryId = r.id();
                return r;
            });
        }

        @Override
        public CompletableFuture<Void> appendTranscript(long id, String text) {
            return op("history.appendTranscript", () -> {
                CallRecord r = historyRows.get(id);
                if (r == null) return null;
                String next = r.transcript() == null || r.transcript().isEmpty() ? text : r.transcript() + "\n" + text;
                if (next.length() > MAX_TRANSCRIPT) throw new IllegalArgumentException("transcript longer than " + MAX_TRANSCRIPT + " characters");
                historyRows.put(id, new CallRecord(r.id(), r.attemptId(), r.campaignId(), r.leadId(), r.phoneNumber(),
                        r.context(), r.provider(), r.startedAt(), r.endedAt(), r.outcome(), next));
                return null;
            });
        }

        @Override
        public CompletableFuture<Optional<CallRecord>> find(long id) {
            return op("history.find", () -> Optional.ofNullable(historyRows.get(id)));
        }
    }

    // ================================================================ DNC

    private final class Dnc implements DncRepository {
        @Override
        public CompletableFuture<Boolean> isBlocked(long campaignId, String phoneNormalized) {
            return op("dnc.isBlocked", () -> blocked(campaignId, phoneNormalized));
        }

        /** Adds the entry and, in the same step, marks every matching lead that is not in a call as {@code dnc}. */
        @Override
        public CompletableFuture<Boolean> add(String phoneNormalized, Long campaignId, String reason, String source) {
            return op("dnc.add", () -> {
                boolean exists = dncRows.values().stream().anyMatch(e -> e.phoneNormalized().equals(phoneNormalized)
                        && Objects.equals(e.campaignId(), campaignId));
                if (!exists) {
                    DncEntry e = new DncEntry(++dncSeq, phoneNormalized, campaignId, reason, source, now());
                    dncRows.put(e.id(), e);
                }
                markDncNow(campaignId, phoneNormalized, reason == null ? "do not call" : reason);
                return !exists;
            });
        }

        @Override
        public CompletableFuture<Boolean> remove(String phoneNormalized, Long campaignId) {
            return op("dnc.remove", () -> dncRows.values().removeIf(e -> e.phoneNormalized().equals(phoneNormalized)
                    && Objects.equals(e.campaignId(), campaignId)));
        }

        @Override
        public CompletableFuture<Page<DncEntry>> page(Long campaignId, boolean allScopes, String search, int page, int pageSize) {
            return op("dnc.page", () -> {
                List<DncEntry> all = dncRows.descendingMap().values().stream()
                        .filter(e -> allScopes || Objects.equals(e.campaignId(), campaignId))
                        .filter(e -> search == null || search.isBlank() || e.phoneNormalized().contains(search.trim()))
                        .toList();
                return InMemoryStore.slice(all, page, pageSize);
            });
        }

        @Override
        public CompletableFuture<Long> countBlockedPending(long campaignId) {
            return op("dnc.countBlockedPending", () -> leadRows.values().stream()
                    .filter(l -> l.campaignId == campaignId && l.state == LeadState.PENDING && blocked(campaignId, l.phoneNormalized))
                    .count());
        }
    }

    // ================================================================ audit

    private final class Audit implements AuditLog {
        @Override
        public CompletableFuture<Void> record(String actor, String action, String subject, String details) {
            return op("audit.record", () -> {
                AuditEntry e = new AuditEntry(++auditSeq, now(), actor == null ? "system" : actor, action, subject, details);
                auditRows.put(e.id(), e);
                return null;
            });
        }

        @Override
        public CompletableFuture<Page<AuditEntry>> page(String subjectPrefix, int page, int pageSize) {
            return op("audit.page", () -> {
                List<AuditEntry> all = auditRows.descendingMap().values().stream()
                        .filter(e -> subjectPrefix == null || subjectPrefix.isBlank()
                                || (e.subject() != null && e.subject().startsWith(subjectPrefix)))
                        .toList();
                return InMemoryStore.slice(all, page, pageSize);
            });
        }
    }

    /** A convenient lease TTL for tests that lease by hand. */
    public static final Duration TEST_TTL = Duration.ofSeconds(120);
}
