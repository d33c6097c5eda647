package org.aava.dialer.ari;

import java.net.URI;
import java.time.Duration;

/**
 * Where ARI is and who we are there. The password never appears in {@link #toString()}.
 *
 * @param originateFormats the media formats an originated channel offers (ARI's {@code formats}), e.g. {@code ulaw};
 *                         empty leaves the choice to Asterisk, which gives a {@code Local/} channel slin192 and
 *                         then resamples every 8 kHz frame of the call to 192 kHz and back
 */
public record AriSettings(URI url, String username, String password, String app, Duration backoffMin, Duration backoffMax,
                          String originateFormats) {
    /** Telephone audio: what trunks, AMD and the voicemail drop use, so nothing on the call is resampled. */
    public static final String DEFAULT_ORIGINATE_FORMATS = "ulaw";

    public AriSettings {
        if (backoffMin == null) backoffMin = Duration.ofSeconds(1);
        // short enough that the dialer is back within ~5 s of Asterisk coming up, cheap enough to poll forever
        if (backoffMax == null) backoffMax = Duration.ofSeconds(3);
        if (originateFormats == null) originateFormats = DEFAULT_ORIGINATE_FORMATS;
    }

    public AriSettings(URI url, String username, String password, String app, Duration backoffMin, Duration backoffMax) {
        this(url, username, password, app, backoffMin, backoffMax, null);
    }

    public AriSettings(URI url, String username, String password, String app) {
        this(url, username, password, app, null, null, null);
    }

    /** ari4java wants the base URL with a trailing slash; it appends {@code ari/...} itself. */
    /** A URL fit for a log line: credentials inside it ({@code http://user:pass@host}) become {@code ***}. */
    public static String masked(String url) {
        return url == null ? null : url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1***@");
    }

    String baseUrl() {
        String s = url.toString();
        return s.endsWith("/") ? s : s + "/";
    }

    @Override
    public String toString() {
        return "AriSettings[url=" + masked(url.toString()) + ", username=" + username + ", password=***, app=" + app
                + ", originateFormats=" + originateFormats + "]";
    }
}
