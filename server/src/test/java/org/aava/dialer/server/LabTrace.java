package org.aava.dialer.server;

import org.aava.dialer.core.calls.CallEvent;
import org.aava.dialer.core.calls.CallState;
import org.aava.dialer.core.calls.CallTrace;
import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.testing.TraceLines;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Records the lifecycle inputs of a lab dialer's calls as JSON lines, when {@code -Daava.trace.dir=<dir>} is set
 * (one file per test class and dialer): the traces {@code AttemptTraceReplayTest} replays in core.
 */
final class LabTrace implements CallTrace, AutoCloseable {
    private final BufferedWriter out;
    private final Set<Long> attempts = new HashSet<>();

    private LabTrace(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** A trace for this dialer if asked for, else null. */
    static LabTrace ifAsked(String name) {
        String dir = System.getProperty("aava.trace.dir");
        if (dir == null || dir.isBlank()) return null;
        String test = StackWalker.getInstance().walk(s -> s.map(StackWalker.StackFrame::getClassName)
                .filter(c -> c.endsWith("LabTest")).findFirst().orElse("lab"));
        try {
            return new LabTrace(Path.of(dir).resolve(test.substring(test.lastIndexOf('.') + 1) + "-" + name + ".jsonl"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void started(CallState state) {
        attempts.add(state.attemptId());
        write(TraceLines.start(state));
    }

    @Override
    public synchronized void event(long attemptId, CallEvent event) {
        write(TraceLines.event(attemptId, event));
    }

    /** What the store kept for each traced attempt, for the replay to compare with. */
    synchronized void stored(List<Attempt> all) {
        for (Attempt a : all) {
            if (attempts.contains(a.id()) && a.outcome() != null) write(TraceLines.stored(a.id(), a.outcome().wire()));
        }
    }

    private void write(String line) {
        try {
            out.write(line);
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
