package org.aava.dialer.web;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;

import java.util.Locale;
import java.util.Set;

/**
 * What request body a route takes. The route table declares it, and {@link #check} runs after
 * authentication and before the handler, so a body a route cannot use is refused (400 or 415)
 * instead of being silently ignored while the request goes on to change data.
 */
enum BodyKind {
    /** No body: a body is a client mistake (e.g. a POST meant for another route). */
    NONE(Set.of()),
    /** A JSON object, required. */
    JSON(Set.of("application/json")),
    /** A JSON object, or nothing at all (the handler's defaults apply). */
    OPTIONAL_JSON(Set.of("application/json")),
    /** A CSV or XLSX file: raw or as the multipart field "file". Form-urlencoded is what {@code curl --data-binary} sends by default. */
    CSV(Set.of("text/csv", "text/plain", "application/csv", "application/vnd.ms-excel", "application/octet-stream",
            "multipart/form-data", "application/x-www-form-urlencoded", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")),
    /** A recording: raw (with ?filename=) or as the multipart field "file". */
    AUDIO(Set.of("audio/*", "application/octet-stream", "multipart/form-data", "application/x-www-form-urlencoded"));

    private final Set<String> mediaTypes;

    BodyKind(Set<String> mediaTypes) {
        this.mediaTypes = mediaTypes;
    }

    void check(HttpServerExchange ex) {
        if (this == NONE) {
            // GET and HEAD change nothing, whatever they carry; other methods must not have a body they then ignore
            boolean safe = ex.getRequestMethod().equals(Methods.GET) || ex.getRequestMethod().equals(Methods.HEAD);
            if (!safe && hasBody(ex)) throw ApiException.badRequest(ex.getRequestMethod() + " " + ex.getRequestPath() + " takes no request body", null);
            return;
        }
        String type = ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        // A missing Content-Type is tolerated: many scripts send none.
        if (type != null && !accepts(type)) {
            throw new ApiException(415, "Content-Type " + type.strip() + " is not accepted here; send " + describe(), null);
        }
    }

    private boolean accepts(String contentType) {
        String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if ((this == JSON || this == OPTIONAL_JSON) && media.startsWith("application/") && media.endsWith("+json")) return true;
        int slash = media.indexOf('/');
        return mediaTypes.contains(media) || slash > 0 && mediaTypes.contains(media.substring(0, slash) + "/*");
    }

    private String describe() {
        return this == JSON || this == OPTIONAL_JSON ? "application/json" : String.join(", ", mediaTypes.stream().sorted().toList());
    }

    static boolean hasBody(HttpServerExchange ex) {
        long length = ex.getRequestContentLength();
        return length > 0 || length < 0 && ex.getRequestHeaders().contains(Headers.TRANSFER_ENCODING);
    }
}
