package org.aava.dialer.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The database holds leads' names and numbers: never readable by other users, whatever the umask (the shipped unit's
 * {@code UMask=0002} would make it 0664). The group keeps read and write, for the README's shared-file setup with
 * Asterisk's group. SQLite gives its -wal and -shm files the database file's mode.
 */
final class DatabaseFileMode {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private DatabaseFileMode() {
    }

    static void restrict(Path db) {
        try {
            try {
                // created here (empty is a valid new database) so it never exists with a wider mode
                Files.createFile(db, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-rw----")));
            } catch (FileAlreadyExistsException exists) {
                // an existing database: narrowed below
            }
            for (String suffix : new String[]{"", "-wal", "-shm"}) {
                Path f = db.resolveSibling(db.getFileName() + suffix);
                if (!Files.exists(f)) continue;
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(f);
                if (perms.removeAll(OTHERS)) Files.setPosixFilePermissions(f, perms);
            }
        } catch (UnsupportedOperationException | IOException notPosixOrNotOurs) {
            // not a POSIX file system, or a file we do not own: SQLite reports real problems when it opens it
        }
    }
}
