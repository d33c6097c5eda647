package org.aava.dialer.core.calls;

/**
 * Names shared by the dialer, the generated dialplan and the AGI script. Kept in one place: the
 * reference dialer once read {@code AAVA_OUTBOUND_ATTEMPT_ID} in the dialplan while setting
 * {@code AAVA_ATTEMPT_ID} in code.
 */
public final class ChannelVars {
    private ChannelVars() {
    }

    public static final String ATTEMPT_ID = "AAVA_ATTEMPT_ID";
    public static final String CAMPAIGN_ID = "AAVA_CAMPAIGN_ID";
    public static final String LEAD_ID = "AAVA_LEAD_ID";
    public static final String AMD_OPTS = "AAVA_AMD_OPTS";
    public static final String CONSENT_ENABLED = "AAVA_CONSENT_ENABLED";
    public static final String CONSENT_PLAYBACK = "AAVA_CONSENT_PLAYBACK";
    public static final String CONSENT_TIMEOUT = "AAVA_CONSENT_TIMEOUT";
    /** The key that opts the callee out during the consent gate (default 9). */
    public static final String OPT_OUT_DIGIT = "AAVA_OPT_OUT_DIGIT";
    public static final String VM_ENABLED = "AAVA_VM_ENABLED";
    public static final String HOP_ARGS = "AAVA_HOP_ARGS";
    public static final String HOP_BRANCH = "AAVA_HOP_BRANCH";
    public static final String CONTEXT = "AAVA_CONTEXT";
    public static final String AI_CONTEXT = "AI_CONTEXT";
    public static final String AI_PROVIDER = "AI_PROVIDER";
    public static final String LEAD_CONTEXT_JSON = "AAVA_LEAD_CONTEXT_JSON";
    public static final String AUDIOSOCKET_UUID = "AAVA_AUDIOSOCKET_UUID";
    /**
     * The call's secret for the AI API: the AI engine reads it from the channel and calls
     * {@code /api/ai/sessions/{AAVA_AI_SESSION_KEY}}. Never logged.
     */
    public static final String AI_SESSION_KEY = "AAVA_AI_SESSION_KEY";
    /** Set by the AMD hop when the call is decided (epoch ms, Asterisk's clock). */
    public static final String DECIDED_AT_MS = "AAVA_DECIDED_AT_MS";
    public static final String AMPUSER = "AMPUSER";
    public static final String FROMEXTEN = "FROMEXTEN";

    /** First Stasis argument when a callee answered. */
    public static final String ARG_OUTBOUND = "outbound";
    /** First Stasis argument when the AMD hop returns. */
    public static final String ARG_OUTBOUND_AMD = org.aava.dialer.core.model.HopResultWire.KIND;
    /** The FastAGI script the hop calls. */
    public static final String AGI_SCRIPT = "outbound-amd";
    /**
     * The FastAGI address of the node that placed the call, set at originate: the generated hop connects there
     * (its baked-in address is only the default), so one snippet serves every node and a takeover node's calls reach it.
     */
    public static final String AGI_URL = "AAVA_AGI_URL";
    public static final String AMD_CONTEXT = "aava-outbound-amd";

    /**
     * The hop's FastAGI address for a host Asterisk reaches us at, e.g. {@code agi://10.0.0.5:4573/outbound-amd}; an IPv6
     * literal gets the brackets Asterisk needs to tell its colons from the port's ({@code agi://[fd00::5]:4573/...}).
     */
    public static String agiUrl(String host, int port) {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "agi://" + h + ":" + port + "/" + AGI_SCRIPT;
    }
}
