package org.aava.dialer.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The database and its WAL are never readable by other users, whatever the umask; the group keeps read and write. */
class DatabaseFileModeTest {
    @org.junit.jupiter.api.BeforeAll
    static void onSqliteOnly() {
        TestDatabases.assumeSqlite(); // this class checks the SQLite file itself
    }

    @TempDir
    Path dir;

    @Test
    void newAndExistingDatabasesAreNotWorldReadable() throws Exception {
        Path old = dir.resolve("old.db");
        Files.createFile(old, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-rw-r--")));
        for (Path db : new Path[]{dir.resolve("new.db"), old}) {
            try (Store store = SqliteStore.open(db, StoreOptions.defaults())) {
                store.audit().record("t", "x", "s", null).join();
                for (String suffix : new String[]{"", "-wal", "-shm"}) {
                    Path f = db.resolveSibling(db.getFileName() + suffix);
                    if (!Files.exists(f)) continue;
                    var perms = Files.getPosixFilePermissions(f);
                    assertFalse(perms.contains(PosixFilePermission.OTHERS_READ), f + " " + PosixFilePermissions.toString(perms));
                    assertTrue(perms.contains(PosixFilePermission.OWNER_WRITE));
                }
            }
        }
    }
}
