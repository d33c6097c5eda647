package org.aava.dialer.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.AttemptClose;
import org.aava.dialer.core.model.ConsentResult;
import org.aava.dialer.core.model.HopResult;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.core.ports.AttemptTransition;
import org.aava.dialer.lab.LabAsterisk;
import org.aava.dialer.server.config.ConfigLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin page in real headless Chromium at 1440 px and 390 px, against a dialer with no Asterisk (ARI points at a
 * closed port, as on a box whose Asterisk is down): the ten problems of issue 18, the keyboard-only main path, and an
 * axe-core check of every view. No lab needed. Screenshots go to target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminPageLayoutBrowserTest {
    private static final String PASSWORD = "layout-admin-password";
    private static final String TOKEN = "layout-api-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path shots = Path.of("target", "screenshots");
    private final HttpClient http = HttpClient.newHttpClient();
    private Path dir;
    private Application app;
    private WebDriver browser;
    private String base;

    @BeforeAll
    void start() throws Exception {
        boolean present = Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver"));
        if (!present) {
            if (LabAsterisk.required()) throw new AssertionError("chromium and chromium-driver are required (apt-get install chromium chromium-driver)");
            org.junit.jupiter.api.Assumptions.abort("chromium not installed");
        }
        dir = Files.createTempDirectory("aava-layout");
        Files.createDirectories(dir.resolve("media/ai-generated"));
        Path config = dir.resolve("aava-dialer.yaml");
        Files.writeString(config, """
                ari: {url: "http://127.0.0.1:1/ari", username: u, password: p, app: layout}
                agi: {bind: 127.0.0.1, port: %d, advertise_host: 127.0.0.1}
                web: {bind: 127.0.0.1, port: 0, admin_password: "%s", api_token: "%s"}
                database: {path: "%s"}
                media: {dir: "%s"}
                """.formatted(LabDialer.freePort(), PASSWORD, TOKEN, dir.resolve("dialer.db"), dir.resolve("media")));
        app = Application.start(ConfigLoader.load(config, Map.of()), Clock.systemUTC());
        base = "http://127.0.0.1:" + app.webPort();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1440,900", "--user-data-dir=" + Files.createTempDirectory(dir, "chrome"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.get(base + "/");
        waitFor(By.id("login-password")).sendKeys(PASSWORD);
        BrowserActions.click(browser, By.id("login-submit"));
        waitFor(By.id("new-campaign"));
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.quit();
        if (app != null) app.close();
    }

    @BeforeEach
    void closeDialogs() {
        if (browser != null) js("document.querySelectorAll('dialog[open]').forEach(d => d.close())");
    }

    // ------------------------------------------------------------------ helpers

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private WebElement waitFor(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> {
                    WebElement e = d.findElement(by);
                    return e.isDisplayed() ? e : null;
                });
    }

    private void waitUntil(String what, java.util.function.Supplier<Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).withMessage(what).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class).until(d -> condition.get());
    }

    private void size(int width) {
        browser.manage().window().setSize(new Dimension(width, width >= 1000 ? 900 : 844));
        waitUntil("viewport " + width, () -> ((Number) js("return window.innerWidth")).intValue() <= width);
    }

    private void shot(String name) throws Exception {
        Files.createDirectories(shots);
        Files.write(shots.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    /** The whole page, not just the viewport: the window grows to the page's height for the shot, then goes back. */
    private void fullShot(String name) throws Exception {
        Dimension before = browser.manage().window().getSize();
        int height = ((Number) js("return Math.ceil(document.documentElement.scrollHeight)")).intValue();
        browser.manage().window().setSize(new Dimension(before.getWidth(), Math.min(height + 140, 8000)));
        try {
            shot(name);
        } finally {
            browser.manage().window().setSize(before);
        }
    }

    private JsonNode call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + TOKEN);
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() < 300, method + " " + path + " -> " + r.statusCode() + " " + r.body());
        return JSON.readTree(r.body());
    }

    private JsonNode importCsv(long campaign, String csv) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/outbound/campaigns/" + campaign + "/leads/import"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    /** A campaign with {@code n} leads (numbers +1212&lt;prefix&gt;nnnn), and attempts with outcomes for the first few. */
    private long demoCampaign(String name, int prefix, int n) throws Exception {
        long id = call("POST", "/api/outbound/campaigns", """
                {"name": "%s", "timezone": "America/New_York", "daily_window_start_local": "09:00", "daily_window_end_local": "17:00",
                 "days_of_week": ["mon","tue","wed","thu","fri"], "max_concurrent": 3, "voicemail_drop_enabled": true}""".formatted(name)).get("id").asLong();
        StringBuilder csv = new StringBuilder("name,phone_number,context,timezone\n");
        String[] names = {"Alice Example", "Bob Johnson", "Carla Okafor", "Deepak Nakamura", "Eve Schmidt", "Farid Garcia"};
        for (int i = 0; i < n; i++) csv.append(names[i % names.length]).append(' ').append(i).append(",+1212").append(prefix).append(String.format("%04d", i))
                .append(",default,America/New_York\n");
        assertEquals(n, importCsv(id, csv.toString()).get("accepted").asInt());
        return id;
    }

    /** Closed attempts with AMD and consent results for the campaign's first leads, as calls would leave them. */
    private void demoAttempts(long campaign, int count) throws Exception {
        JsonNode leads = call("GET", "/api/outbound/campaigns/" + campaign + "/leads?sort=oldest&page_size=" + count, null).get("leads");
        Outcome[] outcomes = {Outcome.ANSWERED_HUMAN, Outcome.VOICEMAIL_DROPPED, Outcome.BUSY, Outcome.NO_ANSWER, Outcome.MACHINE_DETECTED,
                Outcome.CONSENT_DENIED};
        var store = app.store();
        for (int i = 0; i < leads.size(); i++) {
            JsonNode l = leads.get(i);
            Instant at = Instant.now().minusSeconds(60L * (i % 5) + 5);
            Attempt a = store.attempts().open(Attempt.opening(campaign, l.get("id").asLong(), l.get("phone_number").asText(), at, true,
                    "PJSIP/demo-" + i, "default", "demo")).join();
            Outcome o = outcomes[i % outcomes.length];
            boolean machine = o == Outcome.VOICEMAIL_DROPPED || o == Outcome.MACHINE_DETECTED;
            if (o != Outcome.BUSY && o != Outcome.NO_ANSWER) {
                // (the lead is pending, not live: the answer leaves it alone)
                store.journal().apply(new AttemptTransition.Answer(a.id(), a.leadId(), "PJSIP/demo-" + i, at.plusSeconds(3))).join();
                store.journal().apply(new AttemptTransition.RecordHop(new HopResult(a.id(), machine ? "MACHINE" : "HUMAN",
                        machine ? "LONGGREETING" : "HUMAN", null, o == Outcome.CONSENT_DENIED ? "2" : machine ? "" : "1",
                        machine ? ConsentResult.SKIPPED : o == Outcome.CONSENT_DENIED ? ConsentResult.DENIED : ConsentResult.ACCEPTED),
                        at.plusSeconds(5))).join();
            }
            store.attempts().close(a.id(), AttemptClose.of(o, at.plusSeconds(30))).join();
            if (o == Outcome.ANSWERED_HUMAN) store.attempts().setDisposition(a.id(), "interested", "call back Friday").join();
        }
    }

    private void openCampaign(long id) {
        js("window.__errors = window.__errors || []; if (!window.__watching) { window.__watching = true;"
                + " addEventListener('error', e => __errors.push(e.message)); addEventListener('unhandledrejection', e => __errors.push(String(e.reason))); }");
        // filters stay as an earlier test left them (as they do for an operator): start each test from the defaults
        js("const f = id => document.getElementById(id); if (f('lead-state')) { f('lead-state').value = ''; f('lead-search').value = '';"
                + " f('lead-sort').value = 'newest'; f('lead-page-size').value = '50'; f('chart-range').value = '30m'; }"
                + " localStorage.removeItem('aava.chartRange');");
        browser.get(base + "/#campaign=" + id);
        try {
            waitUntil("campaign " + id + " shown", () -> browser.findElement(By.id("detail-name")).getText().length() > 0
                    && browser.findElement(By.id("detail-name")).isDisplayed()
                    && browser.findElements(By.cssSelector("#leads-table tbody tr")).size() > 0);
        } catch (RuntimeException e) {
            throw new AssertionError("campaign " + id + " not shown; url " + browser.getCurrentUrl() + ", errors " + js("return window.__errors")
                    + ", detail " + js("return document.getElementById('detail-name') && document.getElementById('detail-name').textContent"), e);
        }
    }

    private int scrollOverflow() {
        return ((Number) js("return document.documentElement.scrollWidth - window.innerWidth")).intValue();
    }

    private void noHorizontalScroll(String where) {
        assertTrue(scrollOverflow() <= 0, where + ": the page is wider than the viewport by " + scrollOverflow() + " px");
        Number table = (Number) js("const t = document.querySelector('#leads-table'); return t ? t.getBoundingClientRect().right : 0");
        assertTrue(table.doubleValue() <= ((Number) js("return window.innerWidth")).doubleValue() + 0.5, where + ": the lead table overflows: " + table);
    }

    /** Every serious or critical axe-core violation on the page as it is now. */
    @SuppressWarnings("unchecked")
    private List<String> axe() throws Exception {
        if (!(Boolean) js("return typeof axe !== 'undefined'")) js(AxeCore.script());
        Object r = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations
                  .filter(v => v.impact === 'serious' || v.impact === 'critical')
                  .map(v => v.impact + ' ' + v.id + ': ' + v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(' | '))))
                  .catch(e => done(['axe failed: ' + e]));""");
        return (List<String>) r;
    }

    private void assertAccessible(String view) throws Exception {
        List<String> violations = axe();
        assertTrue(violations.isEmpty(), view + ": " + String.join("\n", violations));
    }

    private void tabTo(String id) {
        for (int i = 0; i < 200; i++) {
            if (id.equals(js("return document.activeElement && document.activeElement.id"))) return;
            new Actions(browser).sendKeys(Keys.TAB).perform();
        }
        throw new AssertionError("#" + id + " is not reachable with Tab");
    }

    // ------------------------------------------------------------------ the ten problems

    /** 1. Recycle asks every time (re-dial preselected), names the lead, a reset needs a second confirmation; the API defaults to re-dial. */
    @ParameterizedTest
    @ValueSource(ints = {1440, 390})
    void recycleAsksEveryTimeAndNamesTheLead(int width) throws Exception {
        long id = demoCampaign("Recycle " + width, 250 + width % 7, 6);
        demoAttempts(id, 6);
        size(width);
        openCampaign(id);
        List<WebElement> rows = browser.findElements(By.cssSelector("#leads-table tbody tr"));
        String first = rows.get(rows.size() - 1).getAttribute("data-lead");
        String second = rows.get(rows.size() - 2).getAttribute("data-lead");
        String firstName = rows.get(rows.size() - 1).findElement(By.cssSelector("td b")).getText();
        BrowserActions.click(browser, By.cssSelector("[data-recycle='" + first + "']"));
        waitFor(By.id("recycle-confirm"));
        assertTrue(browser.findElement(By.id("recycle-title")).getText().contains(firstName), "the dialog names the lead");
        assertTrue(browser.findElement(By.cssSelector("input[name=recycle-mode][value=redial]")).isSelected(), "re-dial is preselected");
        BrowserActions.click(browser, By.cssSelector("input[name=recycle-mode][value=reset]"));
        BrowserActions.click(browser, By.id("recycle-confirm"));
        // first press only arms the reset and says what it deletes
        assertTrue(browser.findElement(By.id("recycle-modal")).isDisplayed(), "a reset is not done on the first press");
        assertTrue(browser.findElement(By.id("recycle-warning")).getText().contains("deletes"), browser.findElement(By.id("recycle-warning")).getText());
        shot("recycle-reset-confirm-" + width);
        assertEquals("Yes, reset", browser.findElement(By.id("recycle-confirm")).getText());
        BrowserActions.click(browser, By.id("recycle-confirm"));
        waitUntil("reset done", () -> call0("/api/outbound/leads/" + first + "/attempts").get("attempts").isEmpty());
        // the next recycle of another lead opens with re-dial again
        waitUntil("table refreshed", () -> browser.findElement(By.cssSelector("[data-recycle='" + second + "']")).isEnabled());
        BrowserActions.click(browser, By.cssSelector("[data-recycle='" + second + "']"));
        waitFor(By.id("recycle-confirm"));
        assertTrue(browser.findElement(By.cssSelector("input[name=recycle-mode][value=redial]")).isSelected(), "re-dial again, not the last choice");
        BrowserActions.click(browser, By.id("recycle-close"));
        // API: no mode means re-dial, history kept
        int before = call("GET", "/api/outbound/leads/" + second + "/attempts", null).get("attempts").size();
        call("POST", "/api/outbound/leads/" + second + "/recycle", null);
        assertEquals(before, call("GET", "/api/outbound/leads/" + second + "/attempts", null).get("attempts").size());
        assertEquals(1, before);
    }

    private JsonNode call0(String path) {
        try {
            return call("GET", path, null);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    /** 2. No horizontal scroll at 1440 or 390 px; the New Campaign dialog stays inside the viewport and scrolls inside itself. */
    @ParameterizedTest
    @ValueSource(ints = {1440, 390})
    void layoutFitsTheScreen(int width) throws Exception {
        long id = demoCampaign("Layout " + width, 200 + width % 7, 60);
        demoAttempts(id, 12);
        size(width);
        openCampaign(id);
        waitUntil("charts drawn", () -> (Boolean) js("return !!(window.Chart && Chart.getChart(document.getElementById('chart-outcomes')))"));
        noHorizontalScroll("campaign view at " + width);
        fullShot("campaign-" + width);
        BrowserActions.click(browser, By.id("new-campaign"));
        WebElement dialog = waitFor(By.id("campaign-modal"));
        Map<?, ?> rect = (Map<?, ?>) js("const r = arguments[0].getBoundingClientRect(); return {l: r.left, r: r.right, t: r.top, b: r.bottom,"
                + " sh: arguments[0].scrollHeight, ch: arguments[0].clientHeight, w: window.innerWidth, h: window.innerHeight}", dialog);
        double w = ((Number) rect.get("w")).doubleValue(), h = ((Number) rect.get("h")).doubleValue();
        assertTrue(((Number) rect.get("l")).doubleValue() >= 0 && ((Number) rect.get("r")).doubleValue() <= w, "dialog inside horizontally: " + rect);
        assertTrue(((Number) rect.get("t")).doubleValue() >= 0 && ((Number) rect.get("b")).doubleValue() <= h, "dialog inside vertically: " + rect);
        if (width == 390) assertTrue(((Number) rect.get("sh")).intValue() > ((Number) rect.get("ch")).intValue(), "the dialog scrolls inside: " + rect);
        js("arguments[0].scrollTop = arguments[0].scrollHeight", dialog);
        assertTrue(browser.findElement(By.id("campaign-save")).isDisplayed());
        shot("new-campaign-dialog-" + width);
        BrowserActions.click(browser, By.id("campaign-cancel"));
    }

    /** 3 (and the main path). Keyboard only: log in, select a campaign, open its checklist, Tab stays in the dialog, Escape returns. */
    @Test
    void theMainPathWorksByKeyboardAlone() throws Exception {
        long id = demoCampaign("Keyboard", 300, 4);
        size(1440);
        browser.manage().deleteAllCookies();
        browser.get(base + "/");
        WebElement pw = waitFor(By.id("login-password"));
        assertEquals("login-password", js("return document.activeElement.id"));
        pw.sendKeys(PASSWORD, Keys.ENTER);
        waitFor(By.id("new-campaign"));
        List<WebElement> items = browser.findElements(By.cssSelector("#campaigns .campaign-item"));
        assertFalse(items.isEmpty());
        items.forEach(b -> assertEquals("button", b.getTagName(), "campaigns are buttons"));
        WebElement mine = items.stream().filter(b -> b.getText().contains("Keyboard")).findFirst().orElseThrow();
        String target = "campaign-" + id;
        js("arguments[0].id = arguments[1]", mine, target);
        tabTo(target);
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        waitUntil("selected by keyboard", () -> browser.findElement(By.id("detail-name")).getText().equals("Keyboard"));
        assertTrue(browser.getCurrentUrl().endsWith("#campaign=" + id), browser.getCurrentUrl());
        tabTo("act-start");
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        WebElement checklist = waitFor(By.id("checklist-modal"));
        String items2 = browser.findElement(By.id("checklist-items")).getText();
        assertTrue(items2.contains("Asterisk is not reachable") && items2.contains("4 pending leads"), items2);
        for (int i = 0; i < 12; i++) {
            new Actions(browser).sendKeys(Keys.TAB).perform();
            assertTrue((Boolean) js("return arguments[0].contains(document.activeElement)", checklist), "focus stays in the dialog");
        }
        new Actions(browser).sendKeys(Keys.ESCAPE).perform();
        waitUntil("closed", () -> !checklist.isDisplayed());
        assertEquals("act-start", js("return document.activeElement.id"), "focus returns to the Start button");
        // filters and search are labelled, and every view passes axe
        for (String f : List.of("lead-search", "lead-state", "lead-sort", "lead-page-size")) {
            assertFalse(browser.findElements(By.cssSelector("label[for='" + f + "']")).isEmpty(), f + " has a label");
        }
    }

    /** 4. Bulk actions on a filtered set: one question with the count, then done and audited. */
    @ParameterizedTest
    @ValueSource(ints = {1440, 390})
    void bulkRedialUndoesACancel(int width) throws Exception {
        long id = demoCampaign("Bulk " + width, 400 + width % 7, 30);
        call("POST", "/api/outbound/campaigns/" + id + "/status", "{\"status\": \"stopped\", \"cancel_pending\": true}");
        size(width);
        openCampaign(id);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("lead-state"))).selectByVisibleText("canceled");
        waitUntil("filtered", () -> browser.findElement(By.id("bulk-count")).getText().startsWith("30 leads match the filter"));
        BrowserActions.click(browser, By.cssSelector("[data-bulk=recycle][data-mode=redial]"));
        waitFor(By.id("confirm-yes"));
        assertTrue(browser.findElement(By.id("confirm-text")).getText().contains("30 leads"), browser.findElement(By.id("confirm-text")).getText());
        shot("bulk-confirm-" + width);
        BrowserActions.click(browser, By.id("confirm-yes"));
        waitUntil("redialed", () -> call0("/api/outbound/campaigns/" + id + "/stats").get("lead_states").path("pending").asInt() == 30);
        JsonNode audit = call("GET", "/api/outbound/audit?page_size=20", null).get("entries");
        boolean audited = false;
        for (JsonNode e : audit) audited |= e.get("action").asText().equals("leads.bulk.recycle.redial") && e.get("subject").asText().equals("campaign:" + id);
        assertTrue(audited, audit.toString());
    }

    /** 5. An invalid field in a collapsed section: its section opens and the error sits next to the field. */
    @ParameterizedTest
    @ValueSource(ints = {1440, 390})
    void saveOpensTheSectionOfAnInvalidField(int width) throws Exception {
        size(width);
        browser.get(base + "/");
        waitFor(By.id("new-campaign"));
        BrowserActions.click(browser, By.id("new-campaign"));
        waitFor(By.id("f-name")).sendKeys("Invalid " + width);
        WebElement retry = browser.findElement(By.id("f-retry-max"));
        js("arguments[0].value = '99'", retry);
        assertFalse(retry.isDisplayed(), "the field starts in a collapsed section");
        BrowserActions.click(browser, By.id("campaign-save"));
        waitUntil("section opened", retry::isDisplayed);
        assertEquals("true", retry.getAttribute("aria-invalid"));
        WebElement err = browser.findElement(By.id("f-retry-max-error"));
        assertTrue(err.isDisplayed() && !err.getText().isBlank());
        assertEquals("f-retry-max", js("return document.activeElement.id"));
        assertTrue(browser.findElement(By.id("campaign-modal")).isDisplayed(), "the dialog stays open");
        shot("field-error-" + width);
        assertAccessible("campaign dialog with an error at " + width);
        BrowserActions.click(browser, By.id("campaign-cancel"));
    }

    /** Two operators edit one campaign: the later save of an older copy is refused, saying so, and loses nothing. */
    @Test
    void aSaveOfAnOlderCopyIsRefusedInsteadOfOverwritingAnotherEdit() throws Exception {
        long id = demoCampaign("Edited twice", 671, 1);
        size(1440);
        openCampaign(id);
        BrowserActions.click(browser, By.id("act-edit"));
        WebElement name = waitFor(By.id("f-name"));
        Thread.sleep(5); // the other edit gets a later updated_at than the copy in the form
        call("PATCH", "/api/outbound/campaigns/" + id, "{\"max_concurrent\": 7}"); // the other operator, meanwhile
        name.clear();
        name.sendKeys("Edited twice, renamed");
        BrowserActions.click(browser, By.id("campaign-save"));
        waitUntil("the refusal is shown", () -> browser.findElement(By.id("campaign-error")).getText().contains("changed since you loaded it"));
        assertTrue(browser.findElement(By.id("campaign-modal")).isDisplayed(), "the dialog stays open with the operator's edit");
        JsonNode c = call("GET", "/api/outbound/campaigns/" + id, null);
        assertEquals(7, c.get("max_concurrent").asInt(), "the other edit survives");
        assertEquals("Edited twice", c.get("name").asText(), "the older copy did not overwrite it");
        BrowserActions.click(browser, By.id("campaign-cancel"));
        BrowserActions.click(browser, By.id("act-edit"));
        name = waitFor(By.id("f-name"));
        assertEquals("7", browser.findElement(By.id("f-max")).getAttribute("value"), "reopened, the form shows the other edit");
        name.clear();
        name.sendKeys("Edited twice, renamed");
        BrowserActions.click(browser, By.id("campaign-save"));
        waitUntil("saved", () -> !browser.findElement(By.id("campaign-modal")).isDisplayed());
        c = call("GET", "/api/outbound/campaigns/" + id, null);
        assertEquals("Edited twice, renamed", c.get("name").asText());
        assertEquals(7, c.get("max_concurrent").asInt());
    }

    /** 6. Tiles show busy, no-answer, machine, consent, canceled, total and % done, and read right after a cancel. */
    @ParameterizedTest
    @ValueSource(ints = {1440, 390})
    void tilesShowEveryNumberAndSurviveACancel(int width) throws Exception {
        long id = demoCampaign("Tiles " + width, 500 + width % 7, 12);
        demoAttempts(id, 6);
        call("POST", "/api/outbound/campaigns/" + id + "/status", "{\"status\": \"stopped\", \"cancel_pending\": true}");
        size(width);
        openCampaign(id);
        // the seeded attempts close without moving their (pending) leads, so the cancel catches all 12
        Map<String, String> expect = Map.of("busy", "1", "no-answer", "1", "machine", "1", "consent", "1", "human", "1", "voicemail", "1",
                "canceled", "12", "pending", "0", "total", "12", "percent", "100%");
        waitUntil("tiles", () -> browser.findElement(By.id("stat-total")).getText().equals("12"));
        expect.forEach((k, v) -> assertEquals(v, browser.findElement(By.id("stat-" + k)).getText(), k));
        fullShot("tiles-after-cancel-" + width);
    }

    /** 7. The health strip does not say ok beside a red ARI. */
    @Test
    void healthIsNotOkWhileAriIsDown() {
        size(1440);
        browser.get(base + "/");
        waitUntil("health", () -> browser.findElement(By.cssSelector("[data-health=ari]")).getText().equals("ari: disconnected"));
        String status = browser.findElement(By.cssSelector("[data-health=status]")).getText();
        assertTrue(status.startsWith("status: degraded") && status.contains("ari"), status);
        assertTrue(browser.findElement(By.cssSelector("[data-health=ari]")).getAttribute("class").contains("bad"));
    }

    /** 7b. The nodes panel (issue 20) lists this node alive, its heartbeat and server, the server owned by it; axe-clean open. */
    @ParameterizedTest
    @ValueSource(ints = {1440, 390})
    void theNodesPanelShowsThisNodeAliveAndOwningItsServer(int width) throws Exception {
        size(width);
        browser.get(base + "/");
        String node = app.config().node().id();
        String server = app.config().ari().serverName();
        waitUntil("nodes panel", () -> browser.findElement(By.id("nodes-panel")).isDisplayed());
        waitUntil("summary", () -> browser.findElement(By.id("nodes-summary")).getText().equals("Nodes: 1 of 1 alive · live calls: 0"));
        BrowserActions.click(browser, By.id("nodes-summary"));
        WebElement row = waitFor(By.cssSelector("#nodes-table tbody tr"));
        assertEquals(node, row.getAttribute("data-node"));
        String text = row.getText();
        assertTrue(text.contains("alive") && text.contains(server), text);
        WebElement owned = waitFor(By.cssSelector("#servers-table tbody tr"));
        assertEquals(server, owned.getAttribute("data-server"));
        assertTrue(owned.getText().contains(node), owned.getText());
        assertEquals(0, (Long) js("return document.documentElement.scrollWidth - document.documentElement.clientWidth"), "no sideways scroll");
        fullShot("nodes-" + width);
        assertAccessible("nodes panel at " + width);
        BrowserActions.click(browser, By.id("nodes-summary"));
    }

    /** 8. DNC and audit paged with totals; leads with page size, jump and sort; a reload keeps the campaign. */
    @ParameterizedTest
    @ValueSource(ints = {1440, 390})
    void listsArePagedAndTheCampaignSurvivesAReload(int width) throws Exception {
        for (int i = 0; i < 60; i++) call("POST", "/api/outbound/dnc", "{\"phone_number\": \"+1212777%d%03d\", \"reason\": \"test\"}".formatted(width % 7, i));
        long id = demoCampaign("Paging " + width, 600 + width % 7, 80);
        size(width);
        openCampaign(id);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("lead-page-size"))).selectByVisibleText("25");
        waitUntil("25 rows", () -> browser.findElements(By.cssSelector("#leads-table tbody tr")).size() == 25);
        assertTrue(browser.findElement(By.id("leads-page")).getText().contains("of 4 · 80 leads"), browser.findElement(By.id("leads-page")).getText());
        WebElement jump = browser.findElement(By.id("leads-jump"));
        jump.clear();
        jump.sendKeys("4", Keys.ENTER);
        waitUntil("page 4", () -> browser.findElement(By.id("leads-page")).getText().startsWith("page 4 of 4"));
        assertEquals(5, browser.findElements(By.cssSelector("#leads-table tbody tr")).size());
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("lead-sort"))).selectByValue("name");
        waitUntil("sorted by name", () -> browser.findElement(By.cssSelector("#leads-table tbody tr td b")).getText().startsWith("Alice Example"));
        noHorizontalScroll("paged leads at " + width);
        browser.navigate().refresh();
        waitUntil("reload keeps the campaign", () -> browser.findElement(By.id("detail-name")).getText().equals("Paging " + width));
        BrowserActions.click(browser, By.id("tab-dnc"));
        waitUntil("dnc total", () -> browser.findElement(By.id("dnc-page")).getText().matches("page 1 of \\d+ · \\d+ numbers"));
        int total = Integer.parseInt(browser.findElement(By.id("dnc-page")).getText().replaceAll(".*· (\\d+) numbers", "$1"));
        assertTrue(total >= 60, "total " + total);
        assertEquals(50, browser.findElements(By.cssSelector("#dnc-table tbody tr")).size());
        BrowserActions.click(browser, By.id("dnc-next"));
        waitUntil("dnc page 2", () -> browser.findElement(By.id("dnc-page")).getText().startsWith("page 2 of"));
        noHorizontalScroll("DNC at " + width);
        fullShot("dnc-" + width);
        assertAccessible("DNC view at " + width);
        browser.navigate().refresh();
        waitUntil("reload keeps the tab", () -> browser.findElement(By.id("page-dnc")).isDisplayed());
        BrowserActions.click(browser, By.id("tab-audit"));
        waitUntil("audit total", () -> browser.findElement(By.id("audit-page")).getText().matches("page 1 of \\d+ · \\d+ entries"));
        noHorizontalScroll("audit at " + width);
        fullShot("audit-" + width);
        assertAccessible("audit view at " + width);
        BrowserActions.click(browser, By.id("tab-campaigns"));
    }

    /** 9. The preview plays exactly the recording the campaign has assigned, not the last upload. */
    @Test
    void previewPlaysTheAssignedRecording() throws Exception {
        byte[] ulaw = new byte[8000];
        java.util.Arrays.fill(ulaw, (byte) 0x7f);
        String assigned = upload("assigned.ulaw", ulaw);
        upload("later.ulaw", ulaw);
        long id = demoCampaign("Preview", 700, 2);
        call("PATCH", "/api/outbound/campaigns/" + id, "{\"voicemail_drop_media_uri\": \"" + assigned + "\"}");
        size(1440);
        openCampaign(id);
        String name = assigned.substring("sound:ai-generated/".length());
        String src = browser.findElement(By.id("detail-vm-preview")).getAttribute("src");
        assertTrue(src.endsWith("/api/outbound/recordings/" + name + "/preview.wav"), src);
        BrowserActions.click(browser, By.id("act-edit"));
        waitFor(By.id("f-vm-preview"));
        assertTrue(browser.findElement(By.id("f-vm-preview")).getAttribute("src").endsWith("/" + name + "/preview.wav"));
        HttpResponse<byte[]> wav = http.send(HttpRequest.newBuilder(URI.create(src)).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, wav.statusCode());
        assertEquals("RIFF", new String(wav.body(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        BrowserActions.click(browser, By.id("campaign-cancel"));
    }

    private String upload(String filename, byte[] data) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/outbound/recordings/upload?filename=" + filename))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("uri").asText();
    }

    /** 10. Dates in the locale or ISO 8601 with the zone; "opens" is readable; Refresh beside the clocks. */
    @ParameterizedTest
    @ValueSource(ints = {1440, 390})
    void datesCarryTheirZoneAndRefreshSitsByTheClocks(int width) throws Exception {
        long id = demoCampaign("Dates " + width, 800 + width % 7, 3);
        demoAttempts(id, 3);
        size(width);
        openCampaign(id);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("date-format"))).selectByValue("iso");
        waitUntil("iso clock", () -> browser.findElement(By.id("campaign-clock")).getText()
                .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d) America/New_York"));
        // the clock switches at once, the tables once their refresh comes back: wait for that, then check it
        String iso = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d America/New_York";
        waitUntil("iso attempts", () -> browser.findElement(By.cssSelector("#attempts-table tbody tr td:nth-child(2)")).getText()
                .replaceAll("^Started: ", "").matches(iso));
        String started = browser.findElement(By.cssSelector("#attempts-table tbody tr td:nth-child(2)")).getText().replaceAll("^Started: ", "");
        assertTrue(started.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d America/New_York"), started);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("date-format"))).selectByValue("locale");
        waitUntil("locale clock", () -> !browser.findElement(By.id("campaign-clock")).getText().contains("America/New_York"));
        String opens = browser.findElement(By.id("stat-opens")).getText();
        if (!opens.isEmpty()) assertFalse(opens.contains("[") || opens.contains("T0") || opens.contains("T1"), "opens is readable: " + opens);
        WebElement refresh = browser.findElement(By.id("refresh"));
        assertNotNull(refresh.findElement(By.xpath("ancestor::div[contains(@class,'clocks')]")));
        refresh.click();
        waitUntil("refreshed", () -> browser.findElement(By.id("toast")).getText().equals("Refreshed"));
    }

    // ------------------------------------------------------------------ history, checklist, axe on every view

    @ParameterizedTest
    @ValueSource(ints = {1440, 390})
    void callHistoryAndChecklistAndEveryViewPassAxe(int width) throws Exception {
        long id = demoCampaign("History " + width, 900 + width % 7, 6);
        demoAttempts(id, 6);
        size(width);
        openCampaign(id);
        assertAccessible("campaign view at " + width);
        WebElement row = browser.findElements(By.cssSelector("#leads-table tbody tr")).stream()
                .filter(r -> r.findElement(By.cssSelector(".lead-outcome")).getText().equals("answered_human")).findFirst().orElseThrow();
        row.findElement(By.cssSelector("[data-lead-history]")).click();
        waitFor(By.id("history-close"));
        String text = browser.findElement(By.id("history-body")).getText();
        assertTrue(text.contains("answered_human") && text.contains("HUMAN") && text.contains("accepted") && text.contains("interested"), text);
        noHorizontalScroll("history at " + width);
        shot("history-" + width);
        assertAccessible("history dialog at " + width);
        BrowserActions.click(browser, By.id("history-close"));
        BrowserActions.click(browser, By.id("act-start"));
        waitFor(By.id("checklist-start"));
        assertEquals("Start anyway", browser.findElement(By.id("checklist-start")).getText());
        assertTrue(browser.findElement(By.cssSelector("[data-check=asterisk]")).getAttribute("class").contains("bad"));
        shot("checklist-" + width);
        assertAccessible("checklist at " + width);
        BrowserActions.click(browser, By.id("checklist-close"));
        BrowserActions.click(browser, By.cssSelector("[data-recycle]"));
        waitFor(By.id("recycle-confirm"));
        assertAccessible("recycle dialog at " + width);
        BrowserActions.click(browser, By.id("recycle-close"));
        BrowserActions.click(browser, By.id("act-import"));
        waitFor(By.id("import-start"));
        assertAccessible("import dialog at " + width);
        BrowserActions.click(browser, By.id("import-close"));
        browser.findElement(By.id("act-stop")).isDisplayed();
        browser.manage().deleteAllCookies();
        browser.get(base + "/");
        waitFor(By.id("login-password"));
        shot("login-" + width);
        assertAccessible("login at " + width);
        browser.findElement(By.id("login-password")).sendKeys(PASSWORD, Keys.ENTER);
        waitFor(By.id("new-campaign"));
    }

    /** Live numbers: the view updates by itself when attempts arrive, with calls per minute and the charts. */
    @Test
    void theCampaignViewUpdatesByItself() throws Exception {
        long id = demoCampaign("Live", 950, 10);
        size(1440);
        openCampaign(id);
        assertEquals("0", browser.findElement(By.id("stat-human")).getText());
        demoAttempts(id, 6);
        waitUntil("live update without a click", () -> browser.findElement(By.id("stat-human")).getText().equals("1")
                && browser.findElement(By.id("stat-cpm")).getText().matches("[1-9]\\d*"));
        Number bars = (Number) js("return Chart.getChart(document.getElementById('chart-outcomes')).data.datasets.length");
        assertTrue(bars.intValue() >= 5, "outcome series: " + bars);
        Number amd = (Number) js("return Chart.getChart(document.getElementById('chart-amd')).data.labels.length");
        assertEquals(2, amd.intValue());
        // a status changed elsewhere (another operator, the dialer itself) shows without a click
        call("POST", "/api/outbound/campaigns/" + id + "/status", "{\"status\": \"running\"}");
        waitUntil("running shown", () -> browser.findElement(By.id("detail-status")).getText().equals("running"));
        call("POST", "/api/outbound/campaigns/" + id + "/status", "{\"status\": \"paused\"}");
        waitUntil("paused shown", () -> browser.findElement(By.id("detail-status")).getText().equals("paused")
                && browser.findElement(By.id("act-start")).getText().equals("Resume"));
    }

    // ------------------------------------------------------------------ the rest of issue 18: recordings dialogs, axe everywhere, import bar, chart range

    private void showRecordings() {
        BrowserActions.click(browser, By.id("tab-recordings"));
        waitUntil("recordings listed", () -> browser.findElements(By.cssSelector("#rec-table tbody tr")).size() > 0);
    }

    private WebElement recordingButton(String name, String act) {
        return browser.findElements(By.cssSelector("#rec-table tbody tr")).stream().filter(r -> name.equals(r.getAttribute("data-recording")))
                .findFirst().orElseThrow(() -> new AssertionError("no row for " + name)).findElement(By.cssSelector("button[data-act='" + act + "']"));
    }

    private boolean dialogOpen(String id) {
        return (Boolean) js("return document.getElementById(arguments[0]).open", id);
    }

    /** Rename and delete in the page's own dialogs, never prompt()/confirm(); Escape closes, focus comes back, the server's refusal shows inside. */
    @ParameterizedTest
    @ValueSource(ints = {1440, 390})
    void recordingsAreRenamedAndDeletedInThePagesOwnDialogs(int width) throws Exception {
        byte[] ulaw = new byte[8000];
        java.util.Arrays.fill(ulaw, (byte) 0x7f);
        String loose = upload("rename-me-" + width + ".ulaw", ulaw).substring("sound:ai-generated/".length());
        String used = upload("in-use-" + width + ".ulaw", ulaw);
        long id = demoCampaign("Uses a recording " + width, 600 + width % 7, 1);
        call("PATCH", "/api/outbound/campaigns/" + id, "{\"voicemail_drop_media_uri\": \"" + used + "\"}");
        String usedName = used.substring("sound:ai-generated/".length());
        size(width);
        openCampaign(id);
        js("window.__native = []; window.prompt = m => { __native.push('prompt ' + m); return null; };"
                + " window.confirm = m => { __native.push('confirm ' + m); return false; }; window.alert = m => { __native.push('alert ' + m); };");
        showRecordings();
        assertAccessible("recordings tab at " + width);
        noHorizontalScroll("recordings at " + width);
        fullShot("recordings-" + width);

        // rename: a labelled input in a dialog; Escape closes it and focus returns to the Rename button
        recordingButton(loose, "rename").click();
        waitUntil("rename dialog", () -> dialogOpen("rec-rename-modal"));
        assertEquals("rec-rename-input", js("return document.activeElement.id"), "the name field has focus");
        assertEquals("New name", browser.findElement(By.cssSelector("label[for='rec-rename-input']")).getText());
        assertAccessible("rename dialog at " + width);
        shot("recording-rename-" + width);
        new Actions(browser).sendKeys(Keys.ESCAPE).perform();
        waitUntil("rename closed by Escape", () -> !dialogOpen("rec-rename-modal"));
        assertEquals("rename", js("return document.activeElement.dataset.act"), "focus back on the Rename button");
        assertEquals(loose, js("return document.activeElement.closest('tr').dataset.recording"));
        // an empty name is refused in the dialog
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        waitUntil("rename dialog by keyboard", () -> dialogOpen("rec-rename-modal"));
        WebElement input = browser.findElement(By.id("rec-rename-input"));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, Keys.ENTER);
        waitUntil("empty name refused", () -> browser.findElement(By.id("rec-rename-error")).getText().contains("Enter a name"));
        assertTrue(dialogOpen("rec-rename-modal"));
        input.sendKeys("Spring voicemail " + width, Keys.ENTER);
        waitUntil("renamed", () -> !dialogOpen("rec-rename-modal")
                && recordingButton(loose, "rename").findElement(By.xpath("ancestor::tr")).getText().contains("Spring voicemail " + width));
        assertEquals(loose, js("return document.activeElement.closest('tr') && document.activeElement.closest('tr').dataset.recording"),
                "focus on the renamed recording's Rename button");
        assertEquals("rename", js("return document.activeElement.dataset.act"));

        // delete of a recording a campaign uses: the server's refusal shows inside the dialog
        recordingButton(usedName, "delete").click();
        waitUntil("delete dialog", () -> dialogOpen("rec-delete-modal"));
        assertTrue(browser.findElement(By.id("rec-delete-used")).getText().contains("Uses a recording " + width),
                browser.findElement(By.id("rec-delete-used")).getText());
        BrowserActions.click(browser, By.id("rec-delete-confirm"));
        waitUntil("refusal shown", () -> browser.findElement(By.id("rec-delete-error")).getText().contains("recording is used by campaign " + id));
        assertTrue(dialogOpen("rec-delete-modal"), "the dialog stays open with the reason");
        assertTrue(browser.findElement(By.id("rec-delete-modal")).findElement(By.id("rec-delete-error")).isDisplayed());
        assertAccessible("delete refused at " + width);
        noHorizontalScroll("delete dialog at " + width);
        shot("recording-delete-refused-" + width);
        for (int i = 0; i < 6; i++) {
            new Actions(browser).sendKeys(Keys.TAB).perform();
            assertTrue((Boolean) js("return document.getElementById('rec-delete-modal').contains(document.activeElement)"), "focus stays in the dialog");
        }
        new Actions(browser).sendKeys(Keys.ESCAPE).perform();
        waitUntil("delete closed", () -> !dialogOpen("rec-delete-modal"));
        assertEquals("delete", js("return document.activeElement.dataset.act"), "focus back on the Delete button");
        assertEquals(usedName, js("return document.activeElement.closest('tr').dataset.recording"));
        assertTrue(browser.findElements(By.cssSelector("#rec-table tbody tr")).stream().anyMatch(r -> usedName.equals(r.getAttribute("data-recording"))));

        // delete of an unused one: asked once in the dialog, then gone
        recordingButton(loose, "delete").click();
        waitUntil("delete dialog again", () -> dialogOpen("rec-delete-modal"));
        assertTrue(browser.findElement(By.id("rec-delete-title")).getText().contains("Spring voicemail " + width));
        BrowserActions.click(browser, By.id("rec-delete-confirm"));
        waitUntil("deleted", () -> !dialogOpen("rec-delete-modal")
                && browser.findElements(By.cssSelector("#rec-table tbody tr")).stream().noneMatch(r -> loose.equals(r.getAttribute("data-recording"))));
        assertEquals(List.of(), js("return window.__native"), "no browser prompt(), confirm() or alert()");
        BrowserActions.click(browser, By.id("tab-campaigns"));
    }

    /** axe on every tab and dialog the page has, at both widths (users, account and their dialog: UsersPageBrowserTest). */
    @ParameterizedTest
    @ValueSource(ints = {1440, 390})
    void everyTabAndDialogPassesAxe(int width) throws Exception {
        long id = demoCampaign("Axe " + width, 640 + width % 7, 3);
        demoAttempts(id, 3);
        call("POST", "/api/outbound/dnc", "{\"phone_number\": \"+12125550199\", \"reason\": \"asked\"}");
        size(width);
        openCampaign(id);
        for (String tab : List.of("dnc", "audit", "recordings", "account")) {
            BrowserActions.click(browser, By.id("tab-" + tab));
            waitUntil(tab + " shown", () -> browser.findElement(By.id("page-" + tab)).isDisplayed());
            if (!tab.equals("account")) {
                String table = "#" + (tab.equals("recordings") ? "rec" : tab) + "-table tbody tr";
                waitUntil(tab + " rows", () -> browser.findElements(By.cssSelector(table)).size() > 0);
            }
            assertAccessible(tab + " tab at " + width);
            noHorizontalScroll(tab + " tab at " + width);
            fullShot("tab-" + tab + "-" + width);
        }
        BrowserActions.click(browser, By.id("tab-campaigns"));
        waitFor(By.id("new-campaign"));
        BrowserActions.click(browser, By.id("new-campaign"));
        waitUntil("new campaign dialog", () -> dialogOpen("campaign-modal"));
        js("document.querySelectorAll('#campaign-modal details').forEach(d => d.open = true)");
        assertAccessible("new campaign dialog (every section open) at " + width);
        BrowserActions.click(browser, By.id("campaign-cancel"));
        call("POST", "/api/outbound/campaigns/" + id + "/status", "{\"status\": \"running\"}");
        call("POST", "/api/outbound/campaigns/" + id + "/status", "{\"status\": \"paused\"}");
        BrowserActions.click(browser, By.id("refresh"));
        waitFor(By.id("act-stop"));
        BrowserActions.click(browser, By.id("act-stop"));
        waitUntil("stop dialog", () -> dialogOpen("stop-modal"));
        assertAccessible("stop dialog at " + width);
        BrowserActions.click(browser, By.id("stop-close"));
        BrowserActions.click(browser, By.cssSelector("[data-bulk='cancel']"));
        waitUntil("bulk confirm", () -> dialogOpen("confirm-modal"));
        assertAccessible("confirm dialog at " + width);
        BrowserActions.click(browser, By.id("confirm-no"));
        waitUntil("confirm closed", () -> !dialogOpen("confirm-modal"));
        call("POST", "/api/outbound/campaigns/" + id + "/status", "{\"status\": \"stopped\"}");
    }

    /** 10 (the bar). An XLSX import's bar shows the share of the sheet the server has read, as a percentage, while the server works. */
    @ParameterizedTest
    @ValueSource(strings = {"xlsx", "csv"})
    void theImportBarFollowsTheServersWork(String format) throws Exception {
        long id = demoCampaign("Import bar " + format, 660 + format.length(), 1);
        int rows = format.equals("xlsx") ? 60_000 : 150_000;
        Path file = dir.resolve("leads-" + format + "." + format);
        if (format.equals("xlsx")) {
            try (var out = Files.newOutputStream(file); org.dhatim.fastexcel.Workbook wb = new org.dhatim.fastexcel.Workbook(out, "test", "1.0")) {
                org.dhatim.fastexcel.Worksheet ws = wb.newWorksheet("Leads");
                ws.value(0, 0, "name");
                ws.value(0, 1, "phone_number");
                for (int i = 1; i <= rows; i++) {
                    ws.value(i, 0, "Sheet Lead " + i);
                    ws.value(i, 1, "+1213" + (2_000_000 + i));
                }
            }
        } else {
            StringBuilder csv = new StringBuilder("name,phone_number\n");
            for (int i = 1; i <= rows; i++) csv.append("Csv Lead ").append(i).append(",+1214").append(2_000_000 + i).append('\n');
            Files.writeString(file, csv);
        }
        size(1440);
        openCampaign(id);
        BrowserActions.click(browser, By.id("act-import"));
        waitFor(By.id("import-start"));
        browser.findElement(By.id("import-file")).sendKeys(file.toAbsolutePath().toString());
        // what the bar showed, sampled every 25 ms by the page itself
        js("window.__bar = []; window.__barTimer = setInterval(() => { const b = document.getElementById('import-progress');"
                + " const l = document.getElementById('import-progress-label'); if (!b.hidden) __bar.push({v: b.hasAttribute('value') ? b.value : -1,"
                + " max: b.max, label: l ? l.textContent : ''}); }, 25);");
        BrowserActions.click(browser, By.id("import-start"));
        new WebDriverWait(browser, Duration.ofSeconds(120)).withMessage("import finished").until(d ->
                !d.findElements(By.id("import-accepted")).isEmpty() && d.findElement(By.id("import-accepted")).getText().equals(String.valueOf(rows)));
        js("clearInterval(window.__barTimer)");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> samples = (List<Map<String, Object>>) js("return window.__bar");
        List<Map<String, Object>> serverSide = samples.stream().filter(m -> String.valueOf(m.get("label")).contains(": running")).toList();
        assertFalse(serverSide.isEmpty(), "the server's work was seen: " + samples.stream().map(m -> m.get("label")).distinct().toList());
        for (Map<String, Object> m : serverSide) {
            assertTrue(String.valueOf(m.get("label")).matches("Import \\d+: running · \\d+% · read \\d+ rows.*"), "a percentage while running: " + m);
            assertTrue(((Number) m.get("v")).doubleValue() >= 0, "never an indeterminate bar: " + m);
        }
        assertTrue(serverSide.stream().anyMatch(m -> ((Number) m.get("v")).doubleValue() < 100), "the bar shows the server's share, not 100% of the upload");
        double last = -1;
        for (Map<String, Object> m : serverSide) {
            double v = ((Number) m.get("v")).doubleValue();
            assertTrue(v >= last, "the bar never goes back during the server's work: " + serverSide);
            last = v;
        }
        assertEquals(100, ((Number) js("return document.getElementById('import-progress').value")).intValue());
        assertTrue(browser.findElement(By.id("import-progress-label")).getText().contains("finished · 100%"));
        shot("import-finished-" + format);
        BrowserActions.click(browser, By.id("import-close"));
    }

    /** The outcomes chart has a range: a campaign that ran yesterday shows nothing in the last 30 min, and its outcomes over the whole campaign. */
    @ParameterizedTest
    @ValueSource(ints = {1440, 390})
    void theOutcomesChartHasARange(int width) throws Exception {
        long id = demoCampaign("Yesterday " + width, 680 + width % 7, 6);
        JsonNode leads = call("GET", "/api/outbound/campaigns/" + id + "/leads?sort=oldest&page_size=6", null).get("leads");
        Outcome[] outcomes = {Outcome.ANSWERED_HUMAN, Outcome.BUSY, Outcome.NO_ANSWER};
        Instant yesterday = Instant.now().minus(Duration.ofHours(26));
        for (int i = 0; i < leads.size(); i++) {
            Instant at = yesterday.plusSeconds(600L * i);
            Attempt a = app.store().attempts().open(Attempt.opening(id, leads.get(i).get("id").asLong(), leads.get(i).get("phone_number").asText(), at,
                    true, "PJSIP/y-" + i, "default", "demo")).join();
            app.store().attempts().close(a.id(), AttemptClose.of(outcomes[i % 3], at.plusSeconds(20))).join();
        }
        size(width);
        openCampaign(id);
        WebElement range = browser.findElement(By.id("chart-range"));
        assertEquals("Range", browser.findElement(By.cssSelector("label[for='chart-range']")).getText());
        assertEquals("30m", range.getAttribute("value"));
        waitUntil("empty 30 min said", () -> browser.findElement(By.id("chart-note")).getText().startsWith("No attempts in the last 30 min"));
        String sum = "const c = Chart.getChart(document.getElementById('chart-outcomes'));"
                + " return c.data.datasets.reduce((a, d) => a + d.data.reduce((x, y) => x + y, 0), 0)";
        assertEquals(0, ((Number) js(sum)).intValue());
        new org.openqa.selenium.support.ui.Select(range).selectByValue("24h");
        waitUntil("24 h drawn", () -> browser.findElement(By.id("chart-outcomes-caption")).getText().contains("last 24 hours"));
        assertTrue(((Number) js(sum)).intValue() < 6, "26 hours ago is outside the last 24 h");
        tabTo("chart-range"); // the keyboard reaches it too
        new Actions(browser).sendKeys(Keys.ARROW_DOWN).perform();
        waitUntil("whole campaign drawn", () -> browser.findElement(By.id("chart-outcomes-caption")).getText().contains("whole campaign")
                && ((Number) js(sum)).intValue() == 6);
        String note = browser.findElement(By.id("chart-note")).getText();
        assertTrue(note.startsWith("6 attempts in the whole campaign (") && note.contains(" – "), "the span of the campaign with its dates: " + note);
        assertTrue(browser.findElement(By.id("chart-outcomes")).getAttribute("aria-label").contains("answered_human 2"),
                browser.findElement(By.id("chart-outcomes")).getAttribute("aria-label"));
        Number datasets = (Number) js("return Chart.getChart(document.getElementById('chart-outcomes')).data.datasets.length");
        assertEquals(3, datasets.intValue());
        noHorizontalScroll("chart range at " + width);
        assertAccessible("chart range at " + width);
        js("document.getElementById('charts-section').scrollIntoView()");
        shot("chart-whole-campaign-" + width);
        // the choice survives a reload
        browser.navigate().refresh();
        waitUntil("range kept", () -> browser.findElement(By.id("chart-range")).getAttribute("value").equals("all")
                && ((Number) js("const c = window.Chart && Chart.getChart(document.getElementById('chart-outcomes')); return c ? c.data.datasets"
                + ".reduce((a, d) => a + d.data.reduce((x, y) => x + y, 0), 0) : -1")).intValue() == 6);
        js("localStorage.removeItem('aava.chartRange')");
    }
}
