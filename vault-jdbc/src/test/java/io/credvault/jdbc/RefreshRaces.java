package io.credvault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialStatus;
import io.credvault.NewCredential;
import io.credvault.Vault;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Races of {@code accessToken} against a real token endpoint with one-second access tokens and single-use
 * refresh tokens: in one JVM, or in this JVM and a child JVM on one database; and a refresh holder killed with
 * SIGKILL mid-refresh. Each race prints one line with its figures.
 */
final class RefreshRaces {
    static final String PREFIX = "race_";
    static final int THREADS = 8;

    private RefreshRaces() {
    }

    static Duration time() {
        return Duration.ofSeconds(Long.getLong("credvault.refresh.seconds", 30));
    }

    static CredentialMetadata oauthCredential(Vault vault) {
        return vault.create(RefreshRaceChild.OWNER, NewCredential.builder("oauth2", "race").secrets("accessToken", "at-0",
                "refreshToken", "rt-0").secretExpiresAt("accessToken", Instant.now().plusSeconds(1)).build());
    }

    /** The two-JVM race on the server named by the environment variable {@code variable}. */
    static void twoJvms(String variable, String name) throws Exception {
        try (var pool = TestDatabases.pool(variable)) {
            SchemaTest.drop(pool, PREFIX);
            try (Vault vault = RefreshRaceChild.open(System.getenv(variable), PREFIX, Duration.ofSeconds(2))) {
                race(name, vault, System.getenv(variable));
            }
        }
    }

    /** The killed-holder test on the server named by the environment variable {@code variable}. */
    static void killedHolder(String variable) throws Exception {
        try (var pool = TestDatabases.pool(variable)) {
            SchemaTest.drop(pool, PREFIX);
            try (Vault vault = RefreshRaceChild.open(System.getenv(variable), PREFIX, Duration.ofSeconds(2))) {
                killedHolder(vault, System.getenv(variable), pool);
            }
        }
    }

    /** {@code THREADS} threads here and, with {@code url}, as many in a child JVM on the same database. */
    static void race(String backendName, Vault vault, String url) throws Exception {
        CredentialMetadata m = oauthCredential(vault);
        try (TokenServer server = new TokenServer("rt-0", Duration.ofSeconds(1))) {
            TokenServer.Client client = new TokenServer.Client(server.uri());
            Process child = url == null ? null : child("race", url, server, m.id(), String.valueOf(THREADS), String.valueOf(time().toSeconds()));
            AtomicInteger errors = new AtomicInteger();
            RefreshRaceChild.race(vault, m.id(), client, THREADS, time(), errors);
            int calls = client.calls.get();
            int jvms = 1;
            if (child != null) {
                String last = lastLine(child);
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(child.exitValue()).as("child JVM").isZero();
                assertThat(last).startsWith("calls ");
                String[] f = last.split(" ");
                calls += Integer.parseInt(f[1]);
                errors.addAndGet(Integer.parseInt(f[3]));
                jvms = 2;
            }
            System.out.printf("[refresh-race] backend=%s jvms=%d threads=%d seconds=%d refresher-calls=%d rotations=%d "
                            + "invalid-grants=%d errors=%d%n", backendName, jvms, THREADS * jvms, time().toSeconds(), calls,
                    server.rotations.get(), server.invalidGrants.get(), errors.get());
            assertThat(server.invalidGrants).hasValue(0);
            assertThat(errors).hasValue(0);
            assertThat(calls).as("one refresher call per rotation").isEqualTo(server.rotations.get());
            assertThat(server.rotations.get()).as("tokens lasting 1 s were refreshed throughout").isGreaterThanOrEqualTo(2);
            assertThat(vault.describe(RefreshRaceChild.OWNER, m.id()).status()).isEqualTo(CredentialStatus.OK);
        }
    }

    /**
     * A child JVM takes the refresh lease and is killed with SIGKILL while the endpoint holds its grant; the lease
     * lapses after its time-to-live, and this instance refreshes.
     */
    static void killedHolder(Vault vault, String url, DataSource ds) throws Exception {
        CredentialMetadata m = oauthCredential(vault);
        try (TokenServer server = new TokenServer("rt-0", Duration.ofSeconds(60))) {
            server.holdNextGrant();
            Process child = child("hold", url, server, m.id());
            assertThat(server.awaitHeld(Duration.ofSeconds(60))).as("the child's grant arrived").isTrue();
            assertThat(leaseHolder(ds, m.id())).as("the child holds the lease").isNotNull();
            child.toHandle().destroyForcibly(); // SIGKILL
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            server.answer();
            TokenServer.Client client = new TokenServer.Client(server.uri());
            long start = System.nanoTime();
            String token = vault.accessToken(RefreshRaceChild.OWNER, m.id(), Duration.ofSeconds(30), client).reveal();
            System.out.printf("[refresh-race] killed holder: lease taken over after %d ms, token %s, rotations=%d%n",
                    (System.nanoTime() - start) / 1_000_000, token, server.rotations.get());
            assertThat(token).isEqualTo("at-1");
            assertThat(server.invalidGrants).hasValue(0);
        }
    }

    private static Process child(String mode, String url, TokenServer server, CredentialId id, String... more) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RefreshRaceChild.class.getName(), mode, url, PREFIX,
                server.uri().toString(), id.value()));
        cmd.addAll(List.of(more));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String lastLine(Process p) throws Exception {
        String last = "";
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                last = line;
            }
        }
        return last;
    }

    private static String leaseHolder(DataSource ds, CredentialId id) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT holder FROM " + PREFIX + "leases WHERE lease_name = 'refresh:" + id.value() + "'")) {
                if (rs.next()) {
                    return rs.getString(1);
                }
            }
            Thread.sleep(20);
        }
        return null;
    }
}
