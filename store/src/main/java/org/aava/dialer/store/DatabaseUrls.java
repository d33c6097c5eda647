package org.aava.dialer.store;

import java.util.Locale;
import java.util.regex.Pattern;

/** Checks of the JDBC URLs the dialer accepts. */
final class DatabaseUrls {
    /** {@code user:password@host} in the authority, or a {@code user=}/{@code password=} parameter. */
    private static final Pattern CREDENTIALS = Pattern.compile("^jdbc:postgresql://[^/?#]*@|[?&](user|password)=",
            Pattern.CASE_INSENSITIVE);

    private DatabaseUrls() {
    }

    static boolean isPostgres(String url) {
        return url != null && url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:");
    }

    static void requirePostgresWithoutCredentials(String url) {
        if (!isPostgres(url)) throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/db): " + url);
        if (CREDENTIALS.matcher(url).find()) {
            throw new IllegalArgumentException("the database URL must not carry credentials: set database.username and "
                    + "database.password (or AAVA_DIALER_DATABASE_USERNAME / AAVA_DIALER_DATABASE_PASSWORD) instead");
        }
    }
}
