package io.credvault.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP proxy between the vault and a database server, for network faults: {@link #blackHole()} stops
 * passing bytes either way while keeping every connection open (a cut network: no reset, no answer);
 * {@link #cutAfterNextCommit()} passes the next client message that contains {@code COMMIT} to the server, then
 * drops the connection before the server's answer reaches the client (the commit ran; the client cannot know).
 */
final class TcpProxy implements AutoCloseable {
    private static final byte[] COMMIT = "COMMIT".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private boolean blackHole; // guarded by gate
    private volatile boolean cutAfterCommit;
    private volatile boolean dropReplies;
    /** Counted down when the server answers the cut COMMIT: it has run it. */
    private final CountDownLatch commitAnswered = new CountDownLatch(1);

    TcpProxy(String host, int port) throws IOException {
        this.target = new InetSocketAddress(host, port);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    void blackHole() {
        synchronized (gate) {
            blackHole = true;
        }
    }

    /** Holds the bytes while the network is black-holed: nothing passes, nothing is closed. */
    private void passGate() throws InterruptedException {
        synchronized (gate) {
            while (blackHole) {
                gate.wait();
            }
        }
    }

    void cutAfterNextCommit() {
        cutAfterCommit = true;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                upstream.connect(target, 5000);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean clientToServer) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    passGate();
                    boolean cut = clientToServer && cutAfterCommit && contains(buf, n, COMMIT);
                    if (cut) {
                        cutAfterCommit = false;
                        dropReplies = true; // from now on no answer reaches any client
                    }
                    if (!clientToServer && dropReplies) {
                        commitAnswered.countDown();
                        continue;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                    if (cut) {
                        // the server has the whole COMMIT; the client loses its connection without an answer
                        closeQuietly(from);
                        commitAnswered.await(10, TimeUnit.SECONDS); // the server answered: the COMMIT ran
                        closeQuietly(to);
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // a side closed: close the other
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static boolean contains(byte[] buf, int n, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= n; i++) {
            for (int j = 0; j < what.length; j++) {
                if (buf[i + j] != what[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (gate) {
            blackHole = false;
            gate.notifyAll();
        }
        server.close();
        sockets.forEach(TcpProxy::closeQuietly);
    }
}
