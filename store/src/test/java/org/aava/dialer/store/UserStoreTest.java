package org.aava.dialer.store;

import org.aava.dialer.core.ports.UserDirectory;
import org.aava.dialer.core.ports.UserDirectory.Change;
import org.aava.dialer.core.ports.UserDirectory.Role;
import org.aava.dialer.core.ports.UserDirectory.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserStoreTest {
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    @TempDir
    Path dir;

    private static User user(String name, Role role) {
        return new User(name, role, "hash-of-" + name, 1, T0, T0);
    }

    @Test
    void usersAreCreatedOnceChangedWithAVersionAndKeptAcrossAReopen() {
        try (Store store = TestDatabases.open(dir, StoreOptions.defaults())) {
            UserDirectory users = store.users();
            assertTrue(users.create(user("admin", Role.ADMIN)).join());
            assertFalse(users.create(user("admin", Role.VIEWER)).join(), "a taken username is refused");
            assertTrue(users.create(user("ann", Role.VIEWER)).join());
            assertEquals(Change.DONE, users.update("ann", Role.OPERATOR, null, T0.plusSeconds(5)).join());
            User ann = users.find("ann").join().orElseThrow();
            assertEquals(Role.OPERATOR, ann.role());
            assertEquals("hash-of-ann", ann.passwordHash(), "a null hash keeps the password");
            assertEquals(2, ann.version(), "a change raises the version");
            users.rehash("ann", "hash-of-ann", "newer-hash").join();
            assertEquals(2, users.find("ann").join().orElseThrow().version(), "a rehash keeps the sessions");
            users.rehash("ann", "stale", "other").join();
            assertEquals("newer-hash", users.find("ann").join().orElseThrow().passwordHash(), "a rehash of a changed hash does nothing");
            assertEquals(Change.NOT_FOUND, users.update("bob", Role.VIEWER, null, T0).join());
            assertEquals(Change.NOT_FOUND, users.delete("bob").join());
        }
        try (Store store = TestDatabases.open(dir, StoreOptions.defaults())) {
            assertEquals(List.of("admin", "ann"), store.users().all().join().stream().map(User::username).toList());
        }
    }

    @Test
    void theLastAdminCanBeNeitherDemotedNorDeleted() {
        try (Store store = TestDatabases.open(dir, StoreOptions.defaults())) {
            UserDirectory users = store.users();
            users.create(user("admin", Role.ADMIN)).join();
            assertEquals(Change.LAST_ADMIN, users.update("admin", Role.OPERATOR, null, T0).join());
            assertEquals(Change.LAST_ADMIN, users.delete("admin").join());
            assertEquals(Change.DONE, users.update("admin", Role.ADMIN, "new", T0).join(), "the password of the last admin may change");
            users.create(user("eve", Role.ADMIN)).join();
            assertEquals(Change.DONE, users.update("admin", Role.VIEWER, null, T0).join(), "with another admin it may");
            assertEquals(Change.LAST_ADMIN, users.delete("eve").join());
            assertEquals(Change.DONE, users.delete("admin").join());
            assertEquals(Role.ADMIN, users.find("eve").join().orElseThrow().role());
        }
    }
}
