package org.aava.dialer.server.ops;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Asks Asterisk's manager interface whether a dialplan context is loaded ({@code ShowDialPlan}).
 * ARI cannot tell: its variable endpoint does not evaluate DIALPLAN_EXISTS() without a channel.
 */
public final class AmiDialplanProbe {
    public enum State { PRESENT, MISSING, UNKNOWN }

    private final String host;
    private final int port;
    private final String username;
    private final String password;

    public AmiDialplanProbe(org.aava.dialer.server.config.DialerConfig.Ami ami) {
        this(ami.host(), ami.port(), ami.username(), ami.password());
    }

    public AmiDialplanProbe(String host, int port, String username, String password) {
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
    }

    /** PRESENT or MISSING; UNKNOWN when AMI is not configured or cannot be reached (with the reason in the message). */
    public State contextState(String context) {
        if (username == null || username.isEmpty()) return State.UNKNOWN;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            s.setSoTimeout(4000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            in.readLine(); // banner
            send(out, "Action: Login\r\nActionID: login\r\nUsername: " + username + "\r\nSecret: " + password + "\r\nEvents: off\r\n\r\n");
            if (!block(in).contains("Response: Success")) return State.UNKNOWN;
            send(out, "Action: ShowDialPlan\r\nActionID: show\r\nContext: " + context + "\r\n\r\n");
            String reply = block(in);
            send(out, "Action: Logoff\r\n\r\n");
            if (reply.contains("Response: Success")) return State.PRESENT;
            if (reply.contains("Did not find context")) return State.MISSING;
            return State.UNKNOWN;
        } catch (IOException e) {
            return State.UNKNOWN;
        }
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads one AMI response block (up to the blank line), skipping interleaved events. */
    private static String block(BufferedReader in) throws IOException {
        while (true) {
            StringBuilder b = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null && !line.isEmpty()) b.append(line).append('\n');
            if (line == null || b.indexOf("Response:") >= 0) return b.toString();
        }
    }
}
