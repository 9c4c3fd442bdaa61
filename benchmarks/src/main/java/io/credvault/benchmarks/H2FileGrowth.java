package io.credvault.benchmarks;

import io.credvault.CredentialId;
import io.credvault.ListFilter;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.PageRequest;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.jdbc.JdbcBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The embedded file's size as a vault grows the way a host grows it: {@code count} credentials (default 200,000)
 * of one owner, each created by its own {@code create} call (its own transaction), then each revealed once. Prints
 * the file size and bytes per credential at every tenth of the way, after a close and reopen, after the reveals,
 * and the time of the owner's first list page right after a reopen (cold: one shot, so only indicative; the JMH
 * figure is {@code ListBenchmark -p owners=1}).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.credvault.benchmarks.H2FileGrowth [count]}
 */
public final class H2FileGrowth {
    private H2FileGrowth() {
    }

    public static void main(String[] args) throws IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Path dir = Files.createTempDirectory("credvault-growth");
        Path base = dir.resolve("vault");
        Path file = dir.resolve("vault.mv.db");
        OwnerId owner = OwnerId.of("tenant-1");
        List<CredentialId> ids = new ArrayList<>(count);
        long start = System.nanoTime();
        try (Vault vault = open(base)) {
            for (int i = 1; i <= count; i++) {
                ids.add(vault.create(owner, NewCredential.builder("github", "cred-" + i)
                        .secrets("accessToken", "ghp_growthToken" + i, "username", "octocat").build()).id());
                if (i % Math.max(1, count / 10) == 0) {
                    report("created " + i, file, i, start);
                }
            }
        }
        report("closed", file, count, start);
        try (Vault vault = open(base)) {
            long t0 = System.nanoTime();
            int n = vault.list(owner, ListFilter.active(), PageRequest.first(100)).items().size();
            System.out.printf(Locale.ROOT, "first page after reopen (cold): %d items in %.1f ms%n", n, (System.nanoTime() - t0) / 1e6);
            for (CredentialId id : ids) {
                vault.reveal(owner, id);
            }
            vault.journal().flush();
            report("revealed each once", file, count, start);
        }
        report("closed", file, count, start);
        try (Vault vault = open(base)) {
            report("reopened", file, count, start);
        }
    }

    private static Vault open(Path base) {
        return CredVault.builder().createIfEmpty(true).backend(JdbcBackend.h2File(base)).masterKey(Fixture.KEY).build();
    }

    private static void report(String what, Path file, int credentials, long start) throws IOException {
        long size = Files.size(file);
        System.out.printf(Locale.ROOT, "%-20s %,14d bytes  %,8.0f bytes/credential  (%.0f s)%n", what, size,
                (double) size / credentials, (System.nanoTime() - start) / 1e9);
    }
}
