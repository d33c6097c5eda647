package org.aava.dialer.store;

import org.aava.dialer.core.ports.AuditLog;
import org.aava.dialer.core.ports.Page;
import org.jooq.Condition;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.aava.dialer.store.jooq.Tables.AUDIT_LOG;

final class AuditStore implements AuditLog {
    private final Db db;

    AuditStore(Db db) {
        this.db = db;
    }

    @Override
    public CompletableFuture<Void> record(String actor, String action, String subject, String details) {
        return db.write("audit.record", dsl -> {
            dsl.insertInto(AUDIT_LOG).set(AUDIT_LOG.AT_UTC, Timestamps.format(Instant.now()))
                    .set(AUDIT_LOG.ACTOR, actor == null ? "system" : actor).set(AUDIT_LOG.ACTION, action)
                    .set(AUDIT_LOG.SUBJECT, subject).set(AUDIT_LOG.DETAILS, details).execute();
            return null;
        });
    }

    @Override
    public CompletableFuture<Page<AuditEntry>> page(String subjectPrefix, int page, int pageSize) {
        return db.read("audit.page", dsl -> {
            Condition where = subjectPrefix == null || subjectPrefix.isBlank() ? DSL.noCondition()
                    : AUDIT_LOG.SUBJECT.startsWith(subjectPrefix);
            long total = dsl.selectCount().from(AUDIT_LOG).where(where).fetchOne(0, Long.class);
            List<AuditEntry> items = dsl.selectFrom(AUDIT_LOG).where(where).orderBy(AUDIT_LOG.ID.desc()).limit(pageSize)
                    .offset((long) (Math.max(1, page) - 1) * pageSize)
                    .fetch(r -> new AuditEntry(r.getId(), Timestamps.parse(r.getAtUtc()), r.getActor(), r.getAction(),
                            r.getSubject(), r.getDetails()));
            return new Page<>(items, total, Math.max(1, page), pageSize);
        });
    }
}
