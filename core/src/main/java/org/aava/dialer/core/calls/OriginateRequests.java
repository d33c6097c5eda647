package org.aava.dialer.core.calls;

import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.ports.OriginateRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a call's originate: the endpoint, the caller id and every channel variable the hop, FreePBX and the AI read. */
final class OriginateRequests {
    private final DialerSettings settings;

    OriginateRequests(DialerSettings settings) {
        this.settings = settings;
    }

    OriginateRequest of(LiveCall call) {
        Campaign c = call.campaign;
        Map<String, String> vars = new LinkedHashMap<>(settings.extraVariables());
        vars.putAll(hopVariables(call));
        // Our own FastAGI, not the snippet's default: the call is this node's, whichever node's address the dialplan
        // names. The hop runs on this channel (the originated one, ;1 of a Local/), where originate variables are set.
        if (settings.agiUrl() != null) vars.put(ChannelVars.AGI_URL, settings.agiUrl());
        // What the AI side reads goes on at originate too, so attaching is a single request when time counts.
        vars.putAll(aiVariables(call));
        // FreePBX treats the call as placed by the dialer's extension; the __ copies cross both halves of a Local/ channel.
        vars.put(ChannelVars.AMPUSER, settings.identity());
        vars.put("__" + ChannelVars.AMPUSER, settings.identity());
        vars.put(ChannelVars.FROMEXTEN, settings.identity());
        vars.put("__" + ChannelVars.FROMEXTEN, settings.identity());
        // The lead's caller id (validated E.164 at import), else the campaign's caller_id_number, is what the callee
        // sees; AMPUSER stays the dialer's extension.
        String callerNumber = call.lead.callerId() != null && !call.lead.callerId().isBlank() ? call.lead.callerId()
                : c.callerIdNumber() != null ? c.callerIdNumber() : settings.identity();
        vars.put("CALLERID(num)", callerNumber);
        String callerId = "\"" + settings.callerIdName() + "\" <" + callerNumber + ">";
        return new OriginateRequest(settings.endpointFor(call.lead.phoneNormalized()),
                call.channelId, call.channelId + ";2", callerId,
                List.of(ChannelVars.ARG_OUTBOUND, Long.toString(call.attemptId)), c.dialTimeoutSeconds(), vars);
    }

    /** What the AI side reads from the channel, whatever the attach mode. */
    private static Map<String, String> aiVariables(LiveCall call) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put(ChannelVars.CONTEXT, call.aiContext.name());
        vars.put(ChannelVars.AI_CONTEXT, call.aiContext.name());
        vars.put(ChannelVars.AI_PROVIDER, call.provider == null ? "" : call.provider);
        vars.put(ChannelVars.LEAD_CONTEXT_JSON, call.leadContextJson == null ? "{}" : call.leadContextJson);
        // what the AI engine presents on /api/ai/sessions/{key}: the attempt id is guessable, this is not
        if (call.aiSessionKey != null) vars.put(ChannelVars.AI_SESSION_KEY, call.aiSessionKey.value());
        if (call.audioSocketUuid != null) vars.put(ChannelVars.AUDIOSOCKET_UUID, call.audioSocketUuid);
        return vars;
    }

    /** What the AMD hop reads: set at originate, on the channel that will run the hop. */
    private static Map<String, String> hopVariables(LiveCall call) {
        Campaign c = call.campaign;
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put(ChannelVars.ATTEMPT_ID, Long.toString(call.attemptId));
        vars.put(ChannelVars.CAMPAIGN_ID, Long.toString(c.id()));
        vars.put(ChannelVars.LEAD_ID, Long.toString(call.leadId()));
        vars.put(ChannelVars.AMD_OPTS, c.amdOptions().toDialplanArgument());
        vars.put(ChannelVars.CONSENT_ENABLED, c.consentEnabled() ? "1" : "0");
        vars.put(ChannelVars.CONSENT_PLAYBACK, soundPath(c.consentMediaUri(), "beep"));
        vars.put(ChannelVars.CONSENT_TIMEOUT, Integer.toString(c.consentTimeoutSeconds()));
        vars.put(ChannelVars.OPT_OUT_DIGIT, c.optOutDigit());
        vars.put(ChannelVars.VM_ENABLED, c.voicemailEnabled() ? "1" : "0");
        return vars;
    }

    private static String soundPath(String mediaUri, String fallback) {
        if (mediaUri == null || mediaUri.isBlank()) return fallback;
        return mediaUri.startsWith("sound:") ? mediaUri.substring("sound:".length()) : mediaUri;
    }
}
