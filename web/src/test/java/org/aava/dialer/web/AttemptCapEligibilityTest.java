package org.aava.dialer.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.aava.dialer.core.model.Attempt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.aava.dialer.web.ApiFixture.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 24 h caps explained before the lease acts on them: a lead at the campaign's {@code max_attempts_per_24h}, or
 * a number at a state rule's calls-per-24 h counted over every campaign, shows {@code cap_24h} with the time the
 * oldest counted attempt leaves the window, in the eligibility summary and on the lead.
 */
class AttemptCapEligibilityTest {
    @TempDir
    Path dir;
    private ApiFixture api;

    @AfterEach
    void close() {
        if (api != null) api.close();
    }

    private static final String ALWAYS_OPEN = "\"daily_window_start_local\":\"00:00\",\"daily_window_end_local\":\"00:00\","
            + "\"local_hours\":{\"enabled\":false,\"earliest\":\"08:00\",\"latest\":\"21:00\"}";

    @Test
    void aLeadAtTheCampaignCapIsExplainedUntilItsOldestAttemptLeavesTheWindow() throws Exception {
        api = new ApiFixture(dir, TestMedia::of);
        long id = api.campaign("Capped");
        api.json("PATCH", "/api/outbound/campaigns/" + id, "{\"max_attempts_per_24h\":2,\"compliance_profile\":\"none\"," + ALWAYS_OPEN + "}");
        api.csv("/api/outbound/campaigns/" + id + "/leads/import", "phone_number\n+12122220101\n+12122220102\n");
        long capped = leadId(id, "+12122220101");
        Instant older = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        attempt(id, capped, "+12122220101", older);
        JsonNode e = body(api.json("GET", "/api/outbound/campaigns/" + id + "/eligibility", null));
        assertFalse(e.get("blocked").has("cap_24h"), "one attempt of two allowed: " + e);

        attempt(id, capped, "+12122220101", older.plus(1, ChronoUnit.HOURS));
        e = body(api.json("GET", "/api/outbound/campaigns/" + id + "/eligibility", null));
        assertEquals(1, e.get("blocked").get("cap_24h").asLong(), e.toString());
        assertEquals(1, e.get("eligible_now").asLong(), e.toString());
        assertEquals(older.plus(24, ChronoUnit.HOURS).toString(), e.get("next_eligible_at_utc").asText(), e.toString());
        JsonNode lead = find(id, "+12122220101");
        assertEquals("cap_24h", lead.get("blocked_reason").asText(), lead.toString());
        assertEquals(older.plus(24, ChronoUnit.HOURS).toString(), lead.get("next_eligible_at_utc").asText());
        assertTrue(find(id, "+12122220102").get("blocked_reason").isNull());
    }

    @Test
    void aStateCapCountsTheSamePersonsCallsFromEveryCampaign() throws Exception {
        api = new ApiFixture(dir, TestMedia::of);
        long first = api.campaign("First");
        long second = api.campaign("Second");
        for (long id : new long[]{first, second}) {
            api.json("PATCH", "/api/outbound/campaigns/" + id, "{\"max_attempts_per_24h\":0," + ALWAYS_OPEN + "}");
        }
        // Florida allows 3 calls per person per 24 h (Fla. Stat. 501.616); the number is in both campaigns, in two formats.
        api.csv("/api/outbound/campaigns/" + first + "/leads/import", "phone_number\n(305) 222-0101\n");
        api.csv("/api/outbound/campaigns/" + second + "/leads/import", "phone_number\n+1 305 222 0101\n");
        long inFirst = leadId(first, "+13052220101");
        Instant start = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 2; i++) attempt(first, inFirst, "+13052220101", start.plus(i, ChronoUnit.MINUTES));
        assertTrue(!"cap_24h".equals(find(second, "+13052220101").get("blocked_reason").asText()), "two calls of three");

        attempt(first, inFirst, "+13052220101", start.plus(2, ChronoUnit.MINUTES));
        JsonNode other = find(second, "+13052220101");
        assertEquals("cap_24h", other.get("blocked_reason").asText(), "the third call in another campaign reaches the cap: " + other);
        assertEquals(start.plus(24, ChronoUnit.HOURS).toString(), other.get("next_eligible_at_utc").asText());
        JsonNode e = body(api.json("GET", "/api/outbound/campaigns/" + second + "/eligibility", null));
        assertEquals(1, e.get("blocked").get("cap_24h").asLong(), e.toString());

        api.json("PATCH", "/api/outbound/campaigns/" + second, "{\"compliance_profile\":\"none\"}");
        assertTrue(find(second, "+13052220101").get("blocked_reason").isNull(), "no state rules under the profile none");
    }

    private void attempt(long campaign, long lead, String number, Instant at) {
        api.store.attempts().open(Attempt.opening(campaign, lead, number, at, false, "PJSIP/" + number, "default", "prov")).join();
    }

    private long leadId(long campaign, String e164) throws Exception {
        return find(campaign, e164).get("id").asLong();
    }

    private JsonNode find(long campaign, String e164) throws Exception {
        for (JsonNode l : body(api.json("GET", "/api/outbound/campaigns/" + campaign + "/leads?page_size=50", null)).get("leads")) {
            if (l.get("phone_normalized").asText().equals(e164)) return l;
        }
        throw new AssertionError("no lead " + e164);
    }
}
