package org.aava.dialer.store;

import org.aava.dialer.core.ports.AttemptJournal;
import org.aava.dialer.core.ports.AttemptRepository;
import org.aava.dialer.core.ports.AuditLog;
import org.aava.dialer.core.ports.CallHistoryRepository;
import org.aava.dialer.core.ports.CampaignRepository;
import org.aava.dialer.core.ports.DncRepository;
import org.aava.dialer.core.ports.ImportJobRepository;
import org.aava.dialer.core.ports.LeadRepository;
import org.aava.dialer.core.ports.NodeHeartbeats;
import org.aava.dialer.core.ports.RecordingRepository;
import org.aava.dialer.core.ports.UserDirectory;

import java.util.concurrent.CompletableFuture;

/** The part both stores share: the same repositories over their own {@link Db}. */
abstract sealed class SharedRepositoriesStore implements Store permits SqliteStore, PostgresStore {
    final StoreRepositories repos;

    SharedRepositoriesStore(Db db) {
        this.repos = StoreRepositories.over(db);
    }

    @Override public CampaignRepository campaigns() { return repos.campaigns(); }

    @Override public LeadRepository leads() { return repos.leads(); }

    @Override public AttemptRepository attempts() { return repos.attempts(); }

    @Override public CallHistoryRepository callHistory() { return repos.callHistory(); }

    @Override public AttemptJournal journal() { return repos.journal(); }

    @Override public DncRepository dnc() { return repos.dnc(); }

    @Override public AuditLog audit() { return repos.audit(); }

    @Override public ImportJobRepository importJobs() { return repos.importJobs(); }

    @Override public RecordingRepository recordings() { return repos.recordings(); }

    @Override public UserDirectory users() { return repos.users(); }

    @Override public NodeHeartbeats nodes() { return repos.nodes(); }

    @Override
    public CompletableFuture<Long> nameIndexBacklog() {
        return repos.nameIndex().backlog();
    }
}
