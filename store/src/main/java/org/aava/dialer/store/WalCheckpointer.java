package org.aava.dialer.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * While an import runs, copies the WAL back into the database file from its own thread, every
 * {@value #PERIOD_MS} ms; the writer's commits then run with {@code wal_autocheckpoint=0} (see
 * {@link Db#importing()}). Otherwise the commit that crosses {@link Db#AUTOCHECKPOINT_PAGES} WAL pages does the checkpoint (copy and
 * sync) itself, and during an import that commit is as often a lease as an import chunk. A PASSIVE
 * checkpoint takes no lock that the writer or the readers wait for. Outside imports this thread does
 * nothing: SQLite's own checkpoints are cheap then, and checkpointing (with its sync) every 500 ms slowed
 * the call path on the lab (hop back → AI attach p50 5.6 → 44.7 ms).
 *
 * <p>This checkpoint runs beside the writer, so it never copies the frames written while it ran, and SQLite
 * starts the WAL over only from a complete one: when the WAL holds {@value #REWIND_FRAMES} frames or more, the
 * writer is asked to finish the job between two import transactions ({@link Db#askWalRewind}).
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);
    static final long PERIOD_MS = 500;
    /** 16 MB of 4 KB pages: past this the writer completes the checkpoint so that the WAL starts over. */
    static final int REWIND_FRAMES = 4096;

    private final DataSource dataSource;
    private final BooleanSupplier importing;
    private final Runnable askRewind;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            LowerCpuPriority.daemonThreads("aava-db-checkpoint", LowerCpuPriority.DATABASE_NICENESS));
    private boolean warned;

    /** @param importing whether an import runs (only then does this check); @param askRewind asks the writer to finish the checkpoint */
    WalCheckpointer(DataSource dataSource, BooleanSupplier importing, Runnable askRewind) {
        this.dataSource = dataSource;
        this.importing = importing;
        this.askRewind = askRewind;
        timer.scheduleWithFixedDelay(this::checkpoint, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    private void checkpoint() {
        if (!importing.getAsBoolean()) return;
        try (Connection c = dataSource.getConnection()) {
            Result result = passive(c);
            warned = false;
            if (result.walFrames() >= REWIND_FRAMES) askRewind.run();
        } catch (Exception e) {
            // never let the task die: the next round tries again (a dead checkpointer would let the WAL grow)
            if (!warned) log.warn("WAL checkpoint failed (will retry every {} ms): {}", PERIOD_MS, e.toString());
            warned = true;
        }
    }

    /**
     * What a {@code PRAGMA wal_checkpoint(PASSIVE)} did.
     *
     * @param busy      another connection held the checkpoint lock, and nothing was copied
     * @param walFrames frames in the WAL
     * @param copied    of those, frames now copied back into the database file
     */
    record Result(boolean busy, int walFrames, int copied) {
        /** Every frame is copied back: the next write starts the WAL over (unless a reader still uses it). */
        boolean complete() {
            return !busy && copied >= walFrames;
        }
    }

    /** Runs a PASSIVE checkpoint on {@code c}: it copies what it can and waits for no one. */
    static Result passive(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next();
            return new Result(rs.getInt(1) != 0, rs.getInt(2), rs.getInt(3));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
