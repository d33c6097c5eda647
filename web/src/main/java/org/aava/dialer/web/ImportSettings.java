package org.aava.dialer.web;

import java.time.Duration;

/**
 * Bounds of lead imports.
 *
 * @param errorFileRetention how long a rejected-rows CSV is kept (config {@code imports.error_retention_hours})
 * @param maxErrorFileBytes  where a rejected-rows CSV stops growing (config {@code imports.max_error_file_mb})
 */
public record ImportSettings(Duration errorFileRetention, long maxErrorFileBytes) {
    public static final ImportSettings DEFAULTS = new ImportSettings(Duration.ofDays(7), LeadImporter.DEFAULT_MAX_ERROR_FILE_BYTES);
}
