package org.aava.dialer.web;

import java.util.regex.Pattern;

/** What a username and a password must look like; a bad one is a 400 naming the field. */
final class UserNames {
    /** Lower case so that "Ann" and "ann" cannot be two people; no spaces or slashes, so a name is safe in a path and a log. */
    private static final Pattern USERNAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,63}$");
    /** PBKDF2 hashes any length, but a megabyte "password" is an attack, not a passphrase. */
    static final int MAX_PASSWORD_LENGTH = 1024;

    private UserNames() {
    }

    static boolean valid(String username) {
        return username != null && USERNAME.matcher(username).matches();
    }

    static String checkUsername(String username, String field) {
        if (!valid(username)) {
            throw ApiException.badRequest(field + " must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit", field);
        }
        return username;
    }

    static String checkPassword(String password, int minLength, String field) {
        if (password == null || password.length() < minLength) throw ApiException.badRequest(field + " must be at least " + minLength + " characters", field);
        if (password.length() > MAX_PASSWORD_LENGTH) throw ApiException.badRequest(field + " must be at most " + MAX_PASSWORD_LENGTH + " characters", field);
        return password;
    }
}
