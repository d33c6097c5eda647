package org.aava.dialer.web;

import org.aava.dialer.core.ports.UserDirectory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Users kept in memory only, for a web server wired without a database's directory (tests, tools): the same rules
 * as the store's, under one lock.
 */
final class InMemoryUserDirectory implements UserDirectory {
    private final Map<String, User> users = new TreeMap<>();

    @Override
    public synchronized CompletableFuture<Optional<User>> find(String username) {
        return CompletableFuture.completedFuture(Optional.ofNullable(users.get(username)));
    }

    @Override
    public synchronized CompletableFuture<List<User>> all() {
        return CompletableFuture.completedFuture(List.copyOf(users.values()));
    }

    @Override
    public synchronized CompletableFuture<Boolean> create(User user) {
        return CompletableFuture.completedFuture(users.putIfAbsent(user.username(), user) == null);
    }

    @Override
    public synchronized CompletableFuture<Change> update(String username, Role role, String passwordHash, Instant at) {
        User u = users.get(username);
        if (u == null) return CompletableFuture.completedFuture(Change.NOT_FOUND);
        if (role != null && role != Role.ADMIN && lastAdmin(u)) return CompletableFuture.completedFuture(Change.LAST_ADMIN);
        users.put(username, new User(username, role == null ? u.role() : role, passwordHash == null ? u.passwordHash() : passwordHash,
                u.version() + 1, u.createdAt(), at));
        return CompletableFuture.completedFuture(Change.DONE);
    }

    @Override
    public synchronized CompletableFuture<Change> delete(String username) {
        User u = users.get(username);
        if (u == null) return CompletableFuture.completedFuture(Change.NOT_FOUND);
        if (lastAdmin(u)) return CompletableFuture.completedFuture(Change.LAST_ADMIN);
        users.remove(username);
        return CompletableFuture.completedFuture(Change.DONE);
    }

    @Override
    public synchronized CompletableFuture<Void> rehash(String username, String oldHash, String newHash) {
        User u = users.get(username);
        if (u != null && u.passwordHash().equals(oldHash)) {
            users.put(username, new User(username, u.role(), newHash, u.version(), u.createdAt(), u.updatedAt()));
        }
        return CompletableFuture.completedFuture(null);
    }

    private boolean lastAdmin(User u) {
        return u.role() == Role.ADMIN && users.values().stream().filter(x -> x.role() == Role.ADMIN).count() <= 1;
    }
}
