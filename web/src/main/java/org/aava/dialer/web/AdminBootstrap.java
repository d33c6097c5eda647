package org.aava.dialer.web;

import org.aava.dialer.core.ports.UserDirectory;
import org.aava.dialer.core.ports.UserDirectory.Role;
import org.aava.dialer.core.ports.UserDirectory.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Makes sure someone can log in at start. With {@code web.admin_password} the {@code admin} account has that password
 * (set again whenever the configuration changes it). Otherwise, while no user is an admin: an install from before
 * users keeps its password from {@code admin-password.hash}, and a new one gets a generated password, printed once.
 */
final class AdminBootstrap {
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    static final String ADMIN = "admin";

    private AdminBootstrap() {
    }

    static void run(UserDirectory users, String configured, Path hashFile, Clock clock) {
        if (configured != null && !configured.isEmpty()) {
            fromConfiguration(users, configured, clock);
            return;
        }
        if (users.all().join().stream().anyMatch(u -> u.role() == Role.ADMIN)) return;
        if (Files.exists(hashFile)) {
            String stored = readHashFile(hashFile);
            store(users, stored, clock);
            log.info("the admin password of {} is now kept in the database; the file is no longer read", hashFile);
            return;
        }
        String generated = Auth.token(12);
        if (store(users, PasswordHashes.hash(generated), clock)) {
            // Printed once, on stdout, so the operator can log in; only the hash is kept.
            System.out.println("aava-dialer: generated admin password (shown once): " + generated);
            log.warn("generated an admin password on first start; it was printed once on stdout");
        }
    }

    private static void fromConfiguration(UserDirectory users, String configured, Clock clock) {
        Optional<User> admin = users.find(ADMIN).join();
        if (admin.isEmpty()) {
            if (users.create(newAdmin(PasswordHashes.hash(configured), clock)).join()) return;
            admin = users.find(ADMIN).join(); // another node made it meanwhile
        }
        if (admin.isPresent() && !PasswordHashes.matches(configured, admin.get().passwordHash())) {
            users.update(ADMIN, null, PasswordHashes.hash(configured), clock.instant()).join();
        }
    }

    /** The admin account with this hash, made an admin again if it was not. */
    private static boolean store(UserDirectory users, String hash, Clock clock) {
        if (users.create(newAdmin(hash, clock)).join()) return true;
        return users.update(ADMIN, Role.ADMIN, hash, clock.instant()).join() == UserDirectory.Change.DONE;
    }

    private static User newAdmin(String hash, Clock clock) {
        Instant now = clock.instant();
        return new User(ADMIN, Role.ADMIN, hash, 1, now, now);
    }

    private static String readHashFile(Path hashFile) {
        try {
            String stored = Files.readString(hashFile).trim();
            if (!PasswordHashes.wellFormed(stored)) {
                throw new IllegalStateException("the admin password hash file " + hashFile + " is " + (stored.isEmpty() ? "empty" : "not a password hash")
                        + ": nobody could log in. Delete it to generate a new admin password on the next start, or set web.admin_password");
            }
            return stored;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the admin password hash in " + hashFile + ": " + e.getMessage(), e);
        }
    }
}
