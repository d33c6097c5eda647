package org.aava.dialer.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the database's file system still has room: a full disk fails every write, so health must not say ok. */
final class DiskSpace {
    /** Below this the next import or checkpoint may fail. */
    static final long MIN_FREE_BYTES = 64L * 1024 * 1024;

    private DiskSpace() {
    }

    static String state(Path database) {
        return state(database, MIN_FREE_BYTES);
    }

    static String state(Path database, long minFree) {
        try {
            Path dir = database.toAbsolutePath().getParent();
            return Files.getFileStore(dir).getUsableSpace() < minFree ? "full" : "ok";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
