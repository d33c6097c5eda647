package org.aava.dialer.fastagi;

import org.asteriskjava.util.SocketConnectionFacade;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One FastAGI connection, as asterisk-java's own (UTF-8, lines end with "\n") but with bounds, since
 * anything that can reach the port can talk to it. asterisk-java buffers a line of any length and reads
 * request lines until a blank one, so a peer could grow the heap without end; and its read timeout
 * counts per read, so a peer trickling a byte a second could hold a connection for ever. Here a line
 * is at most {@link #MAX_LINE_BYTES}, the request (the agi_* environment up to its blank line) at most
 * {@link #MAX_REQUEST_BYTES} and must arrive whole within the read timeout; after it, each read waits at
 * most the read timeout. Breaking a bound is an IOException, which asterisk-java turns into closing the
 * connection.
 */
final class BoundedAgiConnection implements SocketConnectionFacade {
    /** Far above anything Asterisk sends (a variable's value in a reply), far below harm. */
    static final int MAX_LINE_BYTES = 64 * 1024;
    /** The AGI environment is ~25 short lines plus the script's arguments. */
    static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final BufferedWriter out;
    private final int readTimeoutMillis;
    private final long requestDeadlineNanos;
    private final Runnable onClose;
    private final byte[] buffer = new byte[8192];
    private int pos;
    private int limit;
    private volatile boolean requestComplete;
    private boolean firstLine = true;
    private long requestBytes;
    private boolean closed;

    BoundedAgiConnection(Socket socket, int readTimeoutMillis, Runnable onClose) throws IOException {
        this.socket = socket;
        this.readTimeoutMillis = readTimeoutMillis;
        this.requestDeadlineNanos = System.nanoTime() + readTimeoutMillis * 1_000_000L;
        this.onClose = onClose;
        socket.setSoTimeout(readTimeoutMillis);
        this.in = socket.getInputStream();
        this.out = new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8));
    }

    @Override
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            if (pos == limit && !fill()) {
                return line.size() == 0 ? null : finish(line); // the peer closed: the rest is the last line
            }
            int start = pos;
            while (pos < limit && buffer[pos] != '\n') pos++;
            line.write(buffer, start, pos - start);
            if (line.size() > MAX_LINE_BYTES) throw new IOException("AGI line longer than " + MAX_LINE_BYTES + " bytes");
            if (pos < limit) {
                pos++; // the '\n'
                if (firstLine && line.size() == 0) {
                    firstLine = false; // asterisk-java skips a line break at the very start; so do we
                    continue;
                }
                return finish(line);
            }
        }
    }

    private String finish(ByteArrayOutputStream line) throws IOException {
        firstLine = false;
        if (!requestComplete) {
            requestBytes += line.size() + 1;
            if (requestBytes > MAX_REQUEST_BYTES) throw new IOException("AGI request larger than " + MAX_REQUEST_BYTES + " bytes");
            if (line.size() == 0) requestComplete = true;
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** @return false at the end of the stream */
    private boolean fill() throws IOException {
        if (!requestComplete) {
            long leftMillis = (requestDeadlineNanos - System.nanoTime()) / 1_000_000;
            if (leftMillis <= 0) throw new SocketTimeoutException("AGI request not complete within " + readTimeoutMillis + " ms");
            socket.setSoTimeout((int) Math.min(readTimeoutMillis, leftMillis));
        } else {
            socket.setSoTimeout(readTimeoutMillis);
        }
        int n = in.read(buffer);
        if (n < 0) return false;
        pos = 0;
        limit = n;
        return true;
    }

    /** Whether the peer has sent its whole AGI request (Asterisk does so at once; an idle flood never does). */
    boolean requestReceived() {
        return requestComplete;
    }

    @Override
    public void write(String s) throws IOException {
        out.write(s);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            socket.close();
        } finally {
            onClose.run();
        }
    }

    @Override
    public boolean isConnected() {
        return socket.isConnected();
    }

    @Override
    public InetAddress getLocalAddress() {
        return socket.getLocalAddress();
    }

    @Override
    public int getLocalPort() {
        return socket.getLocalPort();
    }

    @Override
    public InetAddress getRemoteAddress() {
        return socket.getInetAddress();
    }

    @Override
    public int getRemotePort() {
        return socket.getPort();
    }
}
