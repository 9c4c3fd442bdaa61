package io.credvault.jdbc;

import io.credvault.CredentialMetadata;
import io.credvault.InvalidGrantException;
import io.credvault.Refreshed;
import io.credvault.Refresher;
import io.credvault.SecretFields;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token endpoint on loopback, as an OAuth provider runs one: {@code POST /token} with a refresh-token grant
 * returns a short-lived access token and a new refresh token, and the old refresh token is dead from then on (a
 * reuse is {@code 400 invalid_grant}). Responses are form-encoded ({@code access_token=..&refresh_token=..&expires_in_ms=..}).
 * A minimal HTTP/1.1 server on a plain socket, one connection per request (the JDK's HTTP server module is not
 * among this module's requirements).
 */
final class TokenServer implements AutoCloseable {
    final AtomicInteger rotations = new AtomicInteger();
    final AtomicInteger invalidGrants = new AtomicInteger();
    private final ServerSocket server;
    private final Duration lifetime;
    private String current;
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private final CountDownLatch holding = new CountDownLatch(1);

    TokenServer(String firstRefreshToken, Duration lifetime) throws IOException {
        this.current = firstRefreshToken;
        this.lifetime = lifetime;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            var handlers = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "token-server");
                t.setDaemon(true);
                return t;
            });
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    handlers.execute(() -> serve(socket));
                } catch (IOException closed) {
                    break;
                }
            }
            handlers.shutdownNow();
        }, "token-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/token");
    }

    /** From now on a grant waits, unanswered and without rotating, until {@link #answer()}; then it fails with 503. */
    void holdNextGrant() {
        hold = new CountDownLatch(1);
    }

    /** Waits until a held grant has arrived. */
    boolean awaitHeld(Duration timeout) throws InterruptedException {
        return holding.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    void answer() {
        hold.countDown();
    }

    /** Reads one request (request line, headers, a Content-Length body) and answers it. */
    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            BufferedReader head = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
            int length = 0;
            for (String line = head.readLine(); line != null && !line.isEmpty(); line = head.readLine()) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            char[] body = new char[length];
            int read = 0;
            while (read < length) {
                int n = head.read(body, read, length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            token(new String(body, 0, read), socket.getOutputStream());
        } catch (IOException gone) {
            // the client went away (killed mid-request)
        }
    }

    private void token(String request, OutputStream out) throws IOException {
        Map<String, String> form = form(request);
        CountDownLatch h = hold;
        if (h.getCount() > 0) {
            holding.countDown();
            try {
                h.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(out, 503, "error=temporarily_unavailable");
            return;
        }
        String body;
        int status;
        synchronized (this) {
            if (!"refresh_token".equals(form.get("grant_type")) || !current.equals(form.get("refresh_token"))) {
                invalidGrants.incrementAndGet();
                status = 400;
                body = "error=invalid_grant";
            } else {
                int n = rotations.incrementAndGet();
                current = "rt-" + n;
                status = 200;
                body = "access_token=at-" + n + "&refresh_token=" + current + "&expires_in_ms=" + lifetime.toMillis();
            }
        }
        respond(out, status, body);
    }

    private static void respond(OutputStream out, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        hold.countDown();
        server.close();
    }

    /** A host's refresher for this endpoint, over {@link HttpURLConnection}; counts its calls. */
    static final class Client implements Refresher {
        final AtomicInteger calls = new AtomicInteger();
        private final URI uri;

        Client(URI uri) {
            this.uri = uri;
        }

        @Override
        public Refreshed refresh(CredentialMetadata credential, SecretFields secrets) throws Exception {
            calls.incrementAndGet();
            byte[] grant = ("grant_type=refresh_token&refresh_token=" + secrets.require("refreshToken").reveal())
                    .getBytes(StandardCharsets.UTF_8);
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout(5000);
            c.setReadTimeout(30_000);
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            c.getOutputStream().write(grant);
            int status = c.getResponseCode();
            InputStream body = status < 400 ? c.getInputStream() : c.getErrorStream();
            Map<String, String> form = form(new String(body.readAllBytes(), StandardCharsets.UTF_8));
            c.disconnect();
            if (status == 400 && "invalid_grant".equals(form.get("error"))) {
                throw new InvalidGrantException("invalid_grant");
            }
            if (status != 200) {
                throw new IOException("token endpoint answered " + status);
            }
            return Refreshed.of(SecretFields.of("accessToken", form.get("access_token"), "refreshToken", form.get("refresh_token")))
                    .expiring("accessToken", Instant.now().plusMillis(Long.parseLong(form.get("expires_in_ms"))));
        }
    }
}
