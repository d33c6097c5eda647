package org.aava.dialer.bench.agi;

import org.aava.dialer.core.calls.ChannelVars;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays Asterisk's side of one {@code outbound-amd} hop over loopback, as a channel reaching
 * {@code AGI(agi://…/outbound-amd)} after AMD: sends the AGI environment, answers every command with
 * {@code 200 result=…}, and times how long our server takes from each answer to its next command.
 * A person with consent on hears the consent prompt: the peer answers GET DATA only after
 * {@code promptMillis}, as Asterisk would once the prompt has played (that wait is not our latency).
 */
final class AgiPeer {
    /** What AMD decided for this call. */
    enum Amd { HUMAN_WITH_CONSENT, MACHINE, NOTSURE }

    /** How the session went, with our server's latency after each answer. */
    record Session(long attemptId, Amd amd, long connectNanos, long firstCommandNanos, List<Long> commandNanos, String hopArgs,
                   String error) {
        boolean ok() {
            return error == null && hopArgs != null && hopArgs.startsWith(ChannelVars.ARG_OUTBOUND_AMD + "," + attemptId + ",");
        }

        /** All our server added in this hop: environment → first command, plus every answer → next command. */
        long addedNanos() {
            return Math.max(0, firstCommandNanos) + commandNanos.stream().mapToLong(Long::longValue).sum();
        }

        String failure() {
            if (error != null) return error;
            return hopArgs == null ? "the server set no " + ChannelVars.HOP_ARGS : "unexpected " + ChannelVars.HOP_ARGS + " '" + hopArgs + "'";
        }
    }

    private final int port;
    private final long attemptId;
    private final Amd amd;
    private final long promptMillis;
    private final Map<String, String> variables = new HashMap<>();

    AgiPeer(int port, long attemptId, Amd amd, long promptMillis) {
        this.port = port;
        this.attemptId = attemptId;
        this.amd = amd;
        this.promptMillis = promptMillis;
        variables.put(ChannelVars.ATTEMPT_ID, Long.toString(attemptId));
        switch (amd) {
            case HUMAN_WITH_CONSENT -> {
                variables.put("AMDSTATUS", "HUMAN");
                variables.put("AMDCAUSE", "HUMAN-1-1");
                variables.put(ChannelVars.CONSENT_ENABLED, "1");
                variables.put(ChannelVars.CONSENT_PLAYBACK, "custom/consent");
                variables.put(ChannelVars.CONSENT_TIMEOUT, "5");
            }
            case MACHINE -> {
                variables.put("AMDSTATUS", "MACHINE");
                variables.put("AMDCAUSE", "LONGGREETING-1600-1500");
            }
            case NOTSURE -> {
                variables.put("AMDSTATUS", "NOTSURE");
                variables.put("AMDCAUSE", "TOOLONG-5000");
            }
        }
    }

    Session run() {
        long t0 = System.nanoTime();
        long connected = 0;
        long first = -1;
        List<Long> latencies = new ArrayList<>();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            connected = System.nanoTime() - t0;
            s.setSoTimeout(30_000);
            Writer out = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            out.write(environment());
            out.flush();
            long answered = System.nanoTime();
            String command;
            while ((command = in.readLine()) != null) {
                long latency = System.nanoTime() - answered;
                if (first < 0) first = latency;
                else latencies.add(latency);
                String reply = reply(command);
                out.write(reply + "\n");
                out.flush();
                answered = System.nanoTime();
            }
            return new Session(attemptId, amd, connected, first, latencies, variables.get(ChannelVars.HOP_ARGS), null);
        } catch (IOException | RuntimeException e) {
            return new Session(attemptId, amd, connected, first, latencies, variables.get(ChannelVars.HOP_ARGS), e.toString());
        }
    }

    /** The environment Asterisk sends first on a FastAGI connection, ended by an empty line. */
    private String environment() {
        String channel = "PJSIP/trunk-" + String.format("%08x", attemptId);
        return "agi_network: yes\n"
                + "agi_network_script: " + ChannelVars.AGI_SCRIPT + "\n"
                + "agi_request: agi://127.0.0.1:" + port + "/" + ChannelVars.AGI_SCRIPT + "\n"
                + "agi_channel: " + channel + "\n"
                + "agi_language: en\nagi_type: PJSIP\n"
                + "agi_uniqueid: 1700000000." + attemptId + "\n"
                + "agi_version: 22.10.1\nagi_callerid: 6789\nagi_calleridname: Outbound\n"
                + "agi_callingpres: 0\nagi_callingani2: 0\nagi_callington: 0\nagi_callingtns: 0\n"
                + "agi_dnid: unknown\nagi_rdnis: unknown\n"
                + "agi_context: " + ChannelVars.AMD_CONTEXT + "\nagi_extension: s\nagi_priority: 3\n"
                + "agi_enhanced: 0.0\nagi_accountcode: \nagi_threadid: " + (140000000000L + attemptId) + "\n\n";
    }

    private String reply(String command) {
        if (command.startsWith("GET VARIABLE ")) {
            String v = variables.get(unquote(command.substring("GET VARIABLE ".length())));
            return v == null ? "200 result=0" : "200 result=1 (" + v + ")";
        }
        if (command.startsWith("SET VARIABLE ")) {
            String[] parts = command.substring("SET VARIABLE ".length()).split("\" \"", 2);
            variables.put(unquote(parts[0]), unquote(parts.length > 1 ? parts[1] : ""));
            return "200 result=1";
        }
        if (command.startsWith("GET DATA ")) {
            pause(promptMillis); // the prompt plays; the callee presses 1 at its end
            return "200 result=1";
        }
        return "200 result=0";
    }

    private static String unquote(String s) {
        String t = s.trim();
        if (t.startsWith("\"")) t = t.substring(1);
        if (t.endsWith("\"")) t = t.substring(0, t.length() - 1);
        return t;
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
