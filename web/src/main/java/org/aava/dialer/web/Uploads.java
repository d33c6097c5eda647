package org.aava.dialer.web;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.form.FormData;
import io.undertow.server.handlers.form.FormParserFactory;
import io.undertow.util.Headers;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** An uploaded file: the multipart "file" field or the raw body, read as a stream or handed over while the parser is open. */
final class Uploads {
    private Uploads() {
    }

    /** A streamed upload: the multipart "file" field (spooled to disk by Undertow) or the raw body. */
    static InputStream stream(HttpServerExchange ex) throws IOException {
        if (!isMultipart(ex)) {
            ex.startBlocking();
            return DeclaredLengthInput.of(ex.getInputStream(), ex.getRequestHeaders().getFirst(Headers.CONTENT_LENGTH));
        }
        return withMultipartFile(ex, file -> {
            if (file.getFileItem().isInMemory()) return new ByteArrayInputStream(file.getFileItem().getInputStream().readAllBytes());
            // the parser deletes its spool file when closed: keep our own copy for the caller to stream
            Path tmp = Files.createTempFile("aava-upload", ".bin");
            Files.copy(file.getFileItem().getFile(), tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return new java.io.FilterInputStream(Files.newInputStream(tmp)) {
                @Override
                public void close() throws IOException {
                    super.close();
                    Files.deleteIfExists(tmp);
                }
            };
        });
    }

    static boolean isMultipart(HttpServerExchange ex) {
        String type = ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        return type != null && type.toLowerCase().startsWith("multipart/form-data");
    }

    @FunctionalInterface
    interface FileUse<T> {
        T apply(FormData.FormValue file) throws IOException;
    }

    /** Parses a multipart body and hands its required "file" field to {@code use} while the parser is open. */
    static <T> T withMultipartFile(HttpServerExchange ex, FileUse<T> use) throws IOException {
        try (var parser = FormParserFactory.builder().build().createParser(ex)) {
            if (parser == null) throw ApiException.badRequest("unreadable multipart body", "file");
            FormData form;
            try {
                form = parser.parseBlocking();
            } catch (IOException e) {
                // a broken body (no boundary, truncated part) is the client's error, not ours
                throw ApiException.badRequest("unreadable multipart body: " + e.getMessage(), "file");
            }
            FormData.FormValue file = form.getFirst("file");
            if (file == null || !file.isFileItem()) throw ApiException.badRequest("multipart field 'file' is required", "file");
            return use.apply(file);
        }
    }
}
