package org.aava.dialer.bench.scheduler;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU time of this process, and of its platform threads whose names match, between {@link #start()}
 * and {@link #stop()}. Threads that start in between count from zero; threads that end in between lose
 * their last slice (the store's and the pacer's threads live as long as they do).
 */
final class CpuMeter {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final Predicate<String> threadName;
    private Map<Long, Long> threadsAtStart;
    private long processAtStart;
    private long wallAtStart;

    /** What was used over the measured span. */
    record Usage(long wallNanos, long threadCpuNanos, long processCpuNanos, Map<String, Long> byThread) {
        double threadPercentOfCore() {
            return 100.0 * threadCpuNanos / wallNanos;
        }

        double processPercentOfCore() {
            return 100.0 * processCpuNanos / wallNanos;
        }
    }

    CpuMeter(Predicate<String> threadName) {
        this.threadName = threadName;
        if (!threads.isThreadCpuTimeEnabled()) threads.setThreadCpuTimeEnabled(true);
    }

    void start() {
        threadsAtStart = matchingThreadCpu();
        processAtStart = os.getProcessCpuTime();
        wallAtStart = System.nanoTime();
    }

    Usage stop() {
        long wall = System.nanoTime() - wallAtStart;
        long process = os.getProcessCpuTime() - processAtStart;
        Map<String, Long> byThread = new HashMap<>();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null || !threadName.test(info.getThreadName())) continue;
            long now = threads.getThreadCpuTime(info.getThreadId());
            if (now < 0) continue;
            long used = now - threadsAtStart.getOrDefault(info.getThreadId(), 0L);
            byThread.merge(info.getThreadName(), used, Long::sum);
            total += used;
        }
        return new Usage(wall, total, process, byThread);
    }

    private Map<Long, Long> matchingThreadCpu() {
        Map<Long, Long> out = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && threadName.test(info.getThreadName())) out.put(info.getThreadId(), threads.getThreadCpuTime(info.getThreadId()));
        }
        return out;
    }
}
