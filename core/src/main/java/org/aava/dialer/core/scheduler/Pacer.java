package org.aava.dialer.core.scheduler;

import org.aava.dialer.core.phone.CalleeZones;
import org.aava.dialer.core.phone.StateRules;

import org.aava.dialer.core.calls.CallFlow;
import org.aava.dialer.core.calls.DialerMetrics;
import org.aava.dialer.core.calls.DialerSettings;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.CampaignStatus;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.ports.CampaignRepository;
import org.aava.dialer.core.ports.LeadQueue;
import org.aava.dialer.core.ports.LeaseRequest;
import org.aava.dialer.core.time.CallingWindow;
import org.aava.dialer.core.time.RunWindow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The one pacer loop for all running campaigns. Each tick decides, from memory only, which
 * campaigns may place a call now (window, concurrency, node cap, minimum interval, node originate
 * rate), starting from a rotating campaign so that several share the node fairly. Database work
 * (leases, refreshes, completion checks) is fired asynchronously; a tick never waits for it.
 */
public final class Pacer {
    private static final Logger log = LoggerFactory.getLogger(Pacer.class);
    private static final Duration REFRESH_EVERY = Duration.ofSeconds(1);
    private static final Duration REQUEUE_EVERY = Duration.ofSeconds(15);

    private final CampaignRepository campaigns;
    private final LeadQueue leads;
    private final CallFlow flow;
    private final DialerSettings settings;
    private final Clock clock;
    private final DialerMetrics metrics;
    private final Executor workers;
    private final Map<Long, CampaignPace> paces = new ConcurrentHashMap<>();

    private volatile List<Campaign> running = List.of();
    private volatile boolean refreshing;
    private volatile boolean refreshRequested = true;
    private Instant lastRefresh = Instant.EPOCH;
    private Instant lastRequeue = Instant.EPOCH;
    private volatile boolean requeueing;
    private int rotation;
    private double originateTokens;
    private final java.util.concurrent.atomic.AtomicInteger starting = new java.util.concurrent.atomic.AtomicInteger();
    /** Node-wide slots reserved by leases and starts in flight: the caps count them before the calls exist. */
    private final java.util.concurrent.atomic.AtomicInteger reservedTotal = new java.util.concurrent.atomic.AtomicInteger();

    /** How often a closed campaign's opening is worked out again, at most (a clock jump, a DST change). */
    static final Duration CLOSED_RECHECK = Duration.ofMinutes(1);
    static final Duration OPEN_COMPLETION_EVERY = Duration.ofSeconds(5);
    /** A closed campaign completes only when its last leads were ended by hand: no hurry to notice. */
    static final Duration CLOSED_COMPLETION_EVERY = Duration.ofSeconds(60);

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** Per-campaign pacing memory. */
    static final class CampaignPace {
        /** Slots taken by leads being leased or started but not yet registered as live calls. */
        final java.util.concurrent.atomic.AtomicInteger reserved = new java.util.concurrent.atomic.AtomicInteger();
        volatile boolean leaseInFlight;
        volatile Instant lastOriginate;
        volatile DialingStatus status;
        volatile boolean completionCheckInFlight;
        volatile Instant lastCompletionCheck = Instant.EPOCH;
        /** The campaign (this exact version) is outside its window until this instant: no need to work it out again. */
        volatile Campaign closedFor;
        volatile Instant closedUntil;
        /** The campaign (this exact version) was asked to complete because its run window ended. */
        volatile Campaign endRequestedFor;
    }

    public Pacer(CampaignRepository campaigns, LeadQueue leads, CallFlow flow, DialerSettings settings, Clock clock,
                 DialerMetrics metrics, Executor workers) {
        this.campaigns = campaigns;
        this.leads = leads;
        this.flow = flow;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.workers = workers;
        this.originateTokens = Math.max(1, settings.maxOriginatesPerSecond());
    }

    /** Ask for a fresh campaign list on the next tick (after a status change through the API). */
    public void invalidate() {
        refreshRequested = true;
    }

    /** True when no lease, refresh, requeue, completion check or call start is in flight (for tests and shutdown). */
    public boolean idle() {
        if (refreshing || requeueing || starting.get() > 0 || reservedTotal.get() > 0) return false;
        for (CampaignPace p : paces.values()) if (p.leaseInFlight || p.completionCheckInFlight) return false;
        return true;
    }

    /** What is still in flight, for diagnostics. */
    public String busyReport() {
        StringBuilder sb = new StringBuilder("refreshing=" + refreshing + " requeueing=" + requeueing + " starting=" + starting.get()
                + " reserved=" + reservedTotal.get());
        paces.forEach((id, p) -> sb.append(" c").append(id).append("[lease=").append(p.leaseInFlight).append(" completion=")
                .append(p.completionCheckInFlight).append(']'));
        return sb.toString();
    }

    /** Why each running campaign is or is not dialing, as of the last tick. */
    public Optional<DialingStatus> status(long campaignId) {
        CampaignPace pace = paces.get(campaignId);
        return pace == null ? Optional.empty() : Optional.ofNullable(pace.status);
    }

    /**
     * One scheduling pass. The caller owns the loop ({@code core} starts no thread): the server ticks it every
     * {@code scheduler.tick_ms}, tests drive it with a fake clock.
     */
    public void tick() {
        Instant now = clock.instant();
        refreshIfDue(now);
        requeueIfDue(now);
        flow.sweep(now);
        double rate = Math.max(0.1, settings.maxOriginatesPerSecond());
        originateTokens = Math.min(Math.max(1, rate), originateTokens + rate * settings.tick().toMillis() / 1000.0);
        List<Campaign> list = running;
        int n = list.size();
        if (n == 0) return;
        int first = Math.floorMod(rotation, n);
        for (int i = 0; i < n; i++) {
            int index = (first + i) % n;
            Campaign c = list.get(index);
            // The campaign after the last one that got its turn goes first next time. (Rotating by one every
            // tick instead starves a campaign whenever calls last an even number of ticks under a node cap.)
            if (consider(c, paces.computeIfAbsent(c.id(), k -> new CampaignPace()), now)) rotation = index + 1;
        }
    }

    /** Decides for one campaign; true when it got its turn (a lease was asked for). */
    private boolean consider(Campaign c, CampaignPace pace, Instant now) {
        if (pace.leaseInFlight) return false;
        CallingWindow window = c.window();
        int inFlight = flow.live().count(c.id()) + pace.reserved.get();
        if (outsideRunWindow(c, pace, now, inFlight)) return false;
        // Idle cost: a closed campaign is looked at once per opening, not worked out again every tick.
        boolean knownClosed = pace.closedFor == c && pace.closedUntil != null && now.isBefore(pace.closedUntil);
        if (knownClosed || !window.isOpen(now)) {
            if (!knownClosed) {
                Instant opens = window.nextOpening(now).orElse(null);
                pace.status = new DialingStatus("outside_window", "outside window (opens "
                        + (opens == null ? "never: no days selected" : ZonedDateTime.ofInstant(opens, c.timezone())) + ")", opens, now);
                pace.closedFor = c;
                pace.closedUntil = opens == null ? now.plus(CLOSED_RECHECK) : min(opens, now.plus(CLOSED_RECHECK));
            }
            if (inFlight == 0) checkCompletion(c, pace, now, CLOSED_COMPLETION_EVERY);
            return false;
        }
        if (!flow.pbxConnected()) {
            pace.status = new DialingStatus("pbx_disconnected", "Asterisk (ARI) is not connected; leads stay pending", null, now);
            return false;
        }
        if (inFlight >= c.maxConcurrent()) {
            pace.status = new DialingStatus("concurrency_full", "concurrency full (" + inFlight + "/" + c.maxConcurrent() + " calls)", null, now);
            return false;
        }
        int nodeLive = flow.live().count() + reservedTotal.get();
        if (nodeLive >= settings.nodeMaxConcurrent()) {
            pace.status = new DialingStatus("node_cap", "node concurrency cap reached (" + nodeLive + " calls)", null, now);
            return false;
        }
        Instant last = pace.lastOriginate;
        if (last != null && c.minIntervalSeconds() > 0 && now.isBefore(last.plusSeconds(c.minIntervalSeconds()))) {
            pace.status = new DialingStatus("min_interval", "waiting for the minimum interval between calls", null, now);
            return false;
        }
        if (originateTokens < 1) {
            pace.status = new DialingStatus("rate_limited", "node originate rate limit", null, now);
            return false;
        }
        int capacity = Math.min(c.maxConcurrent() - inFlight, settings.nodeMaxConcurrent() - nodeLive);
        int limit = c.minIntervalSeconds() > 0 ? 1 : Math.max(1, Math.min(capacity, (int) originateTokens));
        originateTokens -= limit;
        pace.leaseInFlight = true;
        reserve(pace, limit);
        leads.lease(LeaseRequest.forCampaign(c, limit, settings.leaseTtl(), now))
                .whenComplete((leased, error) -> workers.execute(() -> onLeased(c, pace, leased, error, limit)));
        return true;
    }

    private void onLeased(Campaign c, CampaignPace pace, List<Lead> leased, Throwable error, int asked) {
        try {
            Instant now = clock.instant();
            if (error != null) {
                release(pace, asked);
                log.warn("lease failed for campaign {}: {}", c.id(), error.toString());
                pace.status = new DialingStatus("db_error", "could not lease leads: " + error.getMessage(), null, now);
                return;
            }
            refund(asked - leased.size());
            release(pace, asked - leased.size());
            metrics.leased(leased.size());
            if (leased.isEmpty()) {
                if (flow.live().count(c.id()) == 0) checkCompletion(c, pace, now, OPEN_COMPLETION_EVERY);
                else pace.status = new DialingStatus("no_due_leads", "no lead due; calls in progress", null, now);
                return;
            }
            for (Lead lead : leased) {
                Optional<Instant> notBefore = localTimeBlock(c, lead, now);
                if (notBefore.isPresent()) {
                    pace.status = new DialingStatus("outside_local_hours", "leads outside their local calling hours", null, now);
                    leads.release(lead.id(), notBefore.get(), "outside the lead's local calling hours");
                    refund(1);
                    release(pace, 1);
                    continue;
                }
                pace.lastOriginate = now;
                pace.status = new DialingStatus("dialing", "within window", null, now);
                starting.incrementAndGet();
                try {
                    flow.start(c, lead).whenComplete((r, e) -> {
                        // by now the call is registered as live (or failed and closed): its slot is counted there
                        release(pace, 1);
                        starting.decrementAndGet();
                        if (e != null) log.error("could not start a call for lead {}: {}", lead.id(), e.toString());
                    });
                } catch (RuntimeException e) {
                    release(pace, 1);
                    starting.decrementAndGet();
                    log.error("could not start a call for lead {}", lead.id(), e);
                }
            }
        } finally {
            pace.leaseInFlight = false;
        }
    }

    /**
     * When the lead may not be called now because of the callee's local time, the instant it may; empty when
     * it may be called now. The callee's zones are the lead's own, else its number's (a 415 number is in
     * Los Angeles whatever the campaign's zone), else the campaign's; a number with several candidate zones
     * is called only when every one of them allows it.
     */
    static Optional<Instant> localTimeBlock(Campaign c, Lead lead, Instant now) {
        List<ZoneId> zones = calleeZones(c, lead);
        Instant t = now;
        // each zone may push the time past another's opening: a few rounds settle it (zones lie within a day)
        for (int round = 0; round < 8; round++) {
            boolean moved = false;
            for (ZoneId zone : zones) {
                Optional<Instant> until = blockIn(c, lead.phoneNormalized(), zone, t);
                if (until.isPresent() && until.get().isAfter(t)) {
                    t = until.get();
                    moved = true;
                }
            }
            if (!moved) break;
        }
        return t.equals(now) ? Optional.empty() : Optional.of(t);
    }

    private static Optional<Instant> blockIn(Campaign c, String number, ZoneId zone, Instant now) {
        if (c.respectLeadTimezone() && !zone.equals(c.timezone())) {
            CallingWindow own = new CallingWindow(zone, c.windowStart(), c.windowEnd(), c.daysOfWeek());
            if (!own.isOpen(now)) return Optional.of(own.nextOpening(now).orElse(now.plus(Duration.ofDays(1))));
        }
        if (!c.localHours().allows(now, zone)) {
            return Optional.of(c.localHours().asWindow(zone).nextOpening(now).orElse(now.plus(Duration.ofDays(1))));
        }
        // federal and state rules of a US number (us_telemarketing): the campaign's own settings cannot loosen them
        return c.complianceProfile().stateRules() ? StateRules.defaults().blockedUntil(number, zone, now) : Optional.empty();
    }

    /** The zones the callee may be in (see {@link CalleeZones}). */
    public static List<ZoneId> calleeZones(Campaign c, Lead lead) {
        return CalleeZones.defaults().resolve(lead.timezone(), lead.phoneNormalized(), c.timezone());
    }

    private void reserve(CampaignPace pace, int n) {
        pace.reserved.addAndGet(n);
        reservedTotal.addAndGet(n);
    }

    private void release(CampaignPace pace, int n) {
        if (n <= 0) return;
        pace.reserved.addAndGet(-n);
        reservedTotal.addAndGet(-n);
    }

    private synchronized void refund(int n) {
        if (n > 0) originateTokens += n;
    }

    /**
     * Before its run window the campaign waits and says until when; once the window has ended it completes (as soon as its calls in
     * progress are over) with the reason for the operator. True when the run window keeps it from dialing now.
     */
    private boolean outsideRunWindow(Campaign c, CampaignPace pace, Instant now, int inFlight) {
        RunWindow run = c.runWindow();
        if (run.ended(now)) {
            String when = ZonedDateTime.ofInstant(run.endAt(), c.timezone()).toString();
            pace.status = new DialingStatus("run_window_ended", "the run window ended at " + when
                    + (inFlight > 0 ? "; completing once " + inFlight + " calls in progress end" : "; completed"), null, now);
            if (inFlight == 0 && pace.endRequestedFor != c) {
                pace.endRequestedFor = c;
                log.info("campaign {} run window ended at {}; completed", c.id(), run.endAt());
                campaigns.setStatus(c.id(), CampaignStatus.COMPLETED, "run window ended at " + when).thenRun(this::invalidate);
            }
            return true;
        }
        if (run.notStarted(now)) {
            pace.status = new DialingStatus("before_run_window", "the run window starts at "
                    + ZonedDateTime.ofInstant(run.startAt(), c.timezone()), run.startAt(), now);
            return true;
        }
        return false;
    }

    /** A running campaign with no open lead and no call in flight has finished. */
    private void checkCompletion(Campaign c, CampaignPace pace, Instant now, Duration every) {
        // counting a 1M-lead campaign's states costs tens of ms: often enough to notice completion, not every tick
        if (pace.completionCheckInFlight || now.isBefore(pace.lastCompletionCheck.plus(every))) return;
        pace.lastCompletionCheck = now;
        pace.completionCheckInFlight = true;
        leads.countByState(c.id()).thenCombine(leads.nextDueAt(c.id(), now), (counts, nextDue) -> {
            long open = counts.entrySet().stream().filter(e -> LeadState.OPEN.contains(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum();
            if (open == 0 && flow.live().count(c.id()) == 0) {
                log.info("campaign {} has no open leads left; completed", c.id());
                campaigns.setStatus(c.id(), CampaignStatus.COMPLETED, null).thenRun(this::invalidate);
            } else if (nextDue.isPresent() && c.window().isOpen(now)) {
                pace.status = new DialingStatus("waiting_for_retry", "all leads waiting for retry until " + nextDue.get(), null, now);
            }
            return null;
        }).whenComplete((v, e) -> pace.completionCheckInFlight = false);
    }

    private void refreshIfDue(Instant now) {
        if (refreshing || (!refreshRequested && now.isBefore(lastRefresh.plus(REFRESH_EVERY)))) return;
        refreshing = true;
        refreshRequested = false;
        lastRefresh = now;
        campaigns.listRunning().whenComplete((list, error) -> {
            if (error == null) {
                running = List.copyOf(list);
                paces.keySet().retainAll(list.stream().map(Campaign::id).toList());
            } else {
                log.warn("could not refresh running campaigns: {}", error.toString());
            }
            refreshing = false;
        });
    }

    private void requeueIfDue(Instant now) {
        if (requeueing || now.isBefore(lastRequeue.plus(REQUEUE_EVERY))) return;
        requeueing = true;
        lastRequeue = now;
        leads.requeueExpired(now).whenComplete((n, error) -> {
            if (error != null) log.warn("requeue of expired leases failed: {}", error.toString());
            else if (n > 0) {
                log.info("requeued {} leads whose lease expired", n);
                metrics.requeued(n);
            }
            requeueing = false;
        });
    }
}
