package org.aava.dialer.web;

import java.nio.file.Path;
import java.time.ZoneId;

/**
 * @param adminPassword plain password from the config, or empty to generate one on first start
 * @param apiToken      Bearer token for scripts (empty disables token access)
 * @param aiToken       Bearer token for {@code /api/ai/*} (empty disables the AI API; never the api token)
 * @param dataDir       where the admin password hash and error CSVs are kept
 */
public record WebSettings(String bind, int port, String adminPassword, String apiToken, String aiToken, Path mediaDir,
                          Path dataDir, long maxRecordingBytes, ZoneId serverZone, String version, WebLimits limits,
                          WebSecurity security) {
    public WebSettings {
        limits = limits == null ? WebLimits.defaults() : limits;
        security = security == null ? WebSecurity.defaults() : security;
    }

    public WebSettings(String bind, int port, String adminPassword, String apiToken, String aiToken, Path mediaDir,
                       Path dataDir, long maxRecordingBytes, ZoneId serverZone, String version) {
        this(bind, port, adminPassword, apiToken, aiToken, mediaDir, dataDir, maxRecordingBytes, serverZone, version, null, null);
    }

    public WebSettings withLimits(WebLimits l) {
        return new WebSettings(bind, port, adminPassword, apiToken, aiToken, mediaDir, dataDir, maxRecordingBytes, serverZone, version, l, security);
    }

    public WebSettings withSecurity(WebSecurity s) {
        return new WebSettings(bind, port, adminPassword, apiToken, aiToken, mediaDir, dataDir, maxRecordingBytes, serverZone, version, limits, s);
    }
}
