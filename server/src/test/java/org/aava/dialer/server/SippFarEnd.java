package org.aava.dialer.server;

import org.aava.dialer.lab.LabAsterisk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lab's SIP far end: SIPp (Debian's sip-tester) on 127.0.0.1:5070 running etc/lab/sipp/far-end.xml, which
 * answers by the dialed number. What it saw is read from its own message log, so INVITE counts and concurrency are
 * the far end's, not the dialer's word.
 */
final class SippFarEnd implements AutoCloseable {
    static final int PORT = 5070;
    private static final Pattern HEADER = Pattern.compile("^-+ (\\d{4}-\\d{2}-\\d{2})\\s+(\\d{2}:\\d{2}:\\d{2}\\.\\d+)", Pattern.MULTILINE);
    private static final Pattern INVITE = Pattern.compile("^INVITE sip:([^@ ;]+)@", Pattern.MULTILINE);
    private static final Pattern CALL_ID = Pattern.compile("^(?:Call-ID|i):\\s*(\\S+)", Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);

    private final Path dir;
    private final Path messages;
    private final Process sipp;

    SippFarEnd(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        this.messages = dir.resolve("messages.log");
        Path kit = LabAsterisk.repoRoot().resolve("etc/lab/sipp");
        Process audio = new ProcessBuilder("bash", kit.resolve("make-audio.sh").toString(), dir.toString())
                .redirectErrorStream(true).start();
        if (!audio.waitFor(60, TimeUnit.SECONDS) || audio.exitValue() != 0) {
            throw new IllegalStateException("make-audio.sh failed: " + new String(audio.getInputStream().readAllBytes()));
        }
        this.sipp = new ProcessBuilder("sipp", "-sf", kit.resolve("far-end.xml").toString(), "-i", "127.0.0.1", "-p",
                Integer.toString(PORT), "-mi", "127.0.0.1", "-mp", "16000", "-trace_msg", "-message_file", messages.toString(),
                "-trace_err", "-error_file", dir.resolve("errors.log").toString(), "-nostdin")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("sipp.out").toFile()).start();
        Thread.sleep(500);
        if (!sipp.isAlive()) throw new IllegalStateException("sipp exited: " + Files.readString(dir.resolve("sipp.out")));
    }

    /** Per number as dialed, the distinct calls (Call-IDs) that reached the far end. */
    Map<String, Set<String>> callsByNumber() throws IOException {
        Map<String, Set<String>> calls = new LinkedHashMap<>();
        for (Message m : messages()) {
            Matcher inv = INVITE.matcher(m.text);
            if (inv.find() && inv.start() == 0) calls.computeIfAbsent(inv.group(1), k -> new LinkedHashSet<>()).add(m.callId);
        }
        return calls;
    }

    /** The most calls open at once at the far end: a call is open from its first to its last message. */
    int maxConcurrentCalls() throws IOException {
        Map<String, LocalDateTime[]> spans = new HashMap<>();
        for (Message m : messages()) {
            if (m.callId == null || m.at == null) continue;
            spans.computeIfAbsent(m.callId, k -> new LocalDateTime[]{m.at, m.at})[1] = m.at;
        }
        List<long[]> edges = new ArrayList<>();
        for (LocalDateTime[] s : spans.values()) {
            edges.add(new long[]{micros(s[0]), 1});
            edges.add(new long[]{micros(s[1]), -1});
        }
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int open = 0, max = 0;
        for (long[] e : edges) max = Math.max(max, open += (int) e[1]);
        return max;
    }

    private static long micros(LocalDateTime t) {
        return t.toEpochSecond(java.time.ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000;
    }

    private record Message(LocalDateTime at, String callId, String text) {
    }

    private List<Message> messages() throws IOException {
        List<Message> out = new ArrayList<>();
        if (!Files.exists(messages)) return out;
        String log = Files.readString(messages, StandardCharsets.ISO_8859_1);
        Matcher h = HEADER.matcher(log);
        List<int[]> starts = new ArrayList<>();
        List<LocalDateTime> times = new ArrayList<>();
        while (h.find()) {
            starts.add(new int[]{h.start(), h.end()});
            times.add(LocalDateTime.parse(h.group(1) + "T" + h.group(2)));
        }
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : log.length();
            String block = log.substring(starts.get(i)[1], end);
            // the block is "<transport> message received|sent [...] bytes :" then the SIP message
            int blank = block.indexOf("\n\n");
            String sip = blank >= 0 ? block.substring(blank).stripLeading() : block;
            if (!block.contains("received")) continue;
            Matcher cid = CALL_ID.matcher(sip);
            out.add(new Message(times.get(i), cid.find() ? cid.group(1) : null, sip));
        }
        return out;
    }

    String diagnostics() {
        try {
            return "sipp.out: " + Files.readString(dir.resolve("sipp.out")) + "\nerrors: "
                    + (Files.exists(dir.resolve("errors.log")) ? Files.readString(dir.resolve("errors.log")) : "");
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        sipp.destroy();
        if (!sipp.waitFor(5, TimeUnit.SECONDS)) sipp.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
}
