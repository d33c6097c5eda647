package org.aava.dialer.web;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body that must be as long as its Content-Length said. A client that closes the connection part-way
 * is sometimes seen as a clean end of stream rather than an error; an import would then end "finished" with the
 * rest of the file silently missing. Here that end is an IOException saying how much arrived.
 */
final class DeclaredLengthInput extends FilterInputStream {
    private final long declared;
    private long read;

    private DeclaredLengthInput(InputStream in, long declared) {
        super(in);
        this.declared = declared;
    }

    /** {@code in} as is when the length is unknown (chunked), else checked against it. */
    static InputStream of(InputStream in, String contentLength) {
        if (contentLength == null) return in;
        try {
            long n = Long.parseLong(contentLength.trim());
            return n < 0 ? in : new DeclaredLengthInput(in, n);
        } catch (NumberFormatException e) {
            return in;
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        count(b < 0 ? -1 : 1);
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        count(n);
        return n;
    }

    private void count(int n) throws IOException {
        if (n > 0) read += n;
        else if (n < 0 && read < declared) {
            throw new IOException("the upload ended after " + read + " of " + declared + " bytes (the client closed the connection)");
        }
    }
}
