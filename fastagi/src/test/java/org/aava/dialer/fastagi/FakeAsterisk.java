package org.aava.dialer.fastagi;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plays Asterisk's side of one FastAGI session over a loopback socket. */
final class FakeAsterisk {
    final Map<String, String> variables = new LinkedHashMap<>();
    final List<String> commands = new ArrayList<>();
    final List<Long> commandNanos = new ArrayList<>();
    String digits = "";

    FakeAsterisk with(String name, String value) {
        variables.put(name, value);
        return this;
    }

    /** Runs a session for {@code script}; returns when the server closes the connection. */
    FakeAsterisk run(int port, String script) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            Writer out = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            out.write("agi_network: yes\nagi_network_script: " + script + "\nagi_request: agi://127.0.0.1/" + script
                    + "\nagi_channel: Local/7001@from-internal-0001;1\nagi_language: en\nagi_type: Local\n"
                    + "agi_uniqueid: 1700000000.1\nagi_version: 22.10.1\nagi_callerid: 6789\nagi_context: aava-outbound-amd\n"
                    + "agi_extension: s\nagi_priority: 5\nagi_enhanced: 0.0\nagi_accountcode: \nagi_threadid: 1\n\n");
            out.flush();
            String line;
            while ((line = in.readLine()) != null) {
                long t0 = System.nanoTime();
                commands.add(line);
                String reply = reply(line);
                out.write(reply + "\n");
                out.flush();
                commandNanos.add(System.nanoTime() - t0);
            }
        }
        return this;
    }

    private String reply(String line) {
        if (line.startsWith("GET VARIABLE ")) {
            String name = unquote(line.substring("GET VARIABLE ".length()));
            String v = variables.get(name);
            return v == null ? "200 result=0" : "200 result=1 (" + v + ")";
        }
        if (line.startsWith("SET VARIABLE ")) {
            String[] parts = line.substring("SET VARIABLE ".length()).split("\" \"", 2);
            variables.put(unquote(parts[0]), unquote(parts.length > 1 ? parts[1] : ""));
            return "200 result=1";
        }
        if (line.startsWith("GET DATA ")) {
            return digits.isEmpty() ? "200 result= (timeout)" : "200 result=" + digits;
        }
        return "200 result=0";
    }

    private static String unquote(String s) {
        String t = s.trim();
        if (t.startsWith("\"")) t = t.substring(1);
        if (t.endsWith("\"")) t = t.substring(0, t.length() - 1);
        return t;
    }
}
