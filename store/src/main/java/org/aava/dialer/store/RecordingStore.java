package org.aava.dialer.store;

import org.aava.dialer.core.ports.RecordingRepository;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.aava.dialer.store.jooq.Tables.RECORDINGS;

final class RecordingStore implements RecordingRepository {
    private final Db db;

    RecordingStore(Db db) {
        this.db = db;
    }

    @Override
    public CompletableFuture<Void> save(RecordingInfo info) {
        return db.write("recording.save", dsl -> {
            dsl.insertInto(RECORDINGS).set(RECORDINGS.NAME, info.name()).set(RECORDINGS.LABEL, info.label())
                    .set(RECORDINGS.ORIGINAL_NAME, info.originalName()).set(RECORDINGS.SOURCE, info.source())
                    .set(RECORDINGS.CREATED_AT_UTC, Timestamps.format(info.createdAt()))
                    .onConflict(RECORDINGS.NAME).doUpdate().set(RECORDINGS.LABEL, info.label()).execute();
            return null;
        });
    }

    @Override
    public CompletableFuture<Boolean> rename(String name, String label) {
        return db.write("recording.rename", dsl -> dsl.update(RECORDINGS).set(RECORDINGS.LABEL, label)
                .where(RECORDINGS.NAME.eq(name)).execute() > 0);
    }

    @Override
    public CompletableFuture<Void> forget(String name) {
        return db.write("recording.forget", dsl -> {
            dsl.deleteFrom(RECORDINGS).where(RECORDINGS.NAME.eq(name)).execute();
            return null;
        });
    }

    @Override
    public CompletableFuture<Map<String, RecordingInfo>> all() {
        return db.read("recording.all", dsl -> {
            Map<String, RecordingInfo> out = new LinkedHashMap<>();
            dsl.selectFrom(RECORDINGS).orderBy(RECORDINGS.NAME).forEach(r -> out.put(r.getName(), new RecordingInfo(r.getName(), r.getLabel(),
                    r.getOriginalName(), r.getSource(), Timestamps.parse(r.getCreatedAtUtc()))));
            return out;
        });
    }
}
