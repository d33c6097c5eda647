package org.aava.dialer.core.model;

import java.util.List;
import java.util.Locale;

/**
 * The Stasis arguments the AMD hop returns with: {@code outbound_amd,<attempt_id>,<status>,<cause>,<dtmf>,<consent>}.
 * Both writers (the AGI script's {@code AAVA_HOP_ARGS} and the generated dialplan's fallback {@code Stasis(...)}
 * lines) and the dialer's parser live here, so a field can only be added or moved in one place.
 */
public final class HopResultWire {
    /** The first argument, which tells a returning hop from a freshly answered call. */
    public static final String KIND = "outbound_amd";

    private HopResultWire() {
    }

    /**
     * The arguments as the AGI script sets them. The dialer splits them on commas, so a comma in AMD's cause
     * becomes {@code _}; the DTMF field is one key or empty by the time it gets here.
     */
    public static String write(long attemptId, String status, String cause, String dtmf, ConsentResult consent) {
        return fields(Long.toString(attemptId), status, cause == null ? "" : cause.replace(",", "_"),
                dtmf == null ? "" : dtmf, consent.wire());
    }

    /**
     * The arguments as a dialplan expression, for a {@code Stasis(app,...)} line of the generated context: the
     * attempt id, cause and DTMF are dialplan expressions Asterisk expands, such as {@code ${AMDCAUSE}}.
     */
    public static String dialplan(String attemptIdExpression, String status, String causeExpression,
                                  String dtmfExpression, ConsentResult consent) {
        return fields(attemptIdExpression, status, causeExpression, dtmfExpression, consent.wire());
    }

    private static String fields(String attemptId, String status, String cause, String dtmf, String consent) {
        return String.join(",", KIND, attemptId, status, cause, dtmf, consent);
    }

    /**
     * Parses what the hop returned. Lenient, as it comes from the dialplan: case and spaces are ignored, the
     * leading kind and the trailing fields may be missing (a missing consent is skipped); NOTSURE counts as
     * MACHINE but is kept as the raw status.
     *
     * @throws IllegalArgumentException when there is no attempt id to match the call by
     */
    public static HopResult parse(List<String> args) {
        int i = !args.isEmpty() && KIND.equalsIgnoreCase(args.get(0)) ? 1 : 0;
        if (args.size() < i + 2) throw new IllegalArgumentException("hop args too short: " + args);
        long attemptId;
        try {
            attemptId = Long.parseLong(args.get(i).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hop args carry no attempt id: " + args);
        }
        String upper = at(args, i + 1).toUpperCase(Locale.ROOT);
        String normalized = "NOTSURE".equals(upper) ? "MACHINE" : upper;
        return new HopResult(attemptId, normalized, at(args, i + 2), upper, at(args, i + 3),
                ConsentResult.parse(at(args, i + 4)));
    }

    private static String at(List<String> args, int index) {
        return index < args.size() && args.get(index) != null ? args.get(index) : "";
    }
}
