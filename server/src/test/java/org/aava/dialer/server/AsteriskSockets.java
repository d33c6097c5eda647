package org.aava.dialer.server;

import org.aava.dialer.lab.LabAsterisk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The lab Asterisk's own sockets, read with {@code ss} while calls are up, so "binds only to 127.0.0.1" is checked
 * on SIP signalling and on every RTP port a real call opened, not just on the listening ports at start.
 */
final class AsteriskSockets implements AutoCloseable {
    private final String pid;
    private final Set<String> seen = new LinkedHashSet<>();
    private final Thread sampler;
    private volatile boolean running = true;

    AsteriskSockets() throws IOException {
        this.pid = Files.readString(LabAsterisk.labDir().resolve("state/asterisk.pid")).strip();
        seen.addAll(sample());
        sampler = Thread.ofVirtual().start(() -> {
            while (running) {
                try {
                    Set<String> now = sample();
                    synchronized (seen) {
                        seen.addAll(now);
                    }
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    running = false;
                }
            }
        });
    }

    /** Every socket seen so far as "proto state local-address". */
    Set<String> seen() {
        synchronized (seen) {
            return new LinkedHashSet<>(seen);
        }
    }

    /** Sockets bound to anything but loopback. */
    Set<String> notLoopback() {
        Set<String> out = new LinkedHashSet<>();
        for (String s : seen()) {
            String local = s.split(" ")[2];
            if (!local.startsWith("127.0.0.1:") && !local.startsWith("[::ffff:127.0.0.1]:") && !local.startsWith("[::1]:")) out.add(s);
        }
        return out;
    }

    /** RTP sockets: UDP on loopback other than SIP's 5060 (what a call opens). */
    long rtpSockets() {
        return seen().stream().filter(s -> s.startsWith("udp ") && s.contains(" 127.0.0.1:") && !s.endsWith(":5060")).count();
    }

    private Set<String> sample() throws IOException {
        Process ss = new ProcessBuilder("ss", "-Hunatp").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            ss.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Set<String> mine = new LinkedHashSet<>();
        for (String line : out.split("\n")) {
            if (!line.contains("pid=" + pid + ",")) continue;
            String[] f = line.trim().split("\\s+");
            if (f.length < 5) continue;
            mine.add(f[0] + " " + f[1] + " " + f[4]);
        }
        return mine;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join(2000);
    }
}
