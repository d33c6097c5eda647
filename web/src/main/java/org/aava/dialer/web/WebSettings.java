package org.aava.dialer.web;

import java.nio.file.Path;
import java.time.ZoneId;

/**
 * @param adminPassword plain password from the config, or empty to generate one on first start
 * @param apiToken      Bearer token for scripts (empty disables token access)
 * @param aiToken       Bearer token for {@code /api/ai/*} (empty: the api token)
 * @param dataDir       where the admin password hash and error CSVs are kept
 */
public record WebSettings(String bind, int port, String adminPassword, String apiToken, String aiToken, Path mediaDir,
                          Path dataDir, long maxRecordingBytes, ZoneId serverZone, String version) {
    public String effectiveAiToken() {
        return aiToken == null || aiToken.isEmpty() ? apiToken : aiToken;
    }
}
