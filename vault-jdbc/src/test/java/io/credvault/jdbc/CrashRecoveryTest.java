package io.credvault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialStore;
import io.credvault.ListFilter;
import io.credvault.OwnerId;
import io.credvault.Page;
import io.credvault.PageRequest;
import io.credvault.crypto.CredVault;
import io.credvault.crypto.MasterKey;
import io.credvault.spi.EventQuery;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM writing to an H2 file with SIGKILL at random moments; after each kill the file must open
 * with every credential the child reported committed present, readable and with all of its journal entries.
 * Rounds: {@code -Dcredvault.crash.rounds} (default 20).
 */
class CrashRecoveryTest {
    private static final OwnerId OWNER = OwnerId.of("crash");

    @Test
    @DisplayName("after SIGKILL at random moments, everything reported committed is there and nothing is half-written")
    void killedWriter_losesNothingCommitted(@TempDir Path dir) throws Exception {
        int rounds = Integer.getInteger("credvault.crash.rounds", 20);
        long seed = Long.getLong("credvault.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Path file = dir.resolve("crash");
        Map<CredentialId, Long> reported = new HashMap<>();
        int total = 0;
        for (int round = 0; round < rounds; round++) {
            int killAfter = 1 + random.nextInt(80);
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), file.toString(), String.valueOf(round))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                int lines = 0;
                String line;
                while (lines < killAfter && (line = out.readLine()) != null) {
                    String[] parts = line.split(" ");
                    if (parts[0].equals("created")) {
                        reported.put(CredentialId.of(parts[1]), 1L);
                    } else if (parts[0].equals("updated")) {
                        reported.put(CredentialId.of(parts[1]), Long.parseLong(parts[2]));
                    }
                    lines++;
                }
                child.destroyForcibly();
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(lines).as("child output lines before kill (seed %d)", seed).isEqualTo(killAfter);
            }
            total = verify(file, reported, seed);
        }
        System.out.printf("[crash] %d SIGKILL rounds (seed %d): %d credentials reported committed, %d in the file, all intact%n",
                rounds, seed, reported.size(), total);
    }

    private static int verify(Path file, Map<CredentialId, Long> reported, long seed) {
        JdbcBackend backend = JdbcBackend.h2File(file);
        try (io.credvault.Vault store = CredVault.builder().backend(backend).masterKey(MasterKey.of(new byte[32])).build()) {
            for (Map.Entry<CredentialId, Long> e : reported.entrySet()) {
                CredentialMetadata m = store.describe(OWNER, e.getKey());
                assertThat(m.version()).as("seed %d", seed).isGreaterThanOrEqualTo(e.getValue());
            }
            int found = 0;
            PageRequest page = PageRequest.first(500);
            while (true) {
                Page<CredentialMetadata> p = store.list(OWNER, ListFilter.all(), page);
                for (CredentialMetadata m : p.items()) {
                    found++;
                    String secret = store.reveal(OWNER, m.id()).secrets().require("secret").reveal();
                    assertThat(secret).startsWith(m.version() == 1 ? "value-" : "updated-");
                    List<?> changes = backend.events(EventQuery.of(m.id(), 100)).stream()
                            .filter(e -> !e.type().equals("credential.revealed")).toList();
                    assertThat(changes).as("change entries of %s (seed %d)", m.id(), seed).hasSize((int) m.version());
                }
                if (!p.hasNext()) {
                    assertThat(store.journal().verify().intact()).as("journal chain (seed %d)", seed).isTrue();
            return found;
                }
                page = page.next(p.nextCursor());
            }
        }
    }
}
