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
    /** The connections still waiting for their AGI request, with when they were accepted, oldest first. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Waiting> waiting = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicLong evicted = new java.util.concurrent.atomic.AtomicLong();

    private record Waiting(Socket socket, BoundedAgiConnection connection, long acceptedNanos) {
    }

    /** Asterisk sends its request within milliseconds; a connection silent for this long may give way to a new one. */
    static final long EVICTABLE_AFTER_NANOS = 1_000_000_000L;
    private volatile int readTimeoutMillis;
    private final int maxConnections;
    private final Runnable onRefused;
    private Runnable onEvicted = () -> { };
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
        // At the cap, the oldest connection that never sent its request gives way (so an idle flood cannot stop real
        // hops); when every open connection is a hop in progress, the new one is refused.
        while (connections.size() >= maxConnections && !evictSilent()) {
            refuse(first);
            first = serverSocket.accept();
        }
        Socket s = first;
        connections.add(s);
        try {
            BoundedAgiConnection c = new BoundedAgiConnection(s, readTimeoutMillis, () -> connections.remove(s));
            pruneWaiting();
            waiting.add(new Waiting(s, c, System.nanoTime()));
            return c;
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

    private long accepts;

    /** Drops the entries of connections that sent their request or closed (only the accept thread calls this). */
    private void pruneWaiting() {
        for (Waiting head = waiting.peek(); head != null && (head.connection().requestReceived() || head.socket().isClosed()); head = waiting.peek()) {
            waiting.poll();
        }
        if ((++accepts & 255) == 0) waiting.removeIf(w -> w.connection().requestReceived() || w.socket().isClosed());
    }

    /** Closes the oldest connection silent past {@link #EVICTABLE_AFTER_NANOS}; false if there is none. */
    private boolean evictSilent() {
        long now = System.nanoTime();
        for (java.util.Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (w.connection().requestReceived() || w.socket().isClosed()) {
                it.remove();
                continue;
            }
            if (now - w.acceptedNanos() < EVICTABLE_AFTER_NANOS) return false; // the rest are younger still
            it.remove();
            try {
                w.socket().setSoLinger(true, 0);
                w.socket().close();
            } catch (IOException ignored) {
                // closed anyway
            }
            connections.remove(w.socket());
            long n = evicted.incrementAndGet();
            onEvicted.run();
            if (n == 1 || n % 1000 == 0) LOG.warn("FastAGI connection from {} closed: silent at agi.max_connections ({} so far)",
                    w.socket().getRemoteSocketAddress(), n);
            return true;
        }
        return false;
    }

    void onEvicted(Runnable r) {
        this.onEvicted = r;
    }

    /** Silent connections closed to make room at the cap. */
    long evictedConnections() {
        return evicted.get();
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
