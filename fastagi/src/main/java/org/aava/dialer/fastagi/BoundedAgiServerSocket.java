package org.aava.dialer.fastagi;

import org.asteriskjava.util.ServerSocketFacade;
import org.asteriskjava.util.SocketConnectionFacade;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/** The listening socket: hands out {@link BoundedAgiConnection}s and counts those still open. */
final class BoundedAgiServerSocket implements ServerSocketFacade {
    /** Room for a burst of hops (the kernel caps it at somaxconn). */
    private static final int BACKLOG = 1024;

    private final ServerSocket serverSocket;
    private final AtomicInteger open;
    private volatile int readTimeoutMillis;

    BoundedAgiServerSocket(int port, InetAddress address, int readTimeoutMillis, AtomicInteger open) throws IOException {
        this.serverSocket = new ServerSocket(port, BACKLOG, address);
        this.readTimeoutMillis = readTimeoutMillis;
        this.open = open;
    }

    @Override
    public SocketConnectionFacade accept() throws IOException {
        Socket s = serverSocket.accept();
        open.incrementAndGet();
        try {
            return new BoundedAgiConnection(s, readTimeoutMillis, open::decrementAndGet);
        } catch (IOException | RuntimeException e) {
            // only an IOException keeps asterisk-java's accept loop going
            open.decrementAndGet();
            s.close();
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }

    @Override
    public void setSocketReadTimeout(int millis) {
        this.readTimeoutMillis = millis;
    }
}
