package org.aava.dialer.core.admin.imports;

import org.aava.dialer.core.ports.AuditLog;
import org.aava.dialer.core.ports.ImportJobRepository;
import org.aava.dialer.core.ports.ImportJobRepository.ImportJob;
import org.aava.dialer.core.ports.ImportJobRepository.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.LongPredicate;

/**
 * The record an import leaves: each job is audited when it starts and when it ends (finished, failed and why, or
 * interrupted), and its stored status follows. The audit entry is written before the status changes, so whoever sees
 * the status sees the entry; a failed audit write is logged, never a reason to lose the job's ending.
 */
public final class ImportJobRecords {
    private static final Logger log = LoggerFactory.getLogger(ImportJobRecords.class);

    /** The processes that may run imports: this one, and whether another is still alive. */
    public interface Processes {
        long self();

        boolean isAlive(long pid);
    }

    private final ImportJobRepository repo;
    private final AuditLog audit;
    private final Processes processes;

    public ImportJobRecords(ImportJobRepository repo, AuditLog audit, Processes processes) {
        this.repo = repo;
        this.audit = audit;
        this.processes = processes;
    }

    public ImportJob start(long campaignId, String sourceName, String format, String actor) {
        ImportJob job = repo.start(campaignId, sourceName, format, actor, processes.self()).join();
        audited(actor, "leads.import.start", "campaign:" + campaignId, "import " + job.id() + " (" + format
                + (sourceName == null ? "" : ", " + sourceName) + ")");
        return job;
    }

    /** The importer's own counts so far, while the job runs. */
    public void progress(long id, ImportResult soFar) {
        repo.progress(id, soFar.rows(), soFar.rejected());
    }

    public void finished(ImportJob job, ImportResult r, String errorCsv) {
        audited(job.actor(), "leads.import", "campaign:" + job.campaignId(), "import " + job.id() + " finished: rows " + r.rows() + ", accepted "
                + r.accepted() + ", duplicates " + r.duplicates() + ", rejected " + r.rejected() + ", dnc " + r.dnc());
        repo.end(job.id(), Status.FINISHED, null, r.rows(), r.rejected(), errorCsv).join();
    }

    /** The job stopped for {@code reason} after reading {@code rowsRead} rows; what its transactions committed stays. */
    public void failed(ImportJob job, String reason, long rowsRead, long rejected, String errorCsv) {
        audited(job.actor(), "leads.import.failed", "campaign:" + job.campaignId(), "import " + job.id() + ": " + reason);
        repo.end(job.id(), Status.FAILED, reason, rowsRead, rejected, errorCsv).join();
    }

    /**
     * A job still {@code running} whose process is gone (kill -9, a crash, power loss) is marked {@code interrupted},
     * with the rows its committed transactions kept. A job of a live process beside us (a CLI import) is left alone,
     * and so is one {@code runningHere} says this process runs.
     */
    public int interruptAbandoned(LongPredicate runningHere) {
        int n = 0;
        for (ImportJob j : repo.running().join()) {
            if (runningHere.test(j.id())) continue;
            boolean alive = j.ownerPid() != processes.self() && j.ownerPid() > 0 && processes.isAlive(j.ownerPid());
            if (alive) continue;
            String reason = "interrupted: the process running it ended (kill -9, crash or power loss); " + j.accepted()
                    + " leads were committed before it stopped";
            audited("system", "leads.import.interrupted", "campaign:" + j.campaignId(), "import " + j.id() + ": " + reason);
            repo.end(j.id(), Status.INTERRUPTED, reason, j.rowsRead(), j.rejected(), null).join();
            log.warn("lead import {} of campaign {} was left running by a process that is gone: marked interrupted ({} leads committed)",
                    j.id(), j.campaignId(), j.accepted());
            n++;
        }
        return n;
    }

    private void audited(String actor, String action, String subject, String details) {
        try {
            audit.record(actor, action, subject, details).join();
        } catch (RuntimeException e) {
            log.warn("audit of {} failed: {}", action, e.toString());
        }
    }
}
