package org.aava.dialer.bench.data;

import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.store.SqliteStore;
import org.aava.dialer.store.StoreOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private copy of a {@link Dataset} for one JMH trial: a real SQLite file in its own temp
 * directory, opened in WAL mode with the server's default store options, deleted on close.
 *
 * <p>The dataset itself is generated through the store once per machine (under a minute for 1M leads) and
 * cached; every trial copies the cached file, so each trial starts from the same data without
 * paying for the generation again. The cache lives in {@code $AAVA_BENCH_CACHE} (bench/run.sh points it
 * at bench/target/bench-cache), else in {@code java.io.tmpdir}.
 */
public final class TrialDatabase implements AutoCloseable {
    private final Path dir;
    private final SqliteStore store;
    private final List<Campaign> campaigns;

    private TrialDatabase(Path dir, SqliteStore store) {
        this.dir = dir;
        this.store = store;
        this.campaigns = store.campaigns().listRunning().join().stream().sorted(Comparator.comparingLong(Campaign::id)).toList();
    }

    public static TrialDatabase open(Dataset dataset) {
        return open(dataset, StoreOptions.defaults());
    }

    /** With the server's defaults changed, e.g. a metrics hook that counts the store's operations. */
    public static TrialDatabase open(Dataset dataset, StoreOptions options) {
        Path template = cachedTemplate(dataset);
        try {
            Path dir = Files.createTempDirectory("aava-bench-");
            Path file = dir.resolve("aava.db");
            Files.copy(template, file);
            return new TrialDatabase(dir, SqliteStore.open(file, options));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + template + " for the trial", e);
        }
    }

    public SqliteStore store() {
        return store;
    }

    /** The dataset's running campaigns, in creation order. */
    public List<Campaign> campaigns() {
        return campaigns;
    }

    public Campaign firstCampaign() {
        return campaigns.getFirst();
    }

    @Override
    public void close() {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }

    /** The cached file of {@code dataset}, generated first if missing (written aside, then renamed). */
    static synchronized Path cachedTemplate(Dataset dataset) {
        Path cache = cacheDir();
        Path file = cache.resolve(dataset.fileName());
        if (Files.isRegularFile(file)) return file;
        try {
            Files.createDirectories(cache);
            Path building = cache.resolve(dataset.fileName() + ".building-" + ProcessHandle.current().pid());
            long t0 = System.nanoTime();
            System.err.printf("generating the %s dataset (%,d leads) in %s ...%n", dataset.name(), dataset.totalLeads(), cache);
            DatasetBuilder.build(dataset, building);
            foldWalIntoFile(building);
            Files.move(building, file, StandardCopyOption.ATOMIC_MOVE);
            System.err.printf("dataset %s ready in %.1f s%n", dataset.name(), (System.nanoTime() - t0) / 1e9);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the " + dataset.name() + " dataset in " + cache, e);
        }
    }

    /** The cached copy must be one self-contained file: checkpoint whatever the WAL still holds into it. */
    private static void foldWalIntoFile(Path db) throws IOException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            s.execute("PRAGMA journal_mode=DELETE");
        } catch (SQLException e) {
            throw new IOException("cannot checkpoint " + db + ": " + e.getMessage(), e);
        }
        if (Files.exists(Path.of(db + "-wal"))) throw new IOException(db + "-wal is still there after a checkpoint");
    }

    private static Path cacheDir() {
        String configured = System.getenv("AAVA_BENCH_CACHE");
        if (configured == null || configured.isBlank()) configured = System.getProperty("aava.bench.cache");
        if (configured == null || configured.isBlank()) return Path.of(System.getProperty("java.io.tmpdir"), "aava-bench-cache");
        return Path.of(configured).toAbsolutePath();
    }
}
