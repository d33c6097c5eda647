package org.aava.dialer.ari;

import java.net.URI;
import java.time.Duration;

/** Where ARI is and who we are there. The password never appears in {@link #toString()}. */
public record AriSettings(URI url, String username, String password, String app, Duration backoffMin, Duration backoffMax) {
    public AriSettings {
        if (backoffMin == null) backoffMin = Duration.ofSeconds(1);
        // short enough that the dialer is back within ~5 s of Asterisk coming up, cheap enough to poll forever
        if (backoffMax == null) backoffMax = Duration.ofSeconds(3);
    }

    public AriSettings(URI url, String username, String password, String app) {
        this(url, username, password, app, null, null);
    }

    /** ari4java wants the base URL with a trailing slash; it appends {@code ari/...} itself. */
    String baseUrl() {
        String s = url.toString();
        return s.endsWith("/") ? s : s + "/";
    }

    @Override
    public String toString() {
        return "AriSettings[url=" + url + ", username=" + username + ", password=***, app=" + app + "]";
    }
}
