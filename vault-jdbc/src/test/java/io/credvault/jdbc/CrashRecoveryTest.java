package io.credvault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.KeyInfo;
import io.credvault.KeyState;
import io.credvault.ListFilter;
import io.credvault.Page;
import io.credvault.PageRequest;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import io.credvault.spi.EventQuery;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rounds of a mixed workload ({@link CrashChild}) on one H2 file, each in a child JVM that either closes the
 * vault cleanly or is killed with SIGKILL at a random moment; between rounds this JVM, another process, opens
 * the file, checks it and closes it cleanly. After every round: each call the child reported returned is in the
 * file with its exact version, deletion state and secret (after a kill, only the one call in flight may be
 * ahead of what was reported); nothing goes backwards (journal head, primary key version, credential
 * versions); the journal verifies. Rounds: {@code -Dcredvault.crash.rounds} (default 100), seed:
 * {@code -Dcredvault.crash.seed}.
 */
class CrashRecoveryTest {
    /** What the child last reported of a credential. */
    private record State(long version, boolean deleted, String secret) {
    }

    private final Map<CredentialId, State> reported = new HashMap<>();
    private long lastHead;
    private int lastPrimary;
    private int lostWrites;
    private int rollbacks;

    @Test
    @DisplayName("clean closes and SIGKILLs, reopened by another process: no committed write lost, nothing goes backwards")
    void mixedWorkload_survivesCloseAndKill(@TempDir Path dir) throws Exception {
        int rounds = Integer.getInteger("credvault.crash.rounds", 100);
        long seed = Long.getLong("credvault.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Path file = dir.resolve("crash");
        int kills = 0;
        int reportedCalls = 0;
        for (int round = 0; round < rounds; round++) {
            boolean kill = random.nextInt(3) == 0;
            int ops = 40 + random.nextInt(160);
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), file.toString(),
                    String.valueOf(seed * 1000 + round), kill ? "kill" : "close", String.valueOf(ops))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            boolean closed = false;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                int lines = 0;
                String line;
                // after the kill, the lines the child wrote before it died are still read: only a call in flight is unreported
                while ((line = out.readLine()) != null) {
                    if (kill && lines == ops) {
                        child.toHandle().destroyForcibly(); // SIGKILL; unlike Process.destroyForcibly it leaves the pipe open
                        kills++;
                    }
                    String[] p = line.split(" ");
                    switch (p[0]) {
                        case "S" -> {
                            if (p.length != 5) {
                                continue; // cut short by the kill
                            }
                            CredentialId id = CredentialId.of(p[1]);
                            State before = reported.get(id);
                            String secret = p[4].equals("-") && before != null ? before.secret() : p[4];
                            reported.put(id, new State(Long.parseLong(p[2]), p[3].equals("1"), secret));
                        }
                        case "K" -> lastPrimary = Math.max(lastPrimary, Integer.parseInt(p[1]));
                        case "closed" -> closed = true;
                        default -> { }
                    }
                    lines++;
                }
                reportedCalls += lines;
                assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(kill || closed).as("round %d closed cleanly (seed %d)", round, seed).isTrue();
            check(file, kill, round, seed);
        }
        long bytes = Files.size(dir.resolve("crash.mv.db"));
        System.out.printf("[crash] %d rounds (%d SIGKILL, %d clean close), seed %d: %d calls reported, %d credentials, "
                        + "journal head %d, primary key %d; %d committed writes lost, %d rollbacks; file %d KiB%n",
                rounds, kills, rounds - kills, seed, reportedCalls, reported.size(), lastHead, lastPrimary, lostWrites,
                rollbacks, bytes / 1024);
        assertThat(lostWrites).as("committed writes lost (seed %d)", seed).isZero();
        assertThat(rollbacks).as("rollbacks across reopen (seed %d)", seed).isZero();
    }

    /** Opens the file in this process, compares it with what was reported, and closes it cleanly. */
    private void check(Path file, boolean killed, int round, long seed) {
        JdbcBackend backend = JdbcBackend.h2File(file);
        try (Vault vault = CredVault.builder().createIfEmpty(true).backend(backend).masterKey(MasterKey.of(CrashChild.MASTER)).build()) {
            long head = backend.events(new EventQuery(null, null, java.util.Set.of(), null, null, 0, true, 1)).stream()
                    .mapToLong(e -> e.seq()).findFirst().orElse(0);
            int primary = vault.keys().list().stream().filter(k -> k.state() == KeyState.PRIMARY).mapToInt(KeyInfo::version)
                    .findFirst().orElse(0);
            if (head < lastHead || primary < lastPrimary) {
                rollbacks++;
                System.out.printf("[crash] round %d: rolled back: journal head %d (was %d), primary key %d (was %d)%n",
                        round, head, lastHead, primary, lastPrimary);
            }
            int ahead = 0;
            Map<CredentialId, CredentialMetadata> found = new HashMap<>();
            PageRequest page = PageRequest.first(1000);
            while (true) {
                Page<CredentialMetadata> p = vault.list(CrashChild.OWNER, ListFilter.all(), page);
                p.items().forEach(m -> found.put(m.id(), m));
                if (!p.hasNext()) {
                    break;
                }
                page = page.next(p.nextCursor());
            }
            for (Map.Entry<CredentialId, State> e : reported.entrySet()) {
                CredentialMetadata m = found.get(e.getKey());
                State want = e.getValue();
                if (m == null || m.version() < want.version()) {
                    lostWrites++;
                    System.out.printf("[crash] round %d: %s reported at version %d, found %s%n", round, e.getKey(),
                            want.version(), m == null ? "nothing" : "version " + m.version());
                    continue;
                }
                if (m.version() > want.version()) {
                    ahead++; // the call in flight when the child was killed committed before it could report
                    continue;
                }
                assertThat(m.deleted()).as("deleted state of %s (seed %d)", m.id(), seed).isEqualTo(want.deleted());
                if (!m.deleted()) {
                    assertThat(vault.reveal(CrashChild.OWNER, m.id()).secrets().require("secret").reveal())
                            .as("secret of %s at version %d (seed %d)", m.id(), m.version(), seed).isEqualTo(want.secret());
                }
            }
            int unreported = found.size() - (int) found.keySet().stream().filter(reported::containsKey).count();
            assertThat(ahead + unreported).as("calls beyond what was reported after round %d (seed %d)", round, seed)
                    .isLessThanOrEqualTo(killed ? 1 : 0);
            for (CredentialMetadata m : found.values()) {
                State want = reported.get(m.id());
                if (want == null || m.version() != want.version()) {
                    reported.put(m.id(), new State(m.version(), m.deleted(), m.deleted() ? (want == null ? "-" : want.secret())
                            : vault.reveal(CrashChild.OWNER, m.id()).secrets().require("secret").reveal()));
                }
            }
            io.credvault.JournalVerification chain = vault.journal().verify();
            assertThat(chain.intact()).as("journal chain after round %d (seed %d): %s", round, seed, chain).isTrue();
            vault.journal().flush();
            lastHead = Math.max(lastHead, backend.events(new EventQuery(null, null, java.util.Set.of(), null, null, 0, true, 1))
                    .stream().mapToLong(e -> e.seq()).findFirst().orElse(0));
            lastPrimary = Math.max(lastPrimary, primary);
        }
    }
}
