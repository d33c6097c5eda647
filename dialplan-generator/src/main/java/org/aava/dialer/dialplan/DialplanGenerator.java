package org.aava.dialer.dialplan;

import org.aava.dialer.core.calls.ChannelVars;
import org.aava.dialer.core.model.ConsentResult;
import org.aava.dialer.core.model.HopResultWire;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates the {@code [aava-outbound-amd]} context for {@code extensions_custom.conf}.
 * <p>
 * The answered call arrives with the {@code AAVA_*} variables set by the dialer. {@code AMD()} runs,
 * then our FastAGI script applies the guardrails and the consent gate and sets {@code AAVA_HOP_ARGS}.
 * When the AGI server cannot be reached, the same decisions are made in pure dialplan (the
 * reference hop), so calls are never dropped because AGI is down. Consent and voicemail are decided
 * per call by variables, so every label exists in every configuration: a jump never lands on a
 * missing label.
 */
public final class DialplanGenerator {
    public static final String VERIFY_RELOAD = "asterisk -rx \"dialplan reload\"";
    public static final String VERIFY_SHOW = "asterisk -rx \"dialplan show " + ChannelVars.AMD_CONTEXT + "\"";

    private final DialplanSettings s;

    public DialplanGenerator(DialplanSettings settings) {
        this.s = settings;
    }

    public String generate() {
        String app = s.stasisApp();
        String defaultAgi = ChannelVars.agiUrl(s.agiHost(), s.agiPort());
        StringBuilder b = new StringBuilder();
        b.append("; ---------------------------------------------------------------------------\n")
         .append("; aava-dialer ").append(s.version()).append(": outbound AMD hop. Generated; do not edit by hand.\n")
         .append("; Install: append to /etc/asterisk/extensions_custom.conf, then\n")
         .append(";   ").append(VERIFY_RELOAD).append("\n")
         .append(";   ").append(VERIFY_SHOW).append("\n")
         .append("; Stasis app: ").append(app).append("   FastAGI: ").append(defaultAgi)
         .append(" (a call's ").append(ChannelVars.AGI_URL).append(", its node's address, wins)\n")
         .append("; The dialer sets AAVA_ATTEMPT_ID, AAVA_AMD_OPTS, AAVA_CONSENT_ENABLED, AAVA_CONSENT_PLAYBACK,\n")
         .append("; AAVA_CONSENT_TIMEOUT, AAVA_VM_ENABLED and AAVA_AGI_URL on the answered channel before it jumps here.\n")
         .append("; ---------------------------------------------------------------------------\n")
         .append('[').append(ChannelVars.AMD_CONTEXT).append("]\n")
         .append("exten => s,1,NoOp(aava outbound AMD hop: attempt ${AAVA_ATTEMPT_ID} campaign ${AAVA_CAMPAIGN_ID} lead ${AAVA_LEAD_ID})\n")
         .append(" same => n,ExecIf($[\"${AAVA_AMD_OPTS}\" = \"\"]?Set(AAVA_AMD_OPTS=").append(s.defaultAmdOptions()).append("))\n")
         .append(" same => n,AMD(${AAVA_AMD_OPTS})\n")
         .append(" same => n,GotoIf($[\"${AMDSTATUS}\" = \"HANGUP\"]?gone)\n")
         .append(" same => n,Set(AAVA_HOP_ARGS=)\n")
         // AGI may run the consent gate (GET DATA), so it also decides the branch; it sets AAVA_HOP_ARGS.
         // The node that placed the call set its own FastAGI address; this node's is the default. ExecIf, not IF():
         // IF() ends its true branch at the first ':' and the URL has two, ExecIf keeps the Set(...) whole.
         .append(" same => n,ExecIf($[${LEN(${").append(ChannelVars.AGI_URL).append("})} = 0]?Set(").append(ChannelVars.AGI_URL)
         .append('=').append(defaultAgi).append("))\n")
         .append(" same => n,AGI(${").append(ChannelVars.AGI_URL).append("})\n")
         .append(" same => n,GotoIf($[\"${AGISTATUS}\" != \"SUCCESS\" | \"${AAVA_HOP_ARGS}\" = \"\"]?fallback)\n")
         .append(" same => n,GotoIf($[\"${AAVA_HOP_BRANCH}\" = \"hangup\"]?gone)\n")
         .append(" same => n,GotoIf($[\"${AAVA_HOP_BRANCH}\" = \"machine\" & \"${AAVA_VM_ENABLED}\" = \"1\"]?agi_vm)\n")
         // The decision instant (Asterisk's clock, ms) lets the AI side measure its own attach latency.
         .append(" same => n(agi_return),Set(").append(ChannelVars.DECIDED_AT_MS).append("=${STRFTIME(,,%s%3q)})\n")
         .append(" same => n,Stasis(").append(app).append(",${AAVA_HOP_ARGS})\n")
         .append(" same => n,Hangup()\n")
         // WaitForSilence lets the greeting and the beep finish so the drop lands on the recording.
         .append(" same => n(agi_vm),WaitForSilence(1500,3,10)\n")
         .append(" same => n,Goto(agi_return)\n")
         .append("; --- fallback: the AGI server is unreachable; the same guardrails in dialplan ---\n")
         .append(" same => n(fallback),NoOp(AGI unavailable (${AGISTATUS}); dialplan guardrails)\n")
         .append(humanCauseJumps())
         .append(" same => n,GotoIf($[\"${AMDSTATUS}\" = \"HUMAN\"]?human)\n")
         .append(" same => n(machine),GotoIf($[\"${AAVA_VM_ENABLED}\" = \"1\"]?vm:machine_done)\n")
         .append(" same => n(vm),WaitForSilence(1500,3,10)\n")
         .append(" same => n(machine_done),").append(hopReturn("MACHINE", "", ConsentResult.SKIPPED))
         .append(" same => n,Hangup()\n")
         .append(" same => n(human),GotoIf($[\"${AAVA_CONSENT_ENABLED}\" = \"1\"]?consent:human_done)\n")
         .append(" same => n(consent),Set(TIMEOUT(response)=${IF($[\"${AAVA_CONSENT_TIMEOUT}\" = \"\"]?5:${AAVA_CONSENT_TIMEOUT})})\n")
         // Read() plays the prompt itself, so a digit pressed during the prompt counts.
         .append(" same => n,Read(AAVA_CONSENT_DTMF,${IF($[\"${AAVA_CONSENT_PLAYBACK}\" = \"\"]?beep:${AAVA_CONSENT_PLAYBACK})},1)\n")
         .append(" same => n,GotoIf($[\"${AAVA_CONSENT_DTMF}\" = \"1\"]?human_ok)\n")
         .append(" same => n,GotoIf($[\"${AAVA_CONSENT_DTMF}\" = \"2\"]?human_denied)\n")
         // the opt-out key (AAVA_OPT_OUT_DIGIT, 9 when unset): the dialer adds the number to the global DNC list
         .append(" same => n,Set(AAVA_OPT_OUT=${IF($[\"${AAVA_OPT_OUT_DIGIT}\" = \"\"]?9:${AAVA_OPT_OUT_DIGIT})})\n")
         .append(" same => n,GotoIf($[\"${AAVA_CONSENT_DTMF}\" = \"${AAVA_OPT_OUT}\"]?human_opted_out)\n")
         .append(" same => n(human_timeout),").append(hopReturn("HUMAN", "", ConsentResult.TIMEOUT))
         .append(" same => n,Hangup()\n")
         .append(" same => n(human_ok),").append(hopReturn("HUMAN", "1", ConsentResult.ACCEPTED))
         .append(" same => n,Hangup()\n")
         .append(" same => n(human_denied),").append(hopReturn("HUMAN", "2", ConsentResult.DENIED))
         .append(" same => n,Hangup()\n")
         .append(" same => n(human_opted_out),").append(hopReturn("HUMAN", "${AAVA_CONSENT_DTMF}", ConsentResult.OPTED_OUT))
         .append(" same => n,Hangup()\n")
         .append(" same => n(human_done),").append(hopReturn("HUMAN", "", ConsentResult.SKIPPED))
         .append(" same => n,Hangup()\n")
         .append(" same => n(gone),Hangup()\n");
        return b.toString();
    }

    /** One jump per {@code amd.human_causes} prefix: the fallback's guardrails are the AGI script's. */
    private String humanCauseJumps() {
        StringBuilder b = new StringBuilder();
        for (String cause : s.humanCauses().prefixes()) {
            b.append(" same => n,GotoIf($[\"${AMDCAUSE:0:").append(cause.length()).append("}\" = \"").append(cause)
             .append("\"]?human)\n");
        }
        return b.toString();
    }

    /** A fallback branch's return to our app, in the format the AGI script writes ({@link HopResultWire}). */
    private String hopReturn(String status, String dtmfExpression, ConsentResult consent) {
        return "Stasis(" + s.stasisApp() + "," + HopResultWire.dialplan("${" + ChannelVars.ATTEMPT_ID + "}", status, "${AMDCAUSE}",
                dtmfExpression, consent) + ")\n";
    }

    public String verificationCommands() {
        return VERIFY_RELOAD + "\n" + VERIFY_SHOW + "\n";
    }

    private static final Pattern LABEL_DEF = Pattern.compile("same => n\\(([a-z_]+)\\)");
    private static final Pattern JUMP = Pattern.compile("(?:Goto|GotoIf)\\(([^)]*)\\)");

    /** The labels the generated context defines. */
    public static List<String> labels(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = LABEL_DEF.matcher(text);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /** The labels the generated context jumps to (targets of Goto and both branches of GotoIf). */
    public static List<String> jumpTargets(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = JUMP.matcher(text);
        while (m.find()) {
            String arg = m.group(1);
            int q = arg.lastIndexOf('?');
            String targets = q >= 0 ? arg.substring(q + 1) : arg;
            for (String t : targets.split(":")) if (!t.isBlank()) out.add(t.trim());
        }
        return out;
    }
}
