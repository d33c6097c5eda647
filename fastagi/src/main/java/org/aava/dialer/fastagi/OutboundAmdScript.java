package org.aava.dialer.fastagi;

import org.aava.dialer.core.calls.ChannelVars;
import org.aava.dialer.core.model.ConsentResult;
import org.aava.dialer.core.model.HopResult;
import org.aava.dialer.core.model.HopResultWire;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiHangupException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;

/**
 * The {@code outbound-amd} hop: reads AMD's result, applies the guardrails, runs the consent gate
 * for people when the campaign asks for it, and tells the dialplan where to send the call by
 * setting {@code AAVA_HOP_ARGS} (the Stasis arguments) and {@code AAVA_HOP_BRANCH}.
 */
public final class OutboundAmdScript implements AgiScript {
    private static final Logger log = LoggerFactory.getLogger(OutboundAmdScript.class);

    private final Guardrails guardrails;
    private final HopListener listener;

    public OutboundAmdScript(Guardrails guardrails, HopListener listener) {
        this.guardrails = guardrails;
        this.listener = listener;
    }

    @Override
    public void service(AgiRequest request, AgiChannel channel) throws AgiException {
        long t0 = System.nanoTime();
        String channelName = request.getChannel();
        try (var c = MDC.putCloseable("channel_id", channelName)) {
            String attemptText = var(channel, ChannelVars.ATTEMPT_ID);
            long attemptId = parseId(attemptText);
            try (var a = MDC.putCloseable("attempt_id", Long.toString(attemptId))) {
                if (attemptId == 0) log.error("AGI hop without a valid {} ('{}') on {}; the dialer will match it by channel",
                        ChannelVars.ATTEMPT_ID, attemptText, channelName);
                String rawStatus = var(channel, "AMDSTATUS");
                String cause = var(channel, "AMDCAUSE");
                String status = guardrails.decide(rawStatus, cause);
                String dtmf = "";
                ConsentResult consent = ConsentResult.SKIPPED;
                if (status.equals("HUMAN") && "1".equals(var(channel, ChannelVars.CONSENT_ENABLED))) {
                    String prompt = var(channel, ChannelVars.CONSENT_PLAYBACK);
                    int timeoutSeconds = parseTimeout(var(channel, ChannelVars.CONSENT_TIMEOUT));
                    try {
                        // GET DATA plays the prompt and collects at once: a digit pressed during the prompt counts.
                        String digits = channel.getData(prompt.isEmpty() ? "beep" : prompt, timeoutSeconds * 1000L, 1);
                        dtmf = dtmf(digits);
                    } catch (AgiHangupException e) {
                        log.info("callee hung up during the consent prompt");
                    }
                    String optOut = var(channel, ChannelVars.OPT_OUT_DIGIT);
                    if (optOut.isEmpty()) optOut = "9";
                    if (dtmf.equals(optOut)) {
                        consent = ConsentResult.OPTED_OUT;
                    } else consent = switch (dtmf) {
                        case "1" -> ConsentResult.ACCEPTED;
                        case "2" -> ConsentResult.DENIED;
                        default -> ConsentResult.TIMEOUT;
                    };
                }
                channel.setVariable(ChannelVars.HOP_ARGS, HopResultWire.write(attemptId, status, cause, dtmf, consent));
                channel.setVariable(ChannelVars.HOP_BRANCH, status.toLowerCase(java.util.Locale.ROOT));
                log.info("hop decided {} (AMD {} {}) dtmf='{}' consent={}", status, rawStatus, cause, dtmf, consent.wire());
                HopResult hop = new HopResult(attemptId, status, cause, rawStatus, dtmf, consent);
                try {
                    listener.hopDecided(hop, Duration.ofNanos(System.nanoTime() - t0));
                } catch (RuntimeException e) {
                    log.warn("hop listener failed: {}", e.toString());
                }
            }
        } catch (AgiHangupException e) {
            log.info("channel {} hung up during the AMD hop", channelName);
        }
    }

    private static String var(AgiChannel channel, String name) throws AgiException {
        String v = channel.getVariable(name);
        return v == null ? "" : v.trim();
    }

    /**
     * The key pressed, or "" for none or anything that is not one DTMF key: the reply is the peer's text,
     * and it ends up in the comma-separated hop arguments (found by fuzzing: "1," made seven of six).
     */
    static String dtmf(String digits) {
        String d = digits == null ? "" : digits.trim();
        if (d.matches("[0-9*#A-D]?")) return d;
        log.warn("GET DATA returned '{}', which is not one DTMF key; taken as no key", d.length() > 40 ? d.substring(0, 40) + "..." : d);
        return "";
    }

    private static long parseId(String text) {
        try {
            long id = Long.parseLong(text);
            return id > 0 ? id : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int parseTimeout(String text) {
        try {
            return Math.max(1, Math.min(30, Integer.parseInt(text)));
        } catch (NumberFormatException e) {
            return 5;
        }
    }
}
