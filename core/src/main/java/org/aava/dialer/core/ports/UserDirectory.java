package org.aava.dialer.core.ports;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The people who may use the admin UI and API, and what each may do. Kept in the database so that every node of a
 * cluster knows the same users. A user's {@code version} goes up with every change of role or password: a session
 * remembers the version it was opened with, so such a change ends that user's sessions on every node.
 */
public interface UserDirectory {
    /** Each role may do everything the roles after it may. */
    enum Role {
        /** Everything, including the users. */
        ADMIN,
        /** Campaigns, leads, DNC, imports and recordings: every write of the dialer except the users. */
        OPERATOR,
        /** Reads only. */
        VIEWER;

        public boolean includes(Role other) {
            return ordinal() <= other.ordinal();
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Role> parse(String text) {
            if (text == null) return Optional.empty();
            for (Role r : values()) if (r.wire().equals(text)) return Optional.of(r);
            return Optional.empty();
        }
    }

    record User(String username, Role role, String passwordHash, long version, Instant createdAt, Instant updatedAt) {
        /** Never the hash: a user printed into a log or an error must not leak it. */
        @Override
        public String toString() {
            return "User[" + username + ", " + role.wire() + ", version " + version + "]";
        }
    }

    /** What a change did. */
    enum Change {
        DONE,
        NOT_FOUND,
        /** Refused: it would leave no admin. */
        LAST_ADMIN
    }

    CompletableFuture<Optional<User>> find(String username);

    /** Every user, by username. */
    CompletableFuture<List<User>> all();

    /** Adds the user; false (and nothing changed) when the username is taken. */
    CompletableFuture<Boolean> create(User user);

    /**
     * Changes the role and/or the password hash (null keeps it) and raises the version, in one transaction that
     * refuses to demote the last admin.
     */
    CompletableFuture<Change> update(String username, Role role, String passwordHash, Instant at);

    /** Removes the user, unless it is the last admin. */
    CompletableFuture<Change> delete(String username);

    /**
     * Replaces the hash by one of the same password in a newer format, without raising the version (the sessions
     * stay); does nothing if the hash changed meanwhile.
     */
    CompletableFuture<Void> rehash(String username, String oldHash, String newHash);
}
