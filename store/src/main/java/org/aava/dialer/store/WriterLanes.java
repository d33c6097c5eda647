package org.aava.dialer.store;

import java.util.concurrent.Executor;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The single writer thread with three lanes: call-path writes (lease, close, progress) always go before
 * queued bulk writes (import chunks), so a lease waits for at most the one chunk already running, never
 * for a whole import's backlog; background upkeep (the name index) runs only when nothing else is queued.
 * Within a lane, first come, first served.
 *
 * <p>Between two import transactions the call lane gets a turn of up to {@link #CALL_TURN_NANOS}. In that turn
 * the writer, having just served a call-path write, waits up to {@link #ANTICIPATE_NANOS} for the next one
 * before it goes back to the import (anticipatory scheduling, as in disk schedulers): a pacer that leases
 * again as soon as its last lease returns would otherwise find the import's next slice and commit in its way
 * every time. When the turn is over the import runs one slice, so however busy the call lane is, an import
 * still moves, and a call-path write still waits for at most that one slice (or, about once a second while
 * the call lane never empties, for the writer to complete a WAL checkpoint: {@code Db.maybeRewindWal}).
 */
final class WriterLanes {
    private final ThreadPoolExecutor thread;
    private final AtomicLong sequence = new AtomicLong();
    private final Executor calls = task -> submit(task, 0);
    private final Executor bulk = task -> submit(task, 1);
    private final Executor idle = task -> submit(task, 2);
    /** The writer thread while it waits for a call-path write in {@link #awaitCall}, else null. */
    private volatile Thread anticipating;

    /** Longest wait for the next call-path write after one was served (a pacer's turnaround is ~0.05 ms). */
    static final long ANTICIPATE_NANOS = 300_000;
    /** Longest the call lane keeps the writer while an import waits. */
    static final long CALL_TURN_NANOS = 2_000_000;

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
        return waitingCall() != null;
    }

    /** The call-path write at the head of the queue, or null if the head is a bulk or idle write (or none). */
    private Queued waitingCall() {
        return thread.getQueue().peek() instanceof Queued q && q.lane == 0 ? q : null;
    }

    /**
     * The call lane's turn between two import transactions: runs the queued call-path writes in order, and
     * after each, waits briefly for another, until the turn is over or none comes. Only the writer thread calls
     * this, from inside a bulk write between two of its transactions: nothing else takes from the queue meanwhile.
     */
    void runWaitingCalls() {
        long turnEnds = System.nanoTime() + CALL_TURN_NANOS;
        for (Queued q; (q = waitingCall()) != null; ) {
            if (thread.getQueue().remove(q)) q.run();
            long left = turnEnds - System.nanoTime();
            if (left <= 0 || !awaitCall(Math.min(ANTICIPATE_NANOS, left))) return;
        }
    }

    /** Waits up to {@code nanos} for a call-path write to be queued; whether one is. */
    private boolean awaitCall(long nanos) {
        long deadline = System.nanoTime() + nanos;
        // Set before looking at the queue, and read by submit after it queued: one of the two sees the other.
        anticipating = Thread.currentThread();
        try {
            while (!callsWaiting()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                LockSupport.parkNanos(this, left);
            }
            return true;
        } finally {
            anticipating = null;
        }
    }

    private void submit(Runnable task, int lane) {
        thread.execute(new Queued(task, lane, sequence.incrementAndGet()));
        Thread waiting = anticipating;
        if (lane == 0 && waiting != null) LockSupport.unpark(waiting);
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
