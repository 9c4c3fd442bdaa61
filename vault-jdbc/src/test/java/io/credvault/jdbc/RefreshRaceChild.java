package io.credvault.jdbc;

import io.credvault.CredentialId;
import io.credvault.OwnerId;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The second instance of {@link RefreshRaceTest}: {@code race URL PREFIX ENDPOINT ID THREADS SECONDS} reads the access
 * token from THREADS threads for SECONDS, refreshing through the endpoint, and prints {@code calls N errors E};
 * {@code hold URL PREFIX ENDPOINT ID} refreshes once (the parent holds the endpoint's answer, then kills this process).
 */
public final class RefreshRaceChild {
    static final OwnerId OWNER = OwnerId.of("race-owner");
    static final byte[] MASTER = "refresh-race-master-key-32-bytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private RefreshRaceChild() {
    }

    public static void main(String[] args) throws Exception {
        try (Vault vault = open(args[1], args[2], Duration.ofSeconds(2))) {
            TokenServer.Client client = new TokenServer.Client(URI.create(args[3]));
            CredentialId id = CredentialId.of(args[4]);
            if (args[0].equals("hold")) {
                System.out.println("refreshing");
                vault.refresh(OWNER, id, client);
                return;
            }
            AtomicInteger errors = new AtomicInteger();
            race(vault, id, client, Integer.parseInt(args[5]), Duration.ofSeconds(Long.parseLong(args[6])), errors);
            System.out.println("calls " + client.calls.get() + " errors " + errors.get());
        }
    }

    static Vault open(String url, String prefix, Duration leaseTtl) {
        return CredVault.builder().createIfEmpty(true).backend(JdbcBackend.builder(url).tablePrefix(prefix).build())
                .masterKey(MasterKey.of(MASTER)).refreshLeaseTtl(leaseTtl).build();
    }

    /** {@code threads} threads read the access token, valid for 300 ms at least, for {@code time}. */
    static void race(Vault vault, CredentialId id, TokenServer.Client client, int threads, Duration time, AtomicInteger errors)
            throws InterruptedException {
        long end = System.nanoTime() + time.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    try {
                        vault.accessToken(OWNER, id, Duration.ofMillis(300), client);
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                        System.err.println("[refresh-race] " + e);
                    }
                }
            }, "refresh-race-" + i);
            t.start();
            workers.add(t);
        }
        for (Thread t : workers) {
            t.join();
        }
    }
}
