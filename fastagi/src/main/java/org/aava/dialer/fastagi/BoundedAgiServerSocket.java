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
    /** Room for a burst of hops (the kernel caps it at somaxconn). */
    private static final int BACKLOG = 1024;

    private final ServerSocket serverSocket;
    /** Accepted and not yet closed. */
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile int readTimeoutMillis;

    BoundedAgiServerSocket(int port, InetAddress address, int readTimeoutMillis) throws IOException {
        this.serverSocket = new ServerSocket(port, BACKLOG, address);
        this.readTimeoutMillis = readTimeoutMillis;
    }

    @Override
    public SocketConnectionFacade accept() throws IOException {
        Socket s = serverSocket.accept();
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
