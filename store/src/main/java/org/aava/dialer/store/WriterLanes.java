package org.aava.dialer.store;

import java.util.concurrent.Executor;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The single writer thread with three lanes: call-path writes (lease, close, progress) always go before
 * queued bulk writes (import chunks), so a lease waits for at most the one chunk already running, never
 * for a whole import's backlog; background upkeep (the name index) runs only when nothing else is queued.
 * Within a lane, first come, first served.
 */
final class WriterLanes {
    private final ThreadPoolExecutor thread;
    private final AtomicLong sequence = new AtomicLong();
    private final Executor calls = task -> submit(task, 0);
    private final Executor bulk = task -> submit(task, 1);
    private final Executor idle = task -> submit(task, 2);

    WriterLanes(ThreadFactory factory) {
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(), factory);
    }

    Executor calls() {
        return calls;
    }

    Executor bulk() {
        return bulk;
    }

    Executor idle() {
        return idle;
    }

    ThreadPoolExecutor executor() {
        return thread;
    }

    /** Whether a call-path write is queued (asked by a bulk write between its slices, on the writer thread). */
    boolean callsWaiting() {
        return thread.getQueue().peek() instanceof Queued q && q.lane == 0;
    }

    /**
     * Runs the queued call-path writes now, in order. Only the writer thread calls this, from inside a bulk
     * write between two of its transactions: nothing else takes from the queue meanwhile.
     */
    void runWaitingCalls() {
        while (thread.getQueue().peek() instanceof Queued q && q.lane == 0) {
            if (thread.getQueue().remove(q)) q.run();
        }
    }

    private void submit(Runnable task, int lane) {
        thread.execute(new Queued(task, lane, sequence.incrementAndGet()));
    }

    private record Queued(Runnable task, int lane, long seq) implements Runnable, Comparable<Queued> {
        @Override
        public void run() {
            task.run();
        }

        @Override
        public int compareTo(Queued o) {
            return lane != o.lane ? Integer.compare(lane, o.lane) : Long.compare(seq, o.seq);
        }
    }
}
