package org.aava.dialer.server;

import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;

/**
 * Clicks that survive the admin page re-rendering between finding an element and clicking it: the page refreshes
 * its views on a timer, so an element found a moment ago may have been replaced by an identical one (CI saw it).
 */
final class BrowserActions {
    private BrowserActions() {
    }

    /** Finds and clicks {@code by}, finding it again if the page replaced it in between (bounded to 5 s). */
    static void click(WebDriver browser, By by) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try {
                browser.findElement(by).click();
                return;
            } catch (StaleElementReferenceException e) {
                if (System.nanoTime() > deadline) throw e;
            }
        }
    }
}
