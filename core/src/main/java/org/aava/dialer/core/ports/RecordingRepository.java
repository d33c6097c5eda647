package org.aava.dialer.core.ports;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What the operator knows each recording by. The audio file keeps its generated name (campaigns point at it by
 * URI, so renaming never breaks a campaign); the label starts as the uploaded file's name.
 */
public interface RecordingRepository {
    /** @param source upload, tts or shipped */
    record RecordingInfo(String name, String label, String originalName, String source, Instant createdAt) {
    }

    CompletableFuture<Void> save(RecordingInfo info);

    /** False when no recording of that name is known. */
    CompletableFuture<Boolean> rename(String name, String label);

    CompletableFuture<Void> forget(String name);

    /** Every known recording by name. */
    CompletableFuture<Map<String, RecordingInfo>> all();
}
