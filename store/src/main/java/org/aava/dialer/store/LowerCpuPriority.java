package org.aava.dialer.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Threads whose work can wait a few milliseconds (the database writer, the WAL checkpoint) run at a higher
 * Linux nice value than the rest of the process. On a box shared with Asterisk, an import kept the writer
 * on a core, and both Asterisk and our ARI event thread waited for CPU: event lag p99 beside a 1M-lead import
 * and 50 calls was 20-45 ms with the writer at nice 0 and 12.6-15.4 ms at nice 10 (lab, 2 cores, three runs
 * each). The import then took 13-15 s instead of 11-12 s; calls go first.
 * <p>
 * The JVM has no call for a thread's nice value (thread priorities are ignored on Linux), so the thread's own
 * id is read from {@code /proc/thread-self} and {@code renice} is run once for it, off the thread. Raising
 * one's own nice value needs no privilege. Anywhere this fails (not Linux, no renice), the thread runs at
 * normal priority and the log says so.
 */
final class LowerCpuPriority {
    private static final Logger log = LoggerFactory.getLogger(LowerCpuPriority.class);
    /** The writer and checkpoint threads' niceness: Linux gives a nice-0 thread ~9x their CPU share, so calls and Asterisk go first. */
    static final int DATABASE_NICENESS = 10;

    private LowerCpuPriority() {
    }

    /** Daemon threads named {@code name} that lower their own priority to {@code niceness} when they start. */
    static ThreadFactory daemonThreads(String name, int niceness) {
        return r -> {
            Thread t = new Thread(() -> {
                lowerCurrentThread(niceness);
                r.run();
            }, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Asks for this thread to run at {@code niceness}; returns at once (renice runs on another thread). */
    static void lowerCurrentThread(int niceness) {
        String name = Thread.currentThread().getName();
        OptionalInt tid = currentThreadId();
        if (tid.isEmpty()) {
            log.info("{} runs at normal CPU priority: no /proc/thread-self (not Linux)", name);
            return;
        }
        Thread.ofVirtual().name("renice-" + name).start(() -> renice(name, tid.getAsInt(), niceness));
    }

    /** The kernel's id of the calling thread, from {@code /proc/thread-self -> <pid>/task/<tid>}. */
    static OptionalInt currentThreadId() {
        try {
            Path link = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            return OptionalInt.of(Integer.parseInt(link.getFileName().toString()));
        } catch (IOException | UnsupportedOperationException | NumberFormatException | SecurityException e) {
            return OptionalInt.empty();
        }
    }

    /** The nice value of one of this process's threads, from {@code /proc/self/task/<tid>/stat} (field 19). */
    static OptionalInt niceOf(int tid) {
        try {
            String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
            // the command name (field 2) is in parentheses and may contain spaces: count fields after its ')'
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return OptionalInt.of(Integer.parseInt(after[16]));
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    private static void renice(String name, int tid, int niceness) {
        try {
            Process p = new ProcessBuilder("renice", "-n", Integer.toString(niceness), "-p", Integer.toString(tid))
                    .redirectErrorStream(true).start();
            // wait first: reading its output to the end would block as long as renice does, past this timeout
            // (its one line fits in the pipe's buffer meanwhile)
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                log.info("{} runs at normal CPU priority: renice did not finish", name);
            } else if (p.exitValue() != 0) {
                String output = new String(p.getInputStream().readAllBytes()).strip();
                log.info("{} runs at normal CPU priority: renice exited with {} ({})", name, p.exitValue(), output);
            } else {
                OptionalInt now = niceOf(tid);
                log.info("{} (thread {}) runs at nice {}: call handling and Asterisk get the CPU first", name, tid,
                        now.isPresent() ? Integer.toString(now.getAsInt()) : "?");
            }
        } catch (IOException e) {
            log.info("{} runs at normal CPU priority: could not run renice ({})", name, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
