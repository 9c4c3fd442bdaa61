package io.credvault.benchmarks;

import io.credvault.CredentialMetadata;
import io.credvault.CredentialUpdate;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * The write path on H2: {@code create} and {@code update} (seal, validate, compare-and-set, journal entry, one
 * transaction) beside a raw JDBC insert / update of the same row shape with an already sealed secret.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar WriteBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WriteBenchmark {
    /** The project's write, or the raw JDBC baseline. */
    public enum Impl { CREDVAULT, RAW_JDBC }

    @Param({"H2_FILE"})
    public BackendKind backend;

    @Param
    public Impl impl;

    private Fixture fixture;
    private DataSource dataSource;
    private final AtomicLong counter = new AtomicLong();
    private final OwnerId owner = OwnerId.of("writer");
    private CredentialMetadata target;
    private byte[] sealed;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        fixture = new Fixture(backend, 1000);
        dataSource = fixture.dataSource();
        target = fixture.vault.create(owner, NewCredential.builder("github", "update-target").secrets("accessToken", "t0").build());
        sealed = fixture.backend.find(target.id()).orElseThrow().sealed();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        fixture.close();
    }

    @Benchmark
    public Object create() throws Exception {
        long n = counter.incrementAndGet();
        if (impl == Impl.CREDVAULT) {
            return fixture.vault.create(owner, NewCredential.builder("github", "c-" + n).secrets("accessToken", "ghp_" + n).build());
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO cv_credentials "
                + "(id, owner_id, name, active_name, provider, status, created_at, updated_at, version, fingerprint, field_names, "
                + "key_version, sealed) VALUES (?, ?, ?, ?, 'github', 'NEVER_CHECKED', 0, 0, 1, 'x', 'accessToken', 1, ?)")) {
            String id = "R" + String.format("%025d", n);
            ps.setString(1, id);
            ps.setString(2, owner.value());
            ps.setString(3, "r-" + n);
            ps.setString(4, "r-" + n);
            ps.setBytes(5, sealed);
            return ps.executeUpdate();
        }
    }

    @Benchmark
    public Object update() throws Exception {
        long n = counter.incrementAndGet();
        if (impl == Impl.CREDVAULT) {
            synchronized (this) {
                CredentialMetadata next = fixture.vault.update(owner, target.id(), target.version(),
                        CredentialUpdate.builder().secrets("accessToken", "ghp_" + n).build());
                target = next;
                return next;
            }
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE cv_credentials SET sealed = ?, version = version + 1, updated_at = ? WHERE id = ?")) {
            ps.setBytes(1, sealed);
            ps.setLong(2, n);
            ps.setString(3, target.id().value());
            return ps.executeUpdate();
        }
    }

}
