package org.aava.dialer.core.ports;

import org.aava.dialer.core.ports.UserDirectory.Role;
import org.aava.dialer.core.ports.UserDirectory.User;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserDirectoryRoleTest {
    @Test
    void eachRoleIncludesTheOnesBelowItAndNoneAbove() {
        assertTrue(Role.ADMIN.includes(Role.OPERATOR) && Role.ADMIN.includes(Role.VIEWER) && Role.ADMIN.includes(Role.ADMIN));
        assertTrue(Role.OPERATOR.includes(Role.VIEWER) && Role.OPERATOR.includes(Role.OPERATOR));
        assertFalse(Role.OPERATOR.includes(Role.ADMIN));
        assertFalse(Role.VIEWER.includes(Role.OPERATOR));
        assertTrue(Role.VIEWER.includes(Role.VIEWER));
    }

    @Test
    void rolesAreLowerCaseOnTheWireAndNothingElseParses() {
        for (Role r : Role.values()) assertEquals(Optional.of(r), Role.parse(r.wire()));
        assertEquals(Optional.empty(), Role.parse("ADMIN"));
        assertEquals(Optional.empty(), Role.parse("root"));
        assertEquals(Optional.empty(), Role.parse(null));
    }

    @Test
    void aUserPrintsWithoutItsHash() {
        User u = new User("ann", Role.VIEWER, "pbkdf2-sha256$600000$salt$secret", 3, Instant.EPOCH, Instant.EPOCH);
        assertFalse(u.toString().contains("pbkdf2") || u.toString().contains("secret"), u.toString());
    }
}
