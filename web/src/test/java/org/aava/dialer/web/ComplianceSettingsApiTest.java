package org.aava.dialer.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.ports.LeaseRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.aava.dialer.web.ApiFixture.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A campaign's compliance settings (issue 16) through the API: compliance_profile, opt_out_digit,
 * require_consent_record, caller_id_number and default_region are validated, stored and returned; a lead's consent
 * record is imported, shown, exported under the import's own column names, and required when the campaign says so.
 */
class ComplianceSettingsApiTest {
    @TempDir
    Path dir;
    private ApiFixture api;

    @AfterEach
    void close() {
        if (api != null) api.close();
    }

    @Test
    void theSettingsAreStoredAndReturnedWithDefaultsForAUsCampaign() throws Exception {
        api = new ApiFixture(dir, TestMedia::of);
        long plain = api.campaign("Defaults");
        JsonNode c = body(api.json("GET", "/api/outbound/campaigns/" + plain, null));
        assertEquals("us_telemarketing", c.get("compliance_profile").asText());
        assertEquals("9", c.get("opt_out_digit").asText());
        assertEquals(false, c.get("require_consent_record").asBoolean());
        assertTrue(c.get("caller_id_number").isNull() && c.get("default_region").isNull(), c.toString());

        HttpResponse<String> r = api.json("PATCH", "/api/outbound/campaigns/" + plain, "{\"compliance_profile\":\"none\",\"opt_out_digit\":\"#\","
                + "\"require_consent_record\":true,\"caller_id_number\":\"(212) 555-0100\",\"default_region\":\"gb\"}");
        assertEquals(200, r.statusCode(), r.body());
        c = body(api.json("GET", "/api/outbound/campaigns/" + plain, null));
        assertEquals("none", c.get("compliance_profile").asText());
        assertEquals("#", c.get("opt_out_digit").asText());
        assertEquals(true, c.get("require_consent_record").asBoolean());
        assertEquals("+12125550100", c.get("caller_id_number").asText(), "the caller ID in E.164");
        assertEquals("GB", c.get("default_region").asText());
    }

    @Test
    void badSettingsAreRefusedNamingTheField() throws Exception {
        api = new ApiFixture(dir, TestMedia::of);
        long id = api.campaign("Bad settings");
        for (String[] bad : new String[][]{{"compliance_profile", "\"tcpa\""}, {"opt_out_digit", "\"1\""}, {"opt_out_digit", "\"2\""},
                {"opt_out_digit", "\"99\""}, {"caller_id_number", "\"+1415\""}, {"caller_id_number", "\"2765\""},
                {"default_region", "\"XX\""}, {"require_consent_record", "\"yes\""}}) {
            HttpResponse<String> r = api.json("PATCH", "/api/outbound/campaigns/" + id, "{\"" + bad[0] + "\":" + bad[1] + "}");
            assertEquals(400, r.statusCode(), bad[0] + "=" + bad[1] + ": " + r.body());
            assertEquals(bad[0], body(r).get("field").asText(), r.body());
        }
        JsonNode c = body(api.json("GET", "/api/outbound/campaigns/" + id, null));
        assertEquals("9", c.get("opt_out_digit").asText(), "nothing changed");
    }

    @Test
    void aConsentRecordIsImportedShownExportedAndRequiredWhenTheCampaignSaysSo() throws Exception {
        api = new ApiFixture(dir, TestMedia::of);
        long id = api.campaign("Consent");
        String csv = "phone_number,consent_basis,consent_source,consent_at\n"
                + "+1 212 555 0101,prior express written consent,https://example.com/form,2026-10-01T14:03:00Z\n"
                + "+1 212 555 0102,existing business relationship,,2026-09-30\n"
                + "+1 212 555 0103,,,\n"
                + "+1 212 555 0104,,a source but no basis,\n"
                + "+1 212 555 0105,written,,yesterday\n";
        JsonNode r = body(api.csv("/api/outbound/campaigns/" + id + "/leads/import?skip_existing=true", csv));
        assertEquals(3, r.get("accepted").asLong(), r.toString());
        assertEquals(2, r.get("rejected").asLong(), r.toString());
        String errors = api.send("GET", r.get("error_csv_url").asText(), null).body();
        assertTrue(errors.contains("consent_basis is required when consent_source or consent_at is given"), errors);
        assertTrue(errors.contains("consent_at 'yesterday' is not an ISO 8601 time"), errors);

        JsonNode leads = body(api.json("GET", "/api/outbound/campaigns/" + id + "/leads?page_size=50", null)).get("leads");
        JsonNode first = find(leads, "+12125550101");
        assertEquals("prior express written consent", first.get("consent_basis").asText());
        assertEquals("https://example.com/form", first.get("consent_source").asText());
        assertEquals("2026-10-01T14:03:00Z", first.get("consent_at_utc").asText());
        assertEquals("2026-09-30T00:00:00Z", find(leads, "+12125550102").get("consent_at_utc").asText(), "a date is midnight UTC");
        assertTrue(find(leads, "+12125550103").get("consent_basis").isNull());

        String export = api.send("GET", "/api/outbound/campaigns/" + id + "/leads.csv", null).body();
        String header = export.lines().findFirst().orElseThrow();
        assertTrue(header.endsWith(",consent_basis,consent_source,consent_at"), header);
        assertTrue(export.contains(",prior express written consent,https://example.com/form,2026-10-01T14:03:00Z"), export);

        // required: the lead without a record is explained and never leased
        api.json("PATCH", "/api/outbound/campaigns/" + id, "{\"require_consent_record\":true,\"daily_window_start_local\":\"00:00\","
                + "\"daily_window_end_local\":\"00:00\",\"local_hours\":{\"enabled\":false,\"earliest\":\"08:00\",\"latest\":\"21:00\"},"
                + "\"compliance_profile\":\"none\"}");
        JsonNode e = body(api.json("GET", "/api/outbound/campaigns/" + id + "/eligibility", null));
        assertEquals(1, e.get("blocked").get("no_consent_record").asLong(), e.toString());
        assertEquals(2, e.get("eligible_now").asLong(), e.toString());
        api.json("POST", "/api/outbound/campaigns/" + id + "/status", "{\"status\":\"running\"}");
        List<Lead> leased = api.store.leads().lease(new LeaseRequest(id, 10, Duration.ofMinutes(1), Instant.now(), 0, false, true)).join();
        assertEquals(List.of("+12125550101", "+12125550102"), leased.stream().map(Lead::phoneNormalized).sorted().toList());

        // a re-import that brings a record makes the lead dialable; one without keeps the stored record
        api.csv("/api/outbound/campaigns/" + id + "/leads/import?skip_existing=false",
                "phone_number,consent_basis\n+1 212 555 0103,recorded verbal consent\n+1 212 555 0101,\n");
        leads = body(api.json("GET", "/api/outbound/campaigns/" + id + "/leads?page_size=50", null)).get("leads");
        assertEquals("recorded verbal consent", find(leads, "+12125550103").get("consent_basis").asText());
        assertEquals("prior express written consent", find(leads, "+12125550101").get("consent_basis").asText());
    }

    @Test
    void aManualLeadCarriesItsConsentRecordAndTheCampaignRegionParsesLocalNumbers() throws Exception {
        api = new ApiFixture(dir, TestMedia::of);
        long id = api.campaign("Manual");
        api.json("PATCH", "/api/outbound/campaigns/" + id, "{\"default_region\":\"GB\"}");
        HttpResponse<String> r = api.json("POST", "/api/outbound/campaigns/" + id + "/leads", "{\"phone_number\":\"020 7946 0958\","
                + "\"consent_basis\":\"web form\",\"consent_at\":\"2026-11-02T10:00:00+01:00\"}");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode lead = body(api.json("GET", "/api/outbound/campaigns/" + id + "/leads", null)).get("leads").get(0);
        assertEquals("+442079460958", lead.get("phone_normalized").asText(), "a national number of the campaign's region");
        assertEquals("web form", lead.get("consent_basis").asText());
        assertEquals("2026-11-02T09:00:00Z", lead.get("consent_at_utc").asText());
        HttpResponse<String> bad = api.json("POST", "/api/outbound/campaigns/" + id + "/leads", "{\"phone_number\":\"020 7946 0959\",\"consent_at\":\"soon\"}");
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(body(bad).get("field").asText().startsWith("consent_"), bad.body());
    }

    private static JsonNode find(JsonNode leads, String e164) {
        for (JsonNode l : leads) if (l.get("phone_normalized").asText().equals(e164)) return l;
        throw new AssertionError(e164 + " not in " + leads);
    }
}
