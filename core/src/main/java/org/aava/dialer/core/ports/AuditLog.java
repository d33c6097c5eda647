package org.aava.dialer.core.ports;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** Who changed what, and when: campaign state changes, imports, DNC changes, recycle/reset/delete. */
public interface AuditLog {
    record AuditEntry(long id, Instant at, String actor, String action, String subject, String details) {
    }

    CompletableFuture<Void> record(String actor, String action, String subject, String details);

    CompletableFuture<Page<AuditEntry>> page(String subjectPrefix, int page, int pageSize);
}
