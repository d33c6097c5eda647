package org.aava.dialer.store;

import org.aava.dialer.core.ports.UserDirectory;
import org.aava.dialer.store.jooq.tables.records.UsersRecord;
import org.jooq.DSLContext;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.aava.dialer.store.jooq.Tables.USERS;

/**
 * The users table. The last-admin rule is checked inside the write transaction that would break it, so two admins
 * demoting each other at once cannot leave none.
 */
final class UserStore implements UserDirectory {
    private final Db db;

    UserStore(Db db) {
        this.db = db;
    }

    @Override
    public CompletableFuture<Optional<User>> find(String username) {
        return db.read("user.find", dsl -> dsl.selectFrom(USERS).where(USERS.USERNAME.eq(username)).fetchOptional(UserStore::user));
    }

    @Override
    public CompletableFuture<List<User>> all() {
        return db.read("user.all", dsl -> dsl.selectFrom(USERS).orderBy(USERS.USERNAME).fetch(UserStore::user));
    }

    @Override
    public CompletableFuture<Boolean> create(User user) {
        return db.write("user.create", dsl -> dsl.insertInto(USERS).set(USERS.USERNAME, user.username()).set(USERS.ROLE, user.role().wire())
                .set(USERS.PASSWORD_HASH, user.passwordHash()).set(USERS.VERSION, Math.max(1, user.version()))
                .set(USERS.CREATED_AT_UTC, Timestamps.format(user.createdAt())).set(USERS.UPDATED_AT_UTC, Timestamps.format(user.updatedAt()))
                .onConflictDoNothing().execute() > 0);
    }

    @Override
    public CompletableFuture<Change> update(String username, Role role, String passwordHash, Instant at) {
        return db.write("user.update", dsl -> {
            UsersRecord r = dsl.selectFrom(USERS).where(USERS.USERNAME.eq(username)).fetchOne();
            if (r == null) return Change.NOT_FOUND;
            if (role != null && role != Role.ADMIN && isLastAdmin(dsl, r)) return Change.LAST_ADMIN;
            var update = dsl.update(USERS).set(USERS.VERSION, USERS.VERSION.plus(1)).set(USERS.UPDATED_AT_UTC, Timestamps.format(at));
            if (role != null) update = update.set(USERS.ROLE, role.wire());
            if (passwordHash != null) update = update.set(USERS.PASSWORD_HASH, passwordHash);
            update.where(USERS.USERNAME.eq(username)).execute();
            return Change.DONE;
        });
    }

    @Override
    public CompletableFuture<Change> delete(String username) {
        return db.write("user.delete", dsl -> {
            UsersRecord r = dsl.selectFrom(USERS).where(USERS.USERNAME.eq(username)).fetchOne();
            if (r == null) return Change.NOT_FOUND;
            if (isLastAdmin(dsl, r)) return Change.LAST_ADMIN;
            dsl.deleteFrom(USERS).where(USERS.USERNAME.eq(username)).execute();
            return Change.DONE;
        });
    }

    @Override
    public CompletableFuture<Void> rehash(String username, String oldHash, String newHash) {
        return db.write("user.rehash", dsl -> {
            dsl.update(USERS).set(USERS.PASSWORD_HASH, newHash).where(USERS.USERNAME.eq(username)).and(USERS.PASSWORD_HASH.eq(oldHash)).execute();
            return null;
        });
    }

    private static boolean isLastAdmin(DSLContext dsl, UsersRecord r) {
        if (!Role.ADMIN.wire().equals(r.getRole())) return false;
        return dsl.fetchCount(USERS, USERS.ROLE.eq(Role.ADMIN.wire())) <= 1;
    }

    private static User user(UsersRecord r) {
        Role role = Role.parse(r.getRole()).orElseThrow(() -> new IllegalStateException("user " + r.getUsername() + " has an unknown role"));
        return new User(r.getUsername(), role, r.getPasswordHash(), r.getVersion(), Timestamps.parse(r.getCreatedAtUtc()),
                Timestamps.parse(r.getUpdatedAtUtc()));
    }
}
