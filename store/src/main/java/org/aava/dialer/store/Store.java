package org.aava.dialer.store;

import org.aava.dialer.core.ports.AttemptJournal;
import org.aava.dialer.core.ports.AttemptRepository;
import org.aava.dialer.core.ports.AuditLog;
import org.aava.dialer.core.ports.CallHistoryRepository;
import org.aava.dialer.core.ports.CampaignRepository;
import org.aava.dialer.core.ports.DncRepository;
import org.aava.dialer.core.ports.ImportJobRepository;
import org.aava.dialer.core.ports.LeadRepository;
import org.aava.dialer.core.ports.RecordingRepository;
import org.aava.dialer.core.ports.UserDirectory;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The dialer's database, SQLite ({@link SqliteStore}, one node) or PostgreSQL ({@link PostgresStore}, one or
 * several nodes): the same repositories over either, opened by {@link Stores#open}. Every repository method runs
 * its JDBC on the store's own threads and returns a future.
 */
public interface Store extends AutoCloseable {
    CampaignRepository campaigns();

    LeadRepository leads();

    AttemptRepository attempts();

    CallHistoryRepository callHistory();

    /** The call path's writes, one transaction per transition of an attempt. */
    AttemptJournal journal();

    DncRepository dnc();

    AuditLog audit();

    ImportJobRepository importJobs();

    RecordingRepository recordings();

    UserDirectory users();

    /** The heartbeats of the dialer nodes sharing this database. */
    org.aava.dialer.core.ports.NodeHeartbeats nodes();

    /**
     * Leads not yet in the name search index (SQLite fills it in the background once imports pause; until then those
     * leads are searched by a scan, complete but slower); 0 when it has caught up, always 0 on PostgreSQL.
     */
    CompletableFuture<Long> nameIndexBacklog();

    /** The schema version of the open database. */
    int schemaVersion();

    /** True when a write transaction can be started now. Never fails. */
    CompletableFuture<Boolean> healthCheck();

    /** Where the data is, for logs and the health page: a file, or a JDBC URL (never with a password). */
    String location();

    /**
     * An online backup into {@code target}, a complete copy or nothing.
     *
     * @throws IllegalArgumentException if {@code target} exists and {@code overwrite} is false
     * @throws UnsupportedOperationException where the database has its own tools for it (PostgreSQL: pg_dump)
     */
    void backup(Path target, boolean overwrite);

    default void backup(Path target) {
        backup(target, false);
    }

    /** Finishes queued operations (up to 10 s), then closes the pool. */
    @Override
    void close();
}
