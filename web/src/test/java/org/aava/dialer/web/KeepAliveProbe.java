package org.aava.dialer.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 by hand on one socket, for flood tests: a monitor's keep-alive connection opened before a flood keeps
 * working while the port refuses new ones, which an HTTP client's own connection pool would hide.
 */
public final class KeepAliveProbe {
    private KeepAliveProbe() {
    }

    /** A connected loopback socket with a 5 s read timeout. */
    public static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        s.setSoTimeout(5000);
        return s;
    }

    /** One keep-alive {@code GET /api/health} on the socket; returns the status. */
    public static int health(Socket s) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return readStatus(s.getInputStream());
    }

    /** Reads one response (status line, headers, Content-Length body); -1 if the server closed first. */
    public static int readStatus(InputStream in) throws IOException {
        String status = line(in);
        if (status == null) return -1;
        int length = 0;
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) length = Integer.parseInt(h.substring(15).trim());
        }
        in.readNBytes(length);
        return Integer.parseInt(status.split(" ")[1]);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) return b.isEmpty() ? null : b.toString();
            if (c != '\r') b.append((char) c);
        }
        return b.toString();
    }
}
