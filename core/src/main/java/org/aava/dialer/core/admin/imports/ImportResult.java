package org.aava.dialer.core.admin.imports;

import java.util.List;
import java.util.Map;

/**
 * What an import did so far or in all.
 *
 * @param rows     every data row read; {@code rows == accepted + duplicates + rejected} ({@code dnc} leads are among the
 *                 accepted: stored, but in state dnc)
 * @param warnings per row, at most {@link LeadImports#MAX_WARNINGS}: {@code row_number}, {@code phone_number}, {@code warning}
 * @param errorRowsOmitted rejected rows the rejected-rows sink did not keep
 */
public record ImportResult(long rows, long accepted, long duplicates, long rejected, long dnc, List<Map<String, Object>> warnings,
                           long errorRowsOmitted) {
}
