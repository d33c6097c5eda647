package org.aava.dialer.fastagi;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What the garbage and fuzz tests share: raw conversations with the AGI port and the checks on what comes back. */
final class AgiPeer {
    /**
     * Every command our server may send: the script's, and asterisk-java's status variable and VERBOSE log line.
     * The rest of the line may hold anything but a line break (DOTALL: a CR or NUL the peer sent may come back in
     * a VERBOSE line, to that same peer); a line that does not start with a command would be an injected one.
     */
    static final Pattern COMMAND = Pattern.compile("(GET VARIABLE|SET VARIABLE|GET DATA|VERBOSE) .*", Pattern.DOTALL);
    private static final Pattern HOP_ARGS = Pattern.compile("SET VARIABLE \"AAVA_HOP_ARGS\" \"(.*)\"");

    private AgiPeer() {
    }

    /** Sends {@code bytes}, closes our side, and returns all the server sent until it closed, within {@code bound}. */
    static byte[] converse(int port, byte[] bytes, Duration bound) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) bound.toMillis());
            try {
                s.getOutputStream().write(bytes);
                s.shutdownOutput();
            } catch (SocketException closedAlready) {
                // the server dropped us mid-write (a bound was hit): what it said before still counts
            }
            return drain(s, bound);
        }
    }

    /** Reads until the server closes; fails the test if it neither answers nor closes within the socket's timeout. */
    static byte[] drain(Socket s, Duration bound) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] b = new byte[8192];
        long deadline = System.nanoTime() + bound.toNanos();
        try {
            for (int n; (n = in.read(b)) >= 0; ) {
                got.write(b, 0, n);
                if (System.nanoTime() > deadline) fail("the server kept the connection open past " + bound);
            }
        } catch (SocketTimeoutException e) {
            fail("the server neither answered nor closed the connection within " + bound);
        } catch (SocketException reset) {
            // closed with unread bytes on its side: a reset is a close
        }
        return got.toByteArray();
    }

    /** Each line the server sent is an AGI command; a hop decision, if made, is well-formed. */
    static void checkServerLines(byte[] fromServer) {
        String text = new String(fromServer, StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            if (line.isEmpty()) continue;
            assertTrue(COMMAND.matcher(line).matches(), "not an AGI command: " + line);
            Matcher m = HOP_ARGS.matcher(line);
            if (m.matches()) checkHopArgs(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
    }

    /** outbound_amd,attempt,STATUS,cause,dtmf,consent: the dialer splits these on commas, so no field may carry one. */
    static void checkHopArgs(String args) {
        String[] f = args.split(",", -1);
        assertEquals(6, f.length, "six hop arguments: " + args);
        assertEquals("outbound_amd", f[0]);
        assertTrue(f[1].matches("[0-9]+"), "attempt id: " + args);
        assertTrue(List.of("HUMAN", "MACHINE", "HANGUP").contains(f[2]), "status: " + args);
        assertTrue(f[4].matches("[0-9*#A-D]?"), "dtmf: " + args);
        assertTrue(List.of("accepted", "denied", "timeout", "skipped", "opted_out").contains(f[5]), "consent: " + args);
    }

    /** A proper hop, as Asterisk would run it, answered correctly within {@code bound}. */
    static void assertHopWorks(int port, Duration bound) throws Exception {
        try (ExecutorService peer = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<FakeAsterisk> hop = peer.submit(() -> new FakeAsterisk().with("AMDSTATUS", "MACHINE").with("AMDCAUSE", "MAXWORDS-3-2")
                    .with("AAVA_ATTEMPT_ID", "77").run(port, "outbound-amd"));
            FakeAsterisk a = hop.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals("outbound_amd,77,MACHINE,MAXWORDS-3-2,,skipped", a.variables.get("AAVA_HOP_ARGS"));
            assertEquals("machine", a.variables.get("AAVA_HOP_BRANCH"));
        }
    }

    /** Silences the error log of every garbage connection (asterisk-java logs each with a stack trace); returns the undo. */
    static Runnable quietLogs() {
        Logger aj = (Logger) LoggerFactory.getLogger("org.asteriskjava");
        Logger ours = (Logger) LoggerFactory.getLogger("org.aava.dialer.fastagi");
        Level ajLevel = aj.getLevel();
        Level ourLevel = ours.getLevel();
        aj.setLevel(Level.OFF);
        ours.setLevel(Level.OFF);
        return () -> {
            aj.setLevel(ajLevel);
            ours.setLevel(ourLevel);
        };
    }

    /** Waits (bounded) until the server has closed every connection. */
    static void awaitNoOpenConnections(AgiServerRunner server, Duration bound) throws InterruptedException {
        awaitZero(server::openConnections, bound, "connections still open");
    }

    /** Waits up to {@code bound} for {@code count} to reach 0, and asserts that it did. */
    static void awaitZero(IntSupplier count, Duration bound, String what) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (count.getAsInt() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
        assertEquals(0, count.getAsInt(), what + " after " + bound);
    }
}
