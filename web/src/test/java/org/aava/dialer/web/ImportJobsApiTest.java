package org.aava.dialer.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.ports.ImportJobRepository;
import org.aava.dialer.core.ports.LeadQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lead imports as recorded jobs, with bounded fields and error files, column mapping, XLSX and the agent/context rule. */
class ImportJobsApiTest {
    @TempDir
    Path dir;
    private ApiFixture api;

    private ApiFixture api(ImportSettings settings) throws Exception {
        api = new ApiFixture(dir, store -> TestMedia.of(store, settings));
        return api;
    }

    @AfterEach
    void stop() {
        if (api != null) api.close();
    }

    private static String rows(int from, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < from + n; i++) b.append("Lead ").append(i).append(",+1212").append(String.format("%07d", 2_000_000 + i)).append('\n');
        return b.toString();
    }

    @Test
    void oversizedFieldsAreRowErrorsAndNothingHugeIsStored() throws Exception {
        ApiFixture a = api(ImportSettings.DEFAULTS);
        long c = a.campaign("Limits");
        String csv = "name,phone_number,caller_id,custom_vars\n"
                + "x".repeat(LeadImporter.MAX_NAME_CHARS + 1) + ",+12125000001,,\n"
                + "Vars,+12125000002,,\"{\"\"k\"\":\"\"" + "v".repeat(LeadImporter.MAX_CUSTOM_VARS_CHARS) + "\"\"}\"\n"
                + "Caller,+12125000003," + "9".repeat(LeadImporter.MAX_VALUE_CHARS + 1) + ",\n"
                + "Fine,+12125000004,6789,\"{\"\"k\"\":1}\"\n";
        HttpResponse<String> r = a.csv("/api/outbound/campaigns/" + c + "/leads/import", csv);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode j = ApiFixture.body(r);
        assertEquals(1, j.get("accepted").asLong(), r.body());
        assertEquals(3, j.get("rejected").asLong(), r.body());
        String errors = a.send("GET", j.get("error_csv_url").asText(), null).body();
        assertTrue(errors.contains("name is longer than " + LeadImporter.MAX_NAME_CHARS), errors);
        assertTrue(errors.contains("custom_vars is longer than"), errors);
        assertTrue(errors.contains("a value is longer than " + LeadImporter.MAX_VALUE_CHARS), errors);
        assertTrue(errors.contains("more characters]"), "values are cut in the error file too");
        assertTrue(errors.length() < 20_000, "the error file holds no huge value: " + errors.length());
        var leads = a.store.leads().page(new LeadQuery(c, null, null, 1, 10)).join().items();
        assertEquals(1, leads.size());
        assertEquals("Fine", leads.getFirst().lead().name());
    }

    @Test
    void theErrorFileStopsAtItsBoundAndSaysHowManyRowsItLeftOut() throws Exception {
        ApiFixture a = api(new ImportSettings(Duration.ofDays(7), 10_000));
        long c = a.campaign("Bounded errors");
        StringBuilder csv = new StringBuilder("name,phone_number\n");
        for (int i = 0; i < 5000; i++) csv.append("Bad ").append(i).append(",not-a-number-").append(i).append('\n');
        JsonNode j = ApiFixture.body(a.csv("/api/outbound/campaigns/" + c + "/leads/import", csv.toString()));
        assertEquals(5000, j.get("rejected").asLong());
        long omitted = j.get("error_rows_omitted").asLong();
        assertTrue(omitted > 4000, j.toString());
        Path file = dir.resolve("import-errors").resolve(j.get("error_csv_url").asText().replaceAll(".*/", ""));
        assertTrue(Files.size(file) < 10_000 + 500, "bounded: " + Files.size(file));
        String text = Files.readString(file);
        assertTrue(text.strip().endsWith(omitted + " more rejected rows are not in this file: it reached its size limit of 10000 bytes,"),
                text.substring(text.length() - 200));
        HttpResponse<String> download = a.send("GET", j.get("error_csv_url").asText(), null);
        assertEquals(200, download.statusCode());
        assertEquals(Files.size(file), download.body().getBytes(StandardCharsets.UTF_8).length, "downloaded whole");
    }

    @Test
    void errorFilesAreDeletedAfterTheRetentionAndTheJobNoLongerOffersThem() throws Exception {
        ApiFixture a = api(new ImportSettings(Duration.ofHours(24), LeadImporter.DEFAULT_MAX_ERROR_FILE_BYTES));
        long c = a.campaign("Retention");
        JsonNode old = ApiFixture.body(a.csv("/api/outbound/campaigns/" + c + "/leads/import", "name,phone_number\nBad,xyz\n"));
        JsonNode fresh = ApiFixture.body(a.csv("/api/outbound/campaigns/" + c + "/leads/import", "name,phone_number\nBad,abc\n"));
        Path oldFile = dir.resolve("import-errors").resolve(old.get("error_csv_url").asText().replaceAll(".*/", ""));
        Files.setLastModifiedTime(oldFile, FileTime.from(Instant.now().minus(Duration.ofHours(25))));
        assertEquals(1, a.server.importJobs().deleteExpiredErrorFiles());
        assertTrue(Files.notExists(oldFile));
        assertEquals(404, a.send("GET", old.get("error_csv_url").asText(), null).statusCode());
        assertTrue(ApiFixture.body(a.json("GET", "/api/outbound/imports/" + old.get("import_id").asLong(), null)).get("error_csv_url").isNull());
        assertEquals(200, a.send("GET", fresh.get("error_csv_url").asText(), null).statusCode(), "a file inside the retention stays");
    }

    @Test
    void anImportIsARecordedAndAuditedJob() throws Exception {
        ApiFixture a = api(ImportSettings.DEFAULTS);
        long c = a.campaign("Job");
        JsonNode r = ApiFixture.body(a.send("POST", "/api/outbound/campaigns/" + c + "/leads/import?filename=leads.csv",
                HttpRequest.BodyPublishers.ofString("name,phone_number\n" + rows(0, 25) + "Bad,nope\n"), "Content-Type", "text/csv"));
        long id = r.get("import_id").asLong();
        JsonNode job = ApiFixture.body(a.json("GET", "/api/outbound/imports/" + id, null));
        assertEquals("finished", job.get("status").asText());
        assertEquals(26, job.get("rows_read").asLong());
        assertEquals(25, job.get("accepted").asLong());
        assertEquals(1, job.get("rejected").asLong());
        assertEquals("leads.csv", job.get("source_name").asText());
        assertNotNull(job.get("finished_at_utc").textValue());
        assertEquals(id, ApiFixture.body(a.json("GET", "/api/outbound/campaigns/" + c + "/imports", null)).get("imports").get(0).get("import_id").asLong());
        String audit = a.json("GET", "/api/outbound/audit?subject=campaign:" + c, null).body();
        assertTrue(audit.contains("leads.import.start") && audit.contains("\"leads.import\"") && audit.contains("import " + id + " finished"), audit);
        assertEquals(404, a.json("GET", "/api/outbound/imports/999999", null).statusCode());
    }

    @Test
    void aFileThatBreaksPartWaySaysWhatWasCommittedAndTheJobFailsWithTheReason() throws Exception {
        ApiFixture a = api(ImportSettings.DEFAULTS);
        long c = a.campaign("Broken");
        String csv = "name,phone_number\n" + rows(0, 25_000) + "\"Unterminated,+12129999999\n" + rows(30_000, 10);
        HttpResponse<String> r = a.csv("/api/outbound/campaigns/" + c + "/leads/import", csv);
        assertEquals(400, r.statusCode(), r.body());
        JsonNode j = ApiFixture.body(r);
        assertEquals("file", j.get("field").asText());
        assertEquals("failed", j.get("status").asText(), "not a bare 400: " + r.body());
        assertEquals(25_000, j.get("accepted").asLong(), r.body());
        assertEquals(25_000, j.get("committed").asLong());
        long stored = a.store.leads().countByState(c).join().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(25_000, stored, "what the answer says is what is stored");
        JsonNode job = ApiFixture.body(a.json("GET", "/api/outbound/imports/" + j.get("import_id").asLong(), null));
        assertEquals("failed", job.get("status").asText());
        assertTrue(job.get("error").asText().contains("unreadable CSV"), job.toString());
        assertTrue(a.json("GET", "/api/outbound/audit", null).body().contains("leads.import.failed"));
    }

    @Test
    void aClientThatAbortsMidUploadLeavesAFailedJobThatSaysWhatWasCommitted() throws Exception {
        ApiFixture a = api(ImportSettings.DEFAULTS);
        long c = a.campaign("Aborted");
        byte[] part = ("name,phone_number\n" + rows(0, 25_000)).getBytes(StandardCharsets.UTF_8);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", a.server.port())) {
            var out = socket.getOutputStream();
            out.write(("POST /api/outbound/campaigns/" + c + "/leads/import HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ApiFixture.TOKEN
                    + "\r\nContent-Type: text/csv\r\nContent-Length: " + (part.length * 4L) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(part);
            out.flush();
            Thread.sleep(500);
        } // closed with three quarters of the body unsent
        JsonNode job = null;
        for (int i = 0; i < 200; i++) {
            var jobs = ApiFixture.body(a.json("GET", "/api/outbound/campaigns/" + c + "/imports", null)).get("imports");
            if (jobs.size() > 0 && !jobs.get(0).get("status").asText().equals("running")) {
                job = jobs.get(0);
                break;
            }
            Thread.sleep(50);
        }
        assertNotNull(job, "the job ended");
        assertEquals("failed", job.get("status").asText(), job.toString());
        long stored = a.store.leads().countByState(c).join().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(stored, job.get("accepted").asLong(), "the job says what was kept: " + job);
        assertTrue(stored >= 20_000, "the rows before the abort stand: " + stored);
        assertTrue(a.json("GET", "/api/outbound/audit", null).body().contains("leads.import.failed"));
    }

    @Test
    void aRowOverTheRecordBoundStopsTheImportWithoutReadingItIntoMemory() throws Exception {
        ApiFixture a = api(ImportSettings.DEFAULTS);
        long c = a.campaign("Huge cell");
        String csv = "name,phone_number\n" + rows(0, 100) + "\"" + "y".repeat(3 * CsvRowSource.MAX_RECORD_CHARS) + "\",+12125000001\n";
        HttpResponse<String> r = a.csv("/api/outbound/campaigns/" + c + "/leads/import", csv);
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("longer than 1 MiB"), r.body());
        assertEquals(100, ApiFixture.body(r).get("accepted").asLong());
    }

    @Test
    void anAsyncImportIsFollowedByItsIdWhileThePageStaysUsable() throws Exception {
        ApiFixture a = api(ImportSettings.DEFAULTS);
        long c = a.campaign("Async");
        HttpResponse<String> r = a.csv("/api/outbound/campaigns/" + c + "/leads/import?async=true", "name,phone_number\n" + rows(0, 60_000));
        assertEquals(202, r.statusCode(), r.body());
        long id = ApiFixture.body(r).get("import_id").asLong();
        JsonNode job = null;
        List<Long> seen = new ArrayList<>();
        List<Double> fractions = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            job = ApiFixture.body(a.json("GET", "/api/outbound/imports/" + id, null));
            seen.add(job.get("rows_read").asLong());
            if (job.hasNonNull("fraction_done")) fractions.add(job.get("fraction_done").asDouble());
            assertEquals(200, a.json("GET", "/api/outbound/campaigns", null).statusCode(), "other requests are answered meanwhile");
            if (!job.get("status").asText().equals("running")) break;
            Thread.sleep(50);
        }
        assertEquals("finished", job.get("status").asText(), job.toString());
        assertEquals(60_000, job.get("accepted").asLong());
        assertEquals(60_000, job.get("rows_read").asLong());
        for (int i = 1; i < seen.size(); i++) assertTrue(seen.get(i) >= seen.get(i - 1), "rows read never go back: " + seen);
        for (int i = 1; i < fractions.size(); i++) assertTrue(fractions.get(i) >= fractions.get(i - 1), "the bar never goes back: " + fractions);
        assertEquals(1.0, job.get("fraction_done").asDouble());
    }

    @Test
    void aJobLeftRunningByADeadProcessIsMarkedInterruptedWithWhatItCommitted() throws Exception {
        ApiFixture a = api(ImportSettings.DEFAULTS);
        long c = a.campaign("Killed");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        ImportJobRepository.ImportJob job = a.store.importJobs().start(c, "big.csv", "csv", "admin", gone.pid()).join();
        // what a killed importer left: two committed transactions' worth of rows, counted by the store in those transactions
        List<Lead> leads = new ArrayList<>();
        for (int i = 0; i < 1234; i++) leads.add(Lead.newPending(c, "+1888" + String.format("%07d", i), "+1888" + String.format("%07d", i),
                null, "{}", null, null, null));
        a.store.leads().insertBatch(c, leads, true, job.id()).join();
        a.store.leads().insertBatch(c, leads.subList(0, 10), true, job.id()).join();
        a.restart();
        JsonNode j = ApiFixture.body(a.json("GET", "/api/outbound/imports/" + job.id(), null));
        assertEquals("interrupted", j.get("status").asText(), j.toString());
        assertEquals(1234, j.get("accepted").asLong(), "exactly what the committed transactions kept");
        assertEquals(10, j.get("duplicates").asLong());
        assertTrue(j.get("error").asText().contains("1234 leads were committed"), j.toString());
        assertTrue(a.json("GET", "/api/outbound/audit", null).body().contains("leads.import.interrupted"));
        ImportJobRepository.ImportJob live = a.store.importJobs().start(c, "cli.csv", "csv", "cli", ProcessHandle.current().parent().orElseThrow().pid()).join();
        a.restart();
        assertEquals("running", ApiFixture.body(a.json("GET", "/api/outbound/imports/" + live.id(), null)).get("status").asText(),
                "an import of a live process (the CLI beside the server) is left alone");
    }

    @Test
    void aForeignHeaderIsMappedAndPreviewed() throws Exception {
        ApiFixture a = api(ImportSettings.DEFAULTS);
        long c = a.campaign("Mapping");
        String csv = "Full Name,Mobile,Bot\nAda,+12125001001,sales\nBob,+12125001002,\n";
        JsonNode preview = ApiFixture.body(a.csv("/api/outbound/campaigns/" + c + "/leads/import/preview", csv));
        assertEquals(List.of("Full Name", "Mobile", "Bot"), Http.JSON.convertValue(preview.get("header"), List.class));
        assertTrue(preview.get("needs_mapping").asBoolean());
        assertEquals("Mobile", preview.get("suggested_mapping").get("phone_number").asText(), "a first guess for the form");
        assertEquals("Full Name", preview.get("suggested_mapping").get("name").asText());
        assertEquals(2, preview.get("sample_rows").size());
        assertEquals(400, a.csv("/api/outbound/campaigns/" + c + "/leads/import", csv).statusCode(), "unmapped, it has no phone column");
        String mapping = URLEncoder.encode("{\"name\":\"Full Name\",\"phone_number\":\"Mobile\",\"agent\":\"Bot\"}", StandardCharsets.UTF_8);
        HttpResponse<String> r = a.csv("/api/outbound/campaigns/" + c + "/leads/import?mapping=" + mapping, csv);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(2, ApiFixture.body(r).get("accepted").asLong());
        var leads = a.store.leads().page(new LeadQuery(c, null, "Ada", 1, 10)).join().items();
        assertEquals("sales", leads.getFirst().lead().contextOverride());
        HttpResponse<String> bad = a.csv("/api/outbound/campaigns/" + c + "/leads/import?mapping="
                + URLEncoder.encode("{\"phone_number\":\"Cell\"}", StandardCharsets.UTF_8), csv);
        assertEquals(400, bad.statusCode());
        assertEquals("mapping", ApiFixture.body(bad).get("field").asText());
    }

    @Test
    void xlsxImportsWithTheSameRulesAndErrorFileAsCsv() throws Exception {
        ApiFixture a = api(ImportSettings.DEFAULTS);
        long c = a.campaign("XLSX");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (org.dhatim.fastexcel.Workbook wb = new org.dhatim.fastexcel.Workbook(out, "test", "1.0")) {
            org.dhatim.fastexcel.Worksheet ws = wb.newWorksheet("Leads");
            String[] header = {"name", "phone_number", "context", "agent", "custom_vars"};
            for (int i = 0; i < header.length; i++) ws.value(0, i, header[i]);
            ws.value(1, 0, "Numeric Phone");
            ws.value(1, 1, 12125230001L); // a number cell, as Excel stores a typed phone number
            ws.value(1, 2, "default");
            ws.value(1, 3, "sales");
            ws.value(2, 0, "Text Phone");
            ws.value(2, 1, "+1 212 523 0002");
            ws.value(2, 4, "{\"plan\":\"gold\"}");
            ws.value(3, 0, "Bad Phone");
            ws.value(3, 1, "call me");
            ws.value(5, 0, "x".repeat(LeadImporter.MAX_NAME_CHARS + 5)); // row 5 empty: skipped, as in CSV
            ws.value(5, 1, "+12125230005");
        }
        HttpResponse<String> r = a.send("POST", "/api/outbound/campaigns/" + c + "/leads/import?filename=leads.xlsx",
                HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()),
                "Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode j = ApiFixture.body(r);
        assertEquals(4, j.get("rows").asLong(), r.body());
        assertEquals(2, j.get("accepted").asLong(), r.body());
        assertEquals(2, j.get("rejected").asLong(), r.body());
        String errors = a.send("GET", j.get("error_csv_url").asText(), null).body();
        assertTrue(errors.startsWith("name,phone_number,context,agent,custom_vars,row_number,error,extra_values"), errors);
        assertTrue(errors.contains("Bad Phone,call me,,,,4,"), "row numbers as the spreadsheet shows them: " + errors);
        assertTrue(errors.contains(",6,name is longer than"), errors);
        var numeric = a.store.leads().page(new LeadQuery(c, null, "Numeric", 1, 10)).join().items().getFirst().lead();
        assertEquals("12125230001", numeric.phoneNumber(), "the number as typed, not 1.555123E10");
        assertEquals("sales", numeric.contextOverride(), "agent wins over context in XLSX too");
        var text = a.store.leads().page(new LeadQuery(c, null, "Text Phone", 1, 10)).join().items().getFirst().lead();
        assertEquals("{\"plan\":\"gold\"}", text.customVarsJson());
        assertEquals("xlsx", ApiFixture.body(a.json("GET", "/api/outbound/imports/" + j.get("import_id").asLong(), null)).get("format").asText());
        HttpResponse<String> broken = a.send("POST", "/api/outbound/campaigns/" + c + "/leads/import",
                HttpRequest.BodyPublishers.ofByteArray(new byte[]{'P', 'K', 3, 4, 1, 2, 3}), "Content-Type", "application/octet-stream");
        assertEquals(400, broken.statusCode(), broken.body());
        assertTrue(broken.body().contains("unreadable XLSX"), broken.body());
    }

    private static byte[] xlsx(int rows) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (org.dhatim.fastexcel.Workbook wb = new org.dhatim.fastexcel.Workbook(out, "test", "1.0")) {
            org.dhatim.fastexcel.Worksheet ws = wb.newWorksheet("Leads");
            ws.value(0, 0, "name");
            ws.value(0, 1, "phone_number");
            for (int i = 1; i <= rows; i++) {
                ws.value(i, 0, "Lead " + i);
                ws.value(i, 1, "+1212" + (3_000_000 + i));
            }
        }
        return out.toByteArray();
    }

    /** The same workbook with the sheet's {@code <dimension>} taken out, as some writers leave it. */
    private byte[] withoutDimension(byte[] xlsx) throws Exception {
        Path original = dir.resolve("with-dimension.xlsx");
        Files.write(original, xlsx);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var in = new java.util.zip.ZipFile(original.toFile()); var zip = new java.util.zip.ZipOutputStream(out)) {
            for (var it = in.entries().asIterator(); it.hasNext(); ) {
                java.util.zip.ZipEntry e = it.next();
                byte[] data;
                try (var s = in.getInputStream(e)) {
                    data = s.readAllBytes();
                }
                if (e.getName().startsWith("xl/worksheets/")) {
                    String xml = new String(data, StandardCharsets.UTF_8);
                    assertTrue(xml.contains("<dimension"), "fastexcel writes a dimension");
                    data = xml.replaceAll("<dimension[^>]*/>", "").getBytes(StandardCharsets.UTF_8);
                }
                zip.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                zip.write(data);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** An XLSX import's bar follows the server's work too: the rows read against the sheet's row count (its dimension, or counted). */
    @Test
    void anXlsxSourceSaysHowFarThroughTheSheetItIs() throws Exception {
        byte[] file = xlsx(1000);
        for (byte[] variant : List.of(file, withoutDimension(file))) {
            Path p = dir.resolve("fraction.xlsx");
            Files.write(p, variant);
            try (RowSource rows = LeadImporter.open(p)) {
                assertEquals(0.0, rows.fractionRead(), 0.002, "only the header read");
                for (int i = 0; i < 500; i++) assertNotNull(rows.next());
                assertEquals(501 / 1001.0, rows.fractionRead(), 0.002);
                while (rows.next() != null) {
                    // read to the end
                }
                assertEquals(1.0, rows.fractionRead());
            }
        }
    }

    @Test
    void anAsyncXlsxImportReportsTheShareOfTheSheetRead() throws Exception {
        ApiFixture a = api(ImportSettings.DEFAULTS);
        long c = a.campaign("Async XLSX");
        HttpResponse<String> r = a.send("POST", "/api/outbound/campaigns/" + c + "/leads/import?async=true&filename=big.xlsx",
                HttpRequest.BodyPublishers.ofByteArray(xlsx(40_000)), "Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertEquals(202, r.statusCode(), r.body());
        long id = ApiFixture.body(r).get("import_id").asLong();
        JsonNode job = ApiFixture.body(r);
        List<Double> fractions = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            if (job.get("status").asText().equals("running")) {
                assertTrue(job.hasNonNull("fraction_done"), "a running XLSX job says how far it is: " + job);
                fractions.add(job.get("fraction_done").asDouble());
            } else {
                break;
            }
            Thread.sleep(50);
            job = ApiFixture.body(a.json("GET", "/api/outbound/imports/" + id, null));
        }
        assertEquals("finished", job.get("status").asText(), job.toString());
        assertEquals(40_000, job.get("accepted").asLong());
        assertEquals(1.0, job.get("fraction_done").asDouble());
        assertTrue(!fractions.isEmpty(), "the job was seen running");
        for (int i = 1; i < fractions.size(); i++) assertTrue(fractions.get(i) >= fractions.get(i - 1), "the bar never goes back: " + fractions);
    }

    @Test
    void agentWinsOverContextAndABlankAgentFallsBackToTheRowsContext() throws Exception {
        ApiFixture a = api(ImportSettings.DEFAULTS);
        long c = a.campaign("Agent");
        String csv = "name,phone_number,context,agent\nBoth,+12125002001,default,sales\nBlank Agent,+12125002002,sales,\n"
                + "Only Context,+12125002003,default,\n";
        assertEquals(3, ApiFixture.body(a.csv("/api/outbound/campaigns/" + c + "/leads/import", csv)).get("accepted").asLong());
        assertEquals("sales", context(c, "Both"));
        assertEquals("sales", context(c, "Blank Agent"));
        assertEquals("default", context(c, "Only Context"));
        assertEquals(201, a.json("POST", "/api/outbound/campaigns/" + c + "/leads",
                "{\"name\":\"Manual Both\",\"phone_number\":\"+12125002004\",\"context\":\"default\",\"agent\":\"sales\"}").statusCode());
        assertEquals("sales", context(c, "Manual Both"));
        assertEquals(201, a.json("POST", "/api/outbound/campaigns/" + c + "/leads",
                "{\"name\":\"Manual Blank\",\"phone_number\":\"+12125002005\",\"context\":\"sales\",\"agent\":\"  \"}").statusCode());
        assertEquals("sales", context(c, "Manual Blank"));
    }

    private String context(long campaign, String name) {
        return api.store.leads().page(new LeadQuery(campaign, null, name, 1, 10)).join().items().getFirst().lead().contextOverride();
    }
}
