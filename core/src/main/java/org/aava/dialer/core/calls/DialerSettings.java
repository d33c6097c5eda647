package org.aava.dialer.core.calls;

import org.aava.dialer.core.model.Placement;
import org.aava.dialer.core.phone.PhoneNumbers;

import java.time.Duration;
import java.util.Map;

/**
 * Node-wide call settings, validated by the server's config loader.
 *
 * @param endpointTemplate      e.g. {@code Local/{number}@from-internal}
 * @param identity              the extension the dialer acts as (caller id number, FreePBX AMPUSER)
 * @param nodeMaxConcurrent     cap on live calls over all campaigns
 * @param maxOriginatesPerSecond node-wide originate rate
 * @param extraVariables        channel variables added to every originate (site-specific routing)
 * @param breakerErrors         consecutive {@code error} outcomes that pause a campaign (0 = off)
 * @param placement             this node and the Asterisk server it dials through, recorded on every attempt it opens
 * @param agiUrl                this node's FastAGI address, set on every call as {@code AAVA_AGI_URL} (null: not set, the
 *                              generated dialplan's default applies)
 */
public record DialerSettings(String stasisApp, String endpointTemplate, String identity, String callerIdName,
                             Duration leaseTtl, Duration tick, int nodeMaxConcurrent, double maxOriginatesPerSecond,
                             Duration maxCallDuration, Duration stasisMargin, Duration amdHopTimeout,
                             Duration voicemailTimeout, Map<String, String> extraVariables, int breakerErrors,
                             Duration breakerWindow, Placement placement, String agiUrl) {
    /**
     * What a channel variable may hold when the hop substitutes it into {@code AGI(...)}: a comma, parenthesis or
     * {@code $} would change the dialplan's arguments, so the URL is only host, port and script.
     */
    private static final java.util.regex.Pattern AGI_URL = java.util.regex.Pattern.compile("agi://[A-Za-z0-9_.:\\[\\]-]{1,253}:\\d{1,5}/[A-Za-z0-9_-]{1,64}");

    public DialerSettings {
        if (!hasNumberPlaceholder(endpointTemplate)) {
            throw new IllegalArgumentException("dial.endpoint must contain {number}, {e164}, {national} or {digits}");
        }
        extraVariables = extraVariables == null ? Map.of() : Map.copyOf(extraVariables);
        java.util.Objects.requireNonNull(placement, "placement");
        if (agiUrl != null && !AGI_URL.matcher(agiUrl).matches()) {
            throw new IllegalArgumentException("the FastAGI address must look like agi://host:port/script, got '" + agiUrl + "'");
        }
    }

    /** Without {@code AAVA_AGI_URL} on the calls: the generated dialplan's baked-in address applies. */
    public DialerSettings(String stasisApp, String endpointTemplate, String identity, String callerIdName,
                          Duration leaseTtl, Duration tick, int nodeMaxConcurrent, double maxOriginatesPerSecond,
                          Duration maxCallDuration, Duration stasisMargin, Duration amdHopTimeout,
                          Duration voicemailTimeout, Map<String, String> extraVariables, int breakerErrors,
                          Duration breakerWindow, Placement placement) {
        this(stasisApp, endpointTemplate, identity, callerIdName, leaseTtl, tick, nodeMaxConcurrent, maxOriginatesPerSecond,
                maxCallDuration, stasisMargin, amdHopTimeout, voicemailTimeout, extraVariables, breakerErrors, breakerWindow,
                placement, null);
    }

    /** The same settings with this node's FastAGI address on every call. */
    public DialerSettings withAgiUrl(String url) {
        return new DialerSettings(stasisApp, endpointTemplate, identity, callerIdName, leaseTtl, tick, nodeMaxConcurrent,
                maxOriginatesPerSecond, maxCallDuration, stasisMargin, amdHopTimeout, voicemailTimeout, extraVariables,
                breakerErrors, breakerWindow, placement, url);
    }

    public static DialerSettings defaults() {
        return new DialerSettings("asterisk-ai-voice-agent", "Local/{number}@from-internal", "6789", "Outbound",
                Duration.ofSeconds(120), Duration.ofMillis(250), 50, 10.0, Duration.ofHours(1), Duration.ofSeconds(15),
                Duration.ofSeconds(60), Duration.ofSeconds(120), Map.of(), 5, Duration.ofMinutes(5),
                new Placement("local", "127.0.0.1:8088/asterisk-ai-voice-agent"));
    }

    /** Whether a dial string template names the number in one of its forms. */
    public static boolean hasNumberPlaceholder(String template) {
        return template.contains("{number}") || template.contains("{e164}") || template.contains("{national}") || template.contains("{digits}");
    }

    /**
     * The dial string for a stored number: {@code {number}} and {@code {digits}} are the digits without the
     * {@code +} ({@code 14155550120}), {@code {e164}} the E.164 form, {@code {national}} the national number
     * ({@code 4155550120}), so a FreePBX outbound route gets the form it matches. An extension is its digits in all four.
     */
    public String endpointFor(String normalizedNumber) {
        String digits = PhoneNumbers.dialable(normalizedNumber);
        return endpointTemplate.replace("{number}", digits).replace("{digits}", digits).replace("{e164}", normalizedNumber)
                .replace("{national}", PhoneNumbers.national(normalizedNumber));
    }
}
