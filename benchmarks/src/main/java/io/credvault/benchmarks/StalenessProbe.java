package io.credvault.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialUpdate;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.core.ReadCache;
import io.credvault.jdbc.JdbcBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * How stale a caching vault's reads are after another instance commits: two vaults with pools of their own on one
 * server database, the reader with {@code ReadCache.of(10_000, 64 MiB, 1 s)} (so its journal poll, where it polls,
 * runs every 250 ms). For each of {@code updates} updates the writer makes, the time from the writer's update
 * returning to the reader's {@code describe} first showing the new version (the reader asks in a loop; cached
 * answers cost well under a microsecond); updates are 0-250 ms apart, at random. Written as JMH-shaped JSON rows (median and p99, in ms) for {@link Report}.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.credvault.benchmarks.StalenessProbe OUT.json UPDATES BACKEND...}
 * (POSTGRES, MARIADB; their {@code CREDVAULT_BENCH_<backend>_URL}; the {@code cv_} tables there are emptied).
 */
public final class StalenessProbe {
    private StalenessProbe() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int updates = Integer.parseInt(args[1]);
        ObjectMapper json = new ObjectMapper();
        ArrayNode rows = json.createArrayNode();
        for (int a = 2; a < args.length; a++) {
            BackendKind kind = BackendKind.valueOf(args[a]);
            double[] ms = measure(kind, updates);
            Arrays.sort(ms);
            rows.add(row(json, kind, "median", ms[ms.length / 2]));
            rows.add(row(json, kind, "p99", ms[(int) Math.ceil(ms.length * 0.99) - 1]));
            System.out.printf("%s: %d updates, staleness median %.3f ms, p99 %.3f ms, max %.3f ms%n", kind, updates,
                    ms[ms.length / 2], ms[(int) Math.ceil(ms.length * 0.99) - 1], ms[ms.length - 1]);
        }
        json.writerWithDefaultPrettyPrinter().writeValue(Path.of(args[0]).toFile(), rows);
    }

    private static double[] measure(BackendKind kind, int updates) throws InterruptedException, IOException {
        OwnerId owner = OwnerId.of("tenant-0");
        new Fixture(kind, 0).close(); // empties the tables
        try (Vault writer = CredVault.builder().createIfEmpty(true).backend(JdbcBackend.url(Fixture.serverUrl(kind)))
                .masterKey(Fixture.KEY).build();
             Vault reader = CredVault.builder().backend(JdbcBackend.url(Fixture.serverUrl(kind))).masterKey(Fixture.KEY)
                     .readCache(ReadCache.of(10_000, 64L << 20, Duration.ofSeconds(1))).build()) {
            CredentialMetadata m = writer.create(owner, NewCredential.builder("github", "probe").secrets("accessToken", "t").build());
            Thread.sleep(3000); // the reader's change feed (where there is one) connects and checks itself
            double[] ms = new double[updates];
            long version = m.version();
            java.util.Random random = new java.util.Random(42);
            for (int i = 0; i < updates; i++) {
                reader.describe(owner, m.id()); // cached
                version = writer.update(owner, m.id(), version, CredentialUpdate.builder().description("v" + i).build()).version();
                long committed = System.nanoTime();
                while (reader.describe(owner, m.id()).version() < version) {
                    Thread.onSpinWait();
                }
                ms[i] = (System.nanoTime() - committed) / 1e6;
                Thread.sleep(random.nextInt(250)); // updates land at any point of a journal poll's interval
            }
            return ms;
        }
    }

    private static ObjectNode row(ObjectMapper json, BackendKind kind, String stat, double ms) {
        ObjectNode r = json.createObjectNode();
        r.put("benchmark", "io.credvault.benchmarks.StalenessProbe.remoteCommit");
        r.put("threads", 1);
        ObjectNode params = r.putObject("params");
        params.put("backend", kind.name());
        params.put("stat", stat);
        ObjectNode metric = r.putObject("primaryMetric");
        metric.put("score", ms);
        metric.put("scoreError", "NaN");
        metric.put("scoreUnit", "ms");
        return r;
    }
}
