package org.aava.dialer.fastagi;

import org.asteriskjava.util.ServerSocketFacade;
import org.asteriskjava.util.SocketConnectionFacade;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The listening socket: hands out {@link BoundedAgiConnection}s, counts those still open, and closes them all
 * when the server stops (a connection's platform thread blocked in a read does not end on an interrupt).
 */
final class BoundedAgiServerSocket implements ServerSocketFacade {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BoundedAgiServerSocket.class);
    /** Room for a burst of hops (the kernel caps it at somaxconn). */
    private static final int BACKLOG = 1024;

    private final ServerSocket serverSocket;
    /** Accepted and not yet closed. */
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile int readTimeoutMillis;
    private final int maxConnections;
    private final Runnable onRefused;
    private final java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();
    private volatile long lastRefusalLog;

    BoundedAgiServerSocket(int port, InetAddress address, int readTimeoutMillis) throws IOException {
        this(port, address, readTimeoutMillis, AgiSettings.DEFAULT_MAX_CONNECTIONS, () -> { });
    }

    BoundedAgiServerSocket(int port, InetAddress address, int readTimeoutMillis, int maxConnections, Runnable onRefused) throws IOException {
        this.serverSocket = new ServerSocket(port, BACKLOG, address);
        this.readTimeoutMillis = readTimeoutMillis;
        this.maxConnections = maxConnections;
        this.onRefused = onRefused;
    }

    @Override
    public SocketConnectionFacade accept() throws IOException {
        Socket first = serverSocket.accept();
        // Over the limit: closed at once (before any thread or buffer is spent on it), and we wait for the next one.
        while (connections.size() >= maxConnections) {
            refuse(first);
            first = serverSocket.accept();
        }
        Socket s = first;
        connections.add(s);
        try {
            return new BoundedAgiConnection(s, readTimeoutMillis, () -> connections.remove(s));
        } catch (IOException | RuntimeException e) {
            // only an IOException keeps asterisk-java's accept loop going
            connections.remove(s);
            s.close();
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }

    private void refuse(Socket s) {
        long n = refused.incrementAndGet();
        try {
            s.setSoLinger(true, 0); // a reset: no TIME_WAIT kept for a flood
            s.close();
        } catch (IOException ignored) {
            // closed anyway
        }
        onRefused.run();
        long now = System.nanoTime();
        // one line per 10 s at most: a flood must not flood the log too
        if (n == 1 || now - lastRefusalLog > 10_000_000_000L) {
            lastRefusalLog = now;
            LOG.warn("FastAGI connection from {} refused: agi.max_connections ({}) are open ({} refused so far)",
                    s.getRemoteSocketAddress(), maxConnections, n);
        }
    }

    /** Connections refused because {@code agi.max_connections} were open. */
    long refusedConnections() {
        return refused.get();
    }

    /** Connections accepted and not yet closed. */
    int openConnections() {
        return connections.size();
    }

    /** Closes every connection still open: its thread's next read or write fails, and the hop ends. */
    void closeConnections() {
        for (Socket s : connections) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void setSocketReadTimeout(int millis) {
        this.readTimeoutMillis = millis;
    }
}
