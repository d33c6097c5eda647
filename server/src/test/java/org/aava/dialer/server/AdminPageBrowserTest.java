package org.aava.dialer.server;

import org.aava.dialer.lab.LabAsterisk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin page in real headless Chromium (Debian's chromium + chromium-driver), driven as an
 * operator would against a dialer wired to the lab Asterisk. Screenshots go to target/screenshots.
 */
class AdminPageBrowserTest {
    @TempDir
    Path dir;
    private WebDriver browser;
    private LabDialer dialer;
    private final Path shots = Path.of("target", "screenshots");

    @AfterEach
    void tearDown() {
        if (browser != null) browser.quit();
        if (dialer != null) dialer.close();
    }

    private WebDriver chromium() throws Exception {
        boolean present = Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver"));
        if (!present) {
            if (LabAsterisk.required()) throw new AssertionError("chromium and chromium-driver are required (apt-get install chromium chromium-driver)");
            org.junit.jupiter.api.Assumptions.abort("chromium not installed");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1500,1100", "--user-data-dir=" + Files.createTempDirectory(dir, "chrome"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private void shot(String name) throws Exception {
        Files.createDirectories(shots);
        Files.write(shots.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private WebElement waitFor(By by, int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private void waitUntil(int seconds, java.util.function.Supplier<Boolean> condition, String what) {
        try {
            waitOnly(seconds, condition, what);
        } catch (RuntimeException e) {
            try {
                System.out.println("AUDIT " + dialer.application.store().audit().page(null, 1, 50).join().items());
                shot("failure-" + what.replaceAll("\\W+", "-"));
            } catch (Exception ignored) {
                // best effort
            }
            throw e;
        }
    }

    private void waitOnly(int seconds, java.util.function.Supplier<Boolean> condition, String what) {
        new WebDriverWait(browser, Duration.ofSeconds(seconds)).withMessage(what)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> condition.get());
    }

    @Test
    void anOperatorRunsACampaignFromThePage() throws Exception {
        dialer = new LabDialer(dir, null);
        browser = chromium();
        String base = "http://127.0.0.1:" + dialer.application.webPort();
        browser.get(base + "/");
        waitFor(By.id("login-password"), 10).sendKeys("e2e-admin-password");
        BrowserActions.click(browser, By.id("login-submit"));
        waitFor(By.id("new-campaign"), 10);
        assertTrue(browser.findElement(By.id("health-panel")).getText().contains("agi: listening"));

        // create a campaign in the modal
        BrowserActions.click(browser, By.id("new-campaign"));
        WebElement name = waitFor(By.id("f-name"), 5);
        name.sendKeys("Browser campaign");
        WebElement tz = browser.findElement(By.id("f-timezone"));
        tz.clear();
        tz.sendKeys("UTC");
        for (String id : List.of("f-start", "f-end")) {
            WebElement t = browser.findElement(By.id(id));
            t.clear();
            t.sendKeys("00:00");
        }
        WebElement max = browser.findElement(By.id("f-max"));
        max.clear();
        max.sendKeys("2");
        WebElement gap = browser.findElement(By.id("f-interval"));
        gap.clear();
        gap.sendKeys("0");
        BrowserActions.click(browser, By.id("f-vm"));
        // the lab runs around the clock; the called-party local-hours limit (08-21) is switched off for this campaign
        BrowserActions.click(browser, By.cssSelector("#campaign-form details summary"));
        // centred first: in the dialog that scrolls inside the viewport, a neighbouring label can cover the box's first position
        WebElement localHours = browser.findElement(By.id("f-lh-enabled"));
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", localHours);
        localHours.click();
        shot("01-new-campaign-modal");
        BrowserActions.click(browser, By.id("campaign-save"));
        waitUntil(10, () -> browser.findElement(By.id("campaign-detail")).getText().contains("Browser campaign"), "campaign shown");
        waitFor(By.id("leads-empty"), 5);

        // the sample CSV is downloadable
        String sampleHref = browser.findElement(By.id("sample-csv")).getAttribute("href");
        String cookie = browser.manage().getCookieNamed("aava_session").getValue();
        HttpResponse<String> sample = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sampleHref))
                .header("Cookie", "aava_session=" + cookie).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(sample.body().startsWith("name,phone_number,context,timezone,caller_id,custom_vars"), sample.body());

        // import leads, one of them bad
        Path csv = dir.resolve("leads.csv");
        Files.writeString(csv, "name,phone_number,custom_vars\nAlice,7001,\"{\"\"plan\"\":\"\"gold\"\"}\"\nBusy Bob,7008,\nBad,call-me-maybe,\n");
        BrowserActions.click(browser, By.id("empty-import"));
        waitFor(By.id("import-file"), 5);
        browser.findElement(By.id("import-file")).sendKeys(csv.toAbsolutePath().toString());
        BrowserActions.click(browser, By.id("import-start"));
        waitFor(By.id("import-summary"), 20);
        assertEquals("2", browser.findElement(By.id("import-accepted")).getText());
        assertEquals("1", browser.findElement(By.id("import-rejected")).getText());
        assertTrue(browser.findElement(By.id("import-error-csv")).getAttribute("href").contains("/api/outbound/import-errors/"));
        shot("02-import-summary");
        BrowserActions.click(browser, By.id("import-close"));

        // start and watch leads change state and attempts appear (live refresh)
        waitFor(By.id("act-start"), 5);
        BrowserActions.click(browser, By.id("act-start"));
        // the pre-start checklist: everything is ready on the lab
        waitFor(By.id("checklist-start"), 5);
        BrowserActions.click(browser, By.id("checklist-start"));
        waitUntil(10, () -> browser.findElement(By.id("detail-status")).getText().equals("running"), "running");
        waitUntil(90, () -> {
            List<WebElement> rows = browser.findElements(By.cssSelector("#leads-table tbody tr"));
            return rows.size() == 2 && rows.stream().allMatch(r -> List.of("completed", "failed").contains(r.getAttribute("data-state")));
        }, "both leads reach a final state on the page");
        waitUntil(15, () -> browser.findElements(By.cssSelector("#attempts-table tbody tr")).size() == 2, "two attempts listed");
        String attemptsText = browser.findElement(By.id("attempts-table")).getText();
        assertTrue(attemptsText.contains("answered_human") && attemptsText.contains("busy"), attemptsText);
        shot("03-campaign-with-attempts");

        // the campaign completes by itself once every lead is final (the pacer notices within seconds); a lead
        // recycled before that is dialed again at once and never shows as pending
        waitUntil(30, () -> browser.findElement(By.id("detail-status")).getText().equals("completed"), "completed by itself");

        // recycle the busy lead (redial) and ignore it
        String[] busy = new String[1];
        waitUntil(10, () -> {
            WebElement row = browser.findElements(By.cssSelector("#leads-table tbody tr")).stream()
                    .filter(r -> r.getText().contains("Busy Bob")).findFirst().orElseThrow();
            busy[0] = row.getAttribute("data-lead");
            row.findElement(By.cssSelector("[data-recycle]")).click();
            return true;
        }, "recycle clicked");
        String busyId = busy[0];
        waitFor(By.id("recycle-confirm"), 5);
        BrowserActions.click(browser, By.id("recycle-confirm"));
        // the campaign is completed: the operator starts it again to redial
        waitUntil(15, () -> "pending".equals(browser.findElement(By.cssSelector("#leads-table tbody tr[data-lead='" + busyId + "']"))
                .getAttribute("data-state")), "recycled to pending");
        waitUntil(15, () -> {
            WebElement start = browser.findElement(By.id("act-start"));
            if (!start.isDisplayed()) return false;
            start.click();
            return true;
        }, "start again");
        waitFor(By.id("checklist-start"), 5);
        BrowserActions.click(browser, By.id("checklist-start"));
        waitUntil(60, () -> browser.findElements(By.cssSelector("#attempts-table tbody tr")).size() == 3, "the recycled lead is dialed again");
        waitUntil(60, () -> {
            WebElement r = browser.findElement(By.cssSelector("#leads-table tbody tr[data-lead='" + busyId + "']"));
            return "failed".equals(r.getAttribute("data-state"));
        }, "the redial ended busy again");
        waitUntil(10, () -> {
            BrowserActions.click(browser, By.cssSelector("#leads-table tbody tr[data-lead='" + busyId + "'] [data-ignore]"));
            return true;
        }, "ignore clicked");
        waitUntil(10, () -> "canceled".equals(browser.findElement(By.cssSelector("#leads-table tbody tr[data-lead='" + busyId + "']"))
                .getAttribute("data-state")), "ignored");

        // exports are linked and work
        String exportHref = browser.findElement(By.id("act-export-attempts")).getAttribute("href");
        HttpResponse<String> export = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(exportHref))
                .header("Cookie", "aava_session=" + cookie).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, export.statusCode());
        assertEquals(4, export.body().lines().count(), "header and three attempts: " + export.body());
        BrowserActions.click(browser, By.cssSelector("#setup-guide > summary"));
        waitUntil(5, () -> browser.findElement(By.id("dialplan-text")).getText().contains("[aava-outbound-amd]"), "setup guide");
        shot("04-main-page");
    }
}
