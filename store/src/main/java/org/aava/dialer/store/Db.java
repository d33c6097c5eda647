package org.aava.dialer.store;

import org.jooq.DSLContext;
import org.jooq.conf.Settings;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How the stores run their SQL: every call runs on the database's own threads and returns a future, so no
 * caller (an ARI event thread, the scheduler) ever waits on the database. {@link SqliteDb} serialises writes
 * on one writer thread; {@link PostgresDb} runs them side by side and retries what PostgreSQL aborts.
 */
interface Db {
    Settings SETTINGS = new Settings().withExecuteLogging(false).withRenderSchema(false);

    /** The database these statements run on. */
    StoreDialect dialect();

    /** Auto-commit reads; each statement sees the latest committed data. */
    <T> CompletableFuture<T> read(String op, Function<DSLContext, T> work);

    /** One write transaction, retried while the database says a retry is safe. */
    <T> CompletableFuture<T> write(String op, Function<DSLContext, T> work);

    /**
     * A bulk write over {@code items}, {@code slice} items at a time, in transactions of up to
     * {@code maxPerTransaction} items; each transaction commits what it did.
     *
     * @param begin        what each transaction prepares once (statements, checks)
     * @param work         one slice's writes; the int is the slice's offset in {@code items}
     * @param combine      adds a slice's result to the sum so far (from {@code zero})
     * @param beforeCommit runs once at the end of each transaction, inside it, with what that transaction wrote
     */
    <I, S, T> CompletableFuture<T> writeBulkInSlices(String op, List<I> items, int slice, int maxPerTransaction,
                                                     T zero, Function<DSLContext, S> begin,
                                                     SliceWork<S, I, T> work, BinaryOperator<T> combine,
                                                     BiConsumer<S, T> beforeCommit);

    default <I, S, T> CompletableFuture<T> writeBulkInSlices(String op, List<I> items, int slice, int maxPerTransaction,
                                                             T zero, Function<DSLContext, S> begin,
                                                             SliceWork<S, I, T> work, BinaryOperator<T> combine) {
        return writeBulkInSlices(op, items, slice, maxPerTransaction, zero, begin, work, combine, (state, sum) -> { });
    }

    /** Background upkeep, after the work that matters. */
    <T> CompletableFuture<T> writeIdle(String op, Function<DSLContext, T> work);

    /** Runs {@code work} on a reader thread (e.g. the health probe, which must not queue behind a stuck write). */
    <T> CompletableFuture<T> onReader(String op, Supplier<T> work);

    /** Whether a bulk write (an import) ran within {@code window}: upkeep waits for imports to finish. */
    boolean bulkWriteWithin(Duration window);

    /** One slice of a {@link #writeBulkInSlices} write, with the state its transaction began with. */
    @FunctionalInterface
    interface SliceWork<S, I, T> {
        T apply(S transaction, List<I> slice, int offset);
    }
}
