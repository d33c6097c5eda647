package org.aava.dialer.web;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.aava.dialer.core.ai.AiContext;
import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.ai.AttachTarget;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.testing.InMemoryStore;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of the lead CSV importer with Jazzer. In a plain run it replays the seeds in
 * {@code LeadImporterFuzzTestInputs/}; the surefire execution "fuzz" (see web/pom.xml) sets
 * JAZZER_FUZZ=1, so every {@code mvn verify}, CI included, also fuzzes it for {@code maxDuration}.
 * Whatever the bytes, the importer either returns a result in which every row is accounted for, or
 * throws its own {@link ApiException} (a 400 for the client); anything else is a finding.
 */
class LeadImporterFuzzTest {
    private static final AiContexts CONTEXTS = new AiContexts(List.of(
            new AiContext("default", "p", "hi", "prov", List.of(), AttachTarget.stasis("ai")),
            new AiContext("sales", "p", "hi", "prov", List.of(), AttachTarget.stasis("ai"))));
    private static Path dir;
    static long inputs;

    @BeforeAll
    static void workDir() throws IOException {
        dir = Files.createTempDirectory("aava-import-fuzz");
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) Files.deleteIfExists(p);
        }
        Files.deleteIfExists(dir);
        System.out.println("LeadImporterFuzzTest: " + inputs + " inputs");
    }

    @FuzzTest(maxDuration = "20s")
    void everyRowIsImportedOrRejectedWithAReason(byte[] csv) throws IOException {
        inputs++;
        InMemoryStore store = new InMemoryStore(); // fresh per input: duplicates are then only those inside the input
        Campaign campaign = store.createCampaign(Campaign.builder("fuzz").build());
        store.dnc().add("+12125550000", null, "fuzz", "test").join();
        Path errorCsv = dir.resolve("errors.csv");
        Files.deleteIfExists(errorCsv);
        LeadImporter.Result r;
        try {
            r = new LeadImporter(store.leads(), CONTEXTS).importCsv(campaign.id(), new ByteArrayInputStream(csv), false, errorCsv);
        } catch (ApiException e) {
            assertEquals(400, e.status(), e.getMessage());
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "an error the client can read");
            return;
        }
        assertEquals(r.rows(), r.accepted() + r.duplicates() + r.rejected(), "every row is accounted for: " + r);
        assertEquals(independentRowCount(csv), r.rows(), "rows read");
        assertEquals(r.accepted(), store.leadsOf(campaign.id()).size(), "accepted means stored");
        assertTrue(r.dnc() <= r.accepted(), "DNC leads are stored (in state dnc): " + r);
        if (r.rejected() == 0) {
            assertNull(r.errorCsv(), "no error CSV without rejected rows");
            assertFalse(Files.exists(errorCsv));
        } else {
            assertNotNull(r.errorCsv());
            checkErrorCsv(errorCsv, r.rejected(), r.rows());
        }
    }

    /** The error CSV parses, has one record per rejected row, all of the header's width, each with a row number and a reason. */
    private static void checkErrorCsv(Path errorCsv, long rejected, long rows) throws IOException {
        try (CSVParser p = CSVParser.parse(errorCsv, StandardCharsets.UTF_8, CSVFormat.DEFAULT.builder().setHeader()
                .setSkipHeaderRecord(true).setAllowMissingColumnNames(true)
                .setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.ALLOW_ALL).get())) {
            List<String> header = p.getHeaderNames();
            int width = header.size();
            assertEquals(List.of("row_number", "error", "extra_values"), header.subList(width - 3, width));
            long count = 0;
            long lastRow = 1;
            for (CSVRecord rec : p) {
                count++;
                assertEquals(width, rec.size(), "record " + count + " has the header's width");
                long row = Long.parseLong(rec.get(width - 3));
                assertTrue(row > lastRow && row <= rows + 1, "row numbers ascend within the file: " + row);
                lastRow = row;
                assertFalse(rec.get(width - 2).isBlank(), "a reason for row " + row);
            }
            assertEquals(rejected, count, "one record per rejected row");
        }
    }

    /** The rows as a plain CSV reader sees them, with the importer's settings: a row the importer skipped would show here. */
    private static long independentRowCount(byte[] csv) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                .setTrim(true).setAllowMissingColumnNames(true)
                .setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.ALLOW_ALL).get();
        try (CSVParser p = CSVParser.parse(new InputStreamReader(LeadImporter.skipBom(new ByteArrayInputStream(csv)), StandardCharsets.UTF_8), format)) {
            long n = 0;
            for (CSVRecord ignored : p) n++;
            return n;
        }
    }
}
