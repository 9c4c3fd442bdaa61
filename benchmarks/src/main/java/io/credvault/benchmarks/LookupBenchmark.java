package io.credvault.benchmarks;

import io.credvault.CredentialId;
import io.credvault.OwnerId;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.core.ReadCache;
import io.credvault.spi.ForwardingBackend;
import io.credvault.spi.StoredCredential;
import io.credvault.spi.VaultBackend;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The lookup path: {@code reveal} (under the default write-behind reveal audit) and {@code describe} by id,
 * beside the baseline on the same backend and data: a {@code ConcurrentHashMap} get plus raw decrypt for the
 * in-memory backend; a raw JDBC prepared-statement select by primary key on the same table plus raw decrypt
 * for H2 and PostgreSQL. Ids are drawn at random from {@code count} stored credentials. {@code REVEAL_CACHED} reveals
 * through a second vault on the same store with a {@linkplain ReadCache read cache} large enough for every credential
 * (the first reveal of each reads the store; the rest decrypt what the cache holds, and are journaled all the same).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar LookupBenchmark -t 1} (and {@code -t 2});
 * PostgreSQL: {@code CREDVAULT_BENCH_POSTGRES_URL=jdbc:postgresql://127.0.0.1:5432/test?user=postgres
 * java -jar benchmarks/target/benchmarks.jar LookupBenchmark -p backend=POSTGRES}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LookupBenchmark {
    /** Project operations and the baseline they are compared with. */
    public enum Impl { REVEAL, DESCRIBE, BASELINE, REVEAL_CACHED }

    @Param({"IN_MEMORY", "H2_MEM", "H2_FILE"})
    public BackendKind backend;

    @Param
    public Impl impl;

    @Param({"1000"})
    public int count;

    private Fixture fixture;
    private Vault cached;
    private CredentialId[] ids;
    private OwnerId[] owners;
    private ConcurrentHashMap<CredentialId, StoredCredential> map;
    private DataSource dataSource;
    private SecretKey dataKey;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        fixture = new Fixture(backend, count);
        List<CredentialId> all = fixture.ids;
        ids = all.toArray(new CredentialId[0]);
        owners = new OwnerId[ids.length];
        map = new ConcurrentHashMap<>();
        for (int i = 0; i < ids.length; i++) {
            StoredCredential c = fixture.backend.find(ids[i]).orElseThrow();
            owners[i] = c.owner();
            if (backend == BackendKind.IN_MEMORY) {
                map.put(c.id(), c);
            }
        }
        if (impl == Impl.REVEAL_CACHED) {
            VaultBackend shared = new ForwardingBackend(fixture.backend) {
                @Override
                public void close() {
                    // the fixture closes the store
                }
            };
            cached = CredVault.builder().backend(shared).masterKey(Fixture.KEY)
                    .readCache(ReadCache.of(2L * count, 1L << 30, Duration.ofSeconds(5))).build();
        }
        dataKey = fixture.dataKey(1);
        if (backend != BackendKind.IN_MEMORY) {
            dataSource = fixture.dataSource();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (cached != null) {
            cached.close();
        }
        fixture.close();
    }

    @Benchmark
    public Object lookup() throws Exception {
        int i = ThreadLocalRandom.current().nextInt(ids.length);
        return switch (impl) {
            case REVEAL -> fixture.vault.reveal(owners[i], ids[i]);
            case DESCRIBE -> fixture.vault.describe(owners[i], ids[i]);
            case REVEAL_CACHED -> cached.reveal(owners[i], ids[i]);
            case BASELINE -> backend == BackendKind.IN_MEMORY ? baselineMap(i) : baselineJdbc(i);
        };
    }

    private byte[] baselineMap(int i) throws Exception {
        StoredCredential c = map.get(ids[i]);
        return Fixture.rawDecrypt(dataKey, c.owner(), c.id(), c.sealed());
    }

    private byte[] baselineJdbc(int i) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT owner_id, sealed FROM cv_credentials WHERE id = ?")) {
            ps.setString(1, ids[i].value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Fixture.rawDecrypt(dataKey, OwnerId.of(rs.getString(1)), ids[i], rs.getBytes(2));
            }
        }
    }
}
