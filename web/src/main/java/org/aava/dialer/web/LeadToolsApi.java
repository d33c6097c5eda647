package org.aava.dialer.web;

import io.undertow.server.HttpServerExchange;
import org.aava.dialer.core.admin.Campaigns;
import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.ports.AttemptQuery;
import org.aava.dialer.core.ports.AttemptView;
import org.aava.dialer.core.ports.Page;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operator's views beyond one lead at a time: one lead's whole call history, the pre-start checklist and the
 * live numbers of a campaign view.
 */
final class LeadToolsApi {
    /** The live view's timeline and AMD split are read from at most this many of the newest attempts. */
    private static final int LIVE_SAMPLE = 2000;

    /** What the OpenAPI document says of these routes. */
    static final Map<String, String> SUMMARIES = Map.of(
            "POST /api/outbound/campaigns/{id}/leads/bulk", "Bulk action on the leads the lead-list filters select: body {action: recycle|cancel|dnc|delete,"
                    + " mode?: redial (default)|reset, state?, q?, dry_run?}; answers {matched, done, skipped} (dry run: {matched}); live leads are"
                    + " skipped; audited as leads.bulk.<action>",
            "GET /api/outbound/leads/{id}/attempts", "Every attempt of one lead, newest first, with outcome, AMD, consent, disposition and transcript",
            "GET /api/outbound/campaigns/{id}/checklist", "Pre-start checklist: {ok, items: [{key: pending_leads|recordings|asterisk|dialplan|window|run_window, ok, message}]}",
            "GET /api/outbound/campaigns/{id}/live", "Live numbers: in_progress, calls_last_minute, and for range? 30m (default) | 6h | 24h | all"
                    + " (the whole campaign): outcomes_over_time {bucket start: {outcome: n}} in bucket_seconds buckets from from_utc to to_utc,"
                    + " amd_split; outcomes_per_minute as before for 30m; timeline=false answers only in_progress and calls_last_minute",
            "GET /api/outbound/campaigns/{id}/leads", "A page of leads: state?, q?, page?, page_size? (1-500), sort? newest|oldest|name|phone|attempts");

    private final WebDependencies d;
    private final Campaigns campaigns;

    LeadToolsApi(WebDependencies d, Campaigns campaigns) {
        this.d = d;
        this.campaigns = campaigns;
    }

    private Campaign campaign(HttpServerExchange ex) {
        return campaigns.find(Http.idParam(ex, "id"));
    }

    // ------------------------------------------------------------------ one lead's calls

    /** {@code GET /api/outbound/leads/{id}/attempts}: every attempt of the lead, newest first, with its transcript and disposition. */
    void leadAttempts(HttpServerExchange ex, Auth.Principal who) {
        long id = Http.idParam(ex, "id");
        Lead l = d.leads().find(id).join().orElseThrow(() -> ApiException.notFound("lead " + id));
        List<Map<String, Object>> attempts = new ArrayList<>();
        for (AttemptView v : d.attempts().listForLead(l.id()).join()) {
            Map<String, Object> m = new LinkedHashMap<>(Views.attempt(v));
            Long historyId = v.attempt().callHistoryId();
            m.put("transcript", historyId == null ? null : d.history().find(historyId).join().map(r -> r.transcript()).orElse(null));
            attempts.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lead", Map.of("id", l.id(), "name", l.name() == null ? "" : l.name(), "phone_number", l.phoneNumber(), "state", l.state().wire()));
        m.put("attempts", attempts);
        Http.json(ex, 200, m);
    }

    // ------------------------------------------------------------------ pre-start checklist

    /** {@code GET /api/outbound/campaigns/{id}/checklist}: what would stop or spoil a start, each item with ok and a sentence. */
    void checklist(HttpServerExchange ex, Auth.Principal who) {
        Campaign c = campaign(ex);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Campaigns.Readiness r : campaigns.readiness(c)) items.add(item(r.key(), r.ok(), r.message()));
        Map<String, Object> h = d.health().check();
        boolean ari = "connected".equals(String.valueOf(h.get("ari")));
        String dp = String.valueOf(h.get("dialplan"));
        boolean dpOk = !dp.equals("missing") && !dp.equals("absent");
        // the PBX's items go between the campaign's own (recordings) and its windows, where the page shows them
        items.add(2, item("asterisk", ari, ari ? "Asterisk (ARI) connected" : "Asterisk is not reachable over ARI (" + h.get("ari") + ")"));
        items.add(3, item("dialplan", dpOk, switch (dp) {
            case "present" -> "dialplan context aava-outbound-amd is loaded";
            case "unknown" -> "dialplan context not checked (AMI not configured)";
            default -> "dialplan context aava-outbound-amd is " + dp + ": see the Setup Guide";
        }));
        Http.json(ex, 200, Map.of("ok", items.stream().allMatch(i -> (Boolean) i.get("ok")), "items", items));
    }

    private static Map<String, Object> item(String key, boolean ok, String message) {
        return Map.of("key", key, "ok", ok, "message", message);
    }

    // ------------------------------------------------------------------ live numbers

    /** The chart ranges the live view offers: 30 minutes, 6 hours, 24 hours, and the whole campaign. */
    enum LiveRange {
        LAST_30M("30m", Duration.ofMinutes(30)), LAST_6H("6h", Duration.ofHours(6)), LAST_24H("24h", Duration.ofHours(24)), ALL("all", null);

        final String wire;
        final Duration span;

        LiveRange(String wire, Duration span) {
            this.wire = wire;
            this.span = span;
        }

        static LiveRange parse(String text) {
            if (text == null || text.isBlank()) return LAST_30M;
            for (LiveRange r : values()) if (r.wire.equals(text)) return r;
            throw ApiException.badRequest("range must be one of 30m, 6h, 24h, all", "range");
        }
    }

    /** Bucket sizes of the timeline, smallest first; the smallest that keeps a range within {@value #MAX_BUCKETS} buckets is used. */
    private static final long[] BUCKETS = {60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800};
    static final int MAX_BUCKETS = 72;

    static long bucketSeconds(Duration span) {
        for (long b : BUCKETS) if (span.toSeconds() <= b * MAX_BUCKETS) return b;
        return BUCKETS[BUCKETS.length - 1];
    }

    /**
     * {@code GET /api/outbound/campaigns/{id}/live?range=30m|6h|24h|all&timeline=true}: calls in progress, calls started in the last
     * minute, outcomes over time in buckets (a minute for 30 min; larger for longer ranges, at most {@value #MAX_BUCKETS} of them,
     * empty ones included so the time axis is the range) and the AMD split of the range. 30 min is read from the newest
     * {@value #LIVE_SAMPLE} attempts (polled every few seconds by the page); the longer ranges from every attempt of the campaign,
     * so a campaign that ran yesterday still shows its outcomes. {@code timeline=false} answers only the cheap numbers.
     */
    void live(HttpServerExchange ex, Auth.Principal who) {
        Campaign c = campaign(ex);
        LiveRange range = LiveRange.parse(Http.query(ex, "range"));
        boolean timeline = Http.boolQuery(ex, "timeline", true);
        Instant now = d.clock().instant();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("now_utc", now.toString());
        m.put("in_progress", d.engine().live().count(c.id()));
        m.put("range", range.wire);
        Instant lastMinuteFrom = now.minusSeconds(60);
        if (!timeline) {
            int lastMinute = 0;
            outer:
            for (int page = 1; page <= LIVE_SAMPLE / 500; page++) {
                Page<AttemptView> p = d.attempts().page(new AttemptQuery(c.id(), null, page, 500)).join();
                for (AttemptView v : p.items()) {
                    if (v.attempt().startedAt() == null || v.attempt().startedAt().isBefore(lastMinuteFrom)) break outer;
                    lastMinute++;
                }
                if (page >= p.totalPages()) break;
            }
            m.put("calls_last_minute", lastMinute);
            Http.json(ex, 200, m);
            return;
        }
        Instant since = range.span == null ? null : now.minus(range.span);
        TreeMap<Long, Map<String, Integer>> minutes = new TreeMap<>(); // by the minute an attempt started, in epoch seconds
        Map<String, Integer> amd = new TreeMap<>();
        int[] counts = new int[2]; // sampled, last minute
        java.util.function.Consumer<Attempt> add = a -> {
            counts[0]++;
            if (!a.startedAt().isBefore(lastMinuteFrom)) counts[1]++;
            long minute = a.startedAt().getEpochSecond() / 60 * 60;
            String outcome = a.outcome() == null ? "in_progress" : a.outcome().wire();
            minutes.computeIfAbsent(minute, k -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
            if (a.amdStatus() != null && !a.amdStatus().isBlank()) amd.merge(a.amdStatus(), 1, Integer::sum);
        };
        boolean truncated = false;
        if (range == LiveRange.LAST_30M) {
            outer:
            for (int page = 1; page <= LIVE_SAMPLE / 500; page++) {
                Page<AttemptView> p = d.attempts().page(new AttemptQuery(c.id(), null, page, 500)).join();
                for (AttemptView v : p.items()) {
                    Attempt a = v.attempt();
                    if (a.startedAt() == null || a.startedAt().isBefore(since)) break outer;
                    add.accept(a);
                }
                if (page >= p.totalPages()) break;
                if (page == LIVE_SAMPLE / 500) truncated = true;
            }
        } else {
            d.attempts().forEach(c.id(), v -> {
                Attempt a = v.attempt();
                if (a.startedAt() != null && (since == null || !a.startedAt().isBefore(since))) add.accept(a);
            }).join();
        }
        // the buckets: the range up to now (the whole campaign: its first attempt to its last, or to now while it runs)
        Instant from = since != null ? since : minutes.isEmpty() ? now : Instant.ofEpochSecond(minutes.firstKey());
        Instant to = since != null || c.running() || minutes.isEmpty() ? now : Instant.ofEpochSecond(minutes.lastKey() + 60);
        if (!minutes.isEmpty() && Instant.ofEpochSecond(minutes.lastKey()).isAfter(to)) to = Instant.ofEpochSecond(minutes.lastKey() + 60);
        long bucket = bucketSeconds(Duration.between(from, to));
        Map<String, Map<String, Integer>> over = new LinkedHashMap<>();
        long first = Math.floorDiv(from.getEpochSecond(), bucket) * bucket;
        long last = Math.floorDiv(to.getEpochSecond(), bucket) * bucket;
        Map<Long, Map<String, Integer>> byBucket = new TreeMap<>();
        for (long t = first; t <= last; t += bucket) byBucket.put(t, new TreeMap<>());
        for (var e : minutes.entrySet()) {
            long b = Math.floorDiv(e.getKey(), bucket) * bucket;
            Map<String, Integer> into = byBucket.computeIfAbsent(b, k -> new TreeMap<>());
            e.getValue().forEach((k, v) -> into.merge(k, v, Integer::sum));
        }
        byBucket.forEach((t, v) -> over.put(Instant.ofEpochSecond(t).toString(), v));
        m.put("calls_last_minute", counts[1]);
        m.put("bucket_seconds", bucket);
        m.put("from_utc", Instant.ofEpochSecond(first).toString());
        m.put("to_utc", Instant.ofEpochSecond(last + bucket).toString());
        m.put("outcomes_over_time", over);
        if (range == LiveRange.LAST_30M) m.put("outcomes_per_minute", over);
        m.put("amd_split", amd);
        m.put("sampled_attempts", counts[0]);
        m.put("truncated", truncated);
        Http.json(ex, 200, m);
    }
}
