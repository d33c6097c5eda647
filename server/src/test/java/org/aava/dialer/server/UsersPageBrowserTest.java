package org.aava.dialer.server;

import org.aava.dialer.lab.LabAsterisk;
import org.aava.dialer.server.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
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
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Users and roles in real headless Chromium against a dialer without Asterisk (no lab needed): an admin adds users,
 * changes a role and deletes a user through the page's dialogs; a viewer logs in by username, sees no write control
 * and changes their own password. Screenshots go to target/screenshots.
 */
class UsersPageBrowserTest {
    private static final String PASSWORD = "users-admin-password";
    private static final String TOKEN = "users-api-token-0123456789";
    private static final String VIEWER_PASSWORD = "viewer-passphrase-1";
    @TempDir
    Path dir;
    private final Path shots = Path.of("target", "screenshots");
    private final HttpClient http = HttpClient.newHttpClient();
    private Application app;
    private WebDriver browser;
    private String base;

    @BeforeEach
    void start() throws Exception {
        boolean present = Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver"));
        if (!present) {
            if (LabAsterisk.required()) throw new AssertionError("chromium and chromium-driver are required (apt-get install chromium chromium-driver)");
            org.junit.jupiter.api.Assumptions.abort("chromium not installed");
        }
        Files.createDirectories(dir.resolve("media/ai-generated"));
        Path config = dir.resolve("aava-dialer.yaml");
        Files.writeString(config, """
                ari: {url: "http://127.0.0.1:1/ari", username: u, password: p, app: users}
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
    }

    @AfterEach
    void stop() {
        if (browser != null) browser.quit();
        if (app != null) app.close();
    }

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

    private void shot(String name) throws Exception {
        Files.createDirectories(shots);
        Files.write(shots.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private String call(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + TOKEN);
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() < 300, method + " " + path + " -> " + r.statusCode() + " " + r.body());
        return r.body();
    }

    private void login(String username, String password) {
        browser.manage().deleteAllCookies();
        browser.get(base + "/");
        WebElement name = waitFor(By.id("login-username"));
        name.clear();
        name.sendKeys(username);
        browser.findElement(By.id("login-password")).sendKeys(password);
        BrowserActions.click(browser, By.id("login-submit"));
        waitUntil("logged in as " + username, () -> browser.findElement(By.id("whoami")).getText().startsWith(username + " ("));
    }

    private WebElement userRow(String username) {
        return browser.findElement(By.cssSelector("#users-table tbody tr[data-user='" + username + "']"));
    }

    private void addUser(String username, String password, String role) {
        browser.findElement(By.id("user-add-name")).sendKeys(username);
        browser.findElement(By.id("user-add-password")).sendKeys(password);
        new Select(browser.findElement(By.id("user-add-role"))).selectByValue(role);
        BrowserActions.click(browser, By.id("user-add-submit"));
        waitUntil(username + " listed", () -> userRow(username).getText().contains(username));
    }

    /** Every serious or critical axe-core violation on the page as it is now (as in AdminPageLayoutBrowserTest). */
    @SuppressWarnings("unchecked")
    private void assertAccessible(String view) throws Exception {
        if (!(Boolean) js("return typeof axe !== 'undefined'")) js(AxeCore.script());
        List<String> violations = (List<String>) ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations
                  .filter(v => v.impact === 'serious' || v.impact === 'critical')
                  .map(v => v.impact + ' ' + v.id + ': ' + v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(' | '))))
                  .catch(e => done(['axe failed: ' + e]));""");
        assertTrue(violations.isEmpty(), view + ": " + String.join("\n", violations));
    }

    private boolean shown(String css) {
        return browser.findElements(By.cssSelector(css)).stream().anyMatch(WebElement::isDisplayed);
    }

    @Test
    void anAdminManagesUsersAndAViewerSeesNoWriteControls() throws Exception {
        String campaign = call("POST", "/api/outbound/campaigns", "application/json", "{\"name\":\"Read me\",\"timezone\":\"America/New_York\"}");
        long id = Long.parseLong(campaign.replaceAll("(?s).*\"id\"\\s*:\\s*(\\d+).*", "$1"));
        call("POST", "/api/outbound/campaigns/" + id + "/leads/import", "text/csv", "name,phone_number\nAda,+12125550101\n");

        login("admin", PASSWORD);
        waitFor(By.id("tab-users"));
        BrowserActions.click(browser, By.id("tab-users"));
        waitFor(By.id("user-add-name"));
        addUser("olga", "operator-passphrase", "operator");
        addUser("vera", VIEWER_PASSWORD, "viewer");
        addUser("temp", "temporary-passphrase", "viewer");
        assertEquals("operator", new Select(userRow("olga").findElement(By.cssSelector("select[data-act=role]"))).getFirstSelectedOption().getText());
        browser.findElement(By.id("user-add-name")).sendKeys("Not Valid");
        browser.findElement(By.id("user-add-password")).sendKeys("long-enough-passphrase");
        BrowserActions.click(browser, By.id("user-add-submit"));
        waitUntil("the bad username is named", () -> "true".equals(browser.findElement(By.id("user-add-name")).getAttribute("aria-invalid")));
        assertTrue(browser.findElement(By.id("user-add-error")).getText().contains("username"), browser.findElement(By.id("user-add-error")).getText());
        shot("users-admin");
        assertAccessible("users page");

        // a role change asks first, then holds
        new Select(userRow("temp").findElement(By.cssSelector("select[data-act=role]"))).selectByValue("operator");
        waitFor(By.id("confirm-yes"));
        BrowserActions.click(browser, By.id("confirm-yes"));
        waitUntil("temp is an operator", () -> call0("GET", "/api/users").contains("\"username\":\"temp\",\"role\":\"operator\""));
        // the list re-renders after the change: wait for the new row before using it (an old one goes stale)
        waitUntil("the list shows temp as an operator", () -> {
            try {
                return "operator".equals(new Select(userRow("temp").findElement(By.cssSelector("select[data-act=role]")))
                        .getFirstSelectedOption().getAttribute("value"));
            } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
                return false;
            }
        });
        // deleting asks in the page's dialog; Cancel keeps the user, Yes deletes
        userRow("temp").findElement(By.cssSelector("button[data-act=delete]")).click();
        assertTrue(waitFor(By.id("confirm-text")).getText().contains("temp"));
        BrowserActions.click(browser, By.id("confirm-no"));
        assertTrue(userRow("temp").isDisplayed(), "Cancel deletes nothing");
        userRow("temp").findElement(By.cssSelector("button[data-act=delete]")).click();
        waitFor(By.id("confirm-yes"));
        BrowserActions.click(browser, By.id("confirm-yes"));
        waitUntil("temp deleted", () -> browser.findElements(By.cssSelector("#users-table tbody tr[data-user='temp']")).isEmpty());
        // a password reset in its own dialog
        userRow("olga").findElement(By.cssSelector("button[data-act=password]")).click();
        waitFor(By.id("user-password-new"));
        assertAccessible("reset password dialog");
        browser.findElement(By.id("user-password-new")).sendKeys("olga-new-passphrase");
        browser.findElement(By.id("user-password-confirm")).sendKeys("olga-new-passphrase");
        BrowserActions.click(browser, By.id("user-password-save"));
        waitUntil("reset dialog closed", () -> !browser.findElement(By.id("user-password-modal")).isDisplayed());

        login("vera", VIEWER_PASSWORD);
        assertEquals("vera (viewer)", browser.findElement(By.id("whoami")).getText());
        assertFalse(shown("#tab-users"), "no Users tab for a viewer");
        assertFalse(shown("#new-campaign"), "no New Campaign for a viewer");
        browser.get(base + "/#campaign=" + id);
        waitUntil("campaign shown", () -> browser.findElement(By.id("detail-name")).getText().equals("Read me")
                && !browser.findElements(By.cssSelector("#leads-table tbody tr")).isEmpty());
        for (String write : List.of("#act-start", "#act-edit", "#act-import", "#act-clone", "#act-archive", "#act-delete", "[data-recycle]",
                "[data-ignore]", "[data-delete]", "[data-dnc]", ".bulk")) {
            assertFalse(shown(write), write + " is hidden from a viewer");
        }
        assertTrue(shown("#act-export-leads"), "reading and exporting stay");
        assertTrue(shown("[data-lead-history]"));
        BrowserActions.click(browser, By.id("tab-dnc"));
        waitFor(By.id("dnc-search"));
        assertFalse(shown("#dnc-add"), "no DNC form for a viewer");
        shot("users-viewer");

        BrowserActions.click(browser, By.id("tab-account"));
        waitFor(By.id("account-current"));
        assertAccessible("account page");
        browser.findElement(By.id("account-current")).sendKeys(VIEWER_PASSWORD);
        browser.findElement(By.id("account-new")).sendKeys("viewer-passphrase-2");
        browser.findElement(By.id("account-confirm")).sendKeys("viewer-passphrase-2");
        BrowserActions.click(browser, By.id("account-submit"));
        waitUntil("password changed", () -> browser.findElement(By.id("toast")).getText().contains("Password changed"));
        login("vera", "viewer-passphrase-2");
        browser.manage().deleteAllCookies();
        browser.get(base + "/");
        waitFor(By.id("login-password"));
        assertEquals("vera", browser.findElement(By.id("login-username")).getAttribute("value"), "the last username is filled in");
        assertEquals("login-password", js("return document.activeElement.id"), "so the password is next");
        assertAccessible("login with username");
    }

    private String call0(String method, String path) {
        try {
            return call(method, path, null, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
