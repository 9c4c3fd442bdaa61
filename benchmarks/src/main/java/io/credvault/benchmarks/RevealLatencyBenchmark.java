package io.credvault.benchmarks;

import io.credvault.CredentialId;
import io.credvault.OwnerId;
import io.credvault.RevealAudit;
import io.credvault.spi.StoredCredential;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
 * The distribution of single reveal latencies, not their average: reveals of credentials drawn at random from
 * {@code count} (so nearly every reveal is its own audit tally and the write-behind backlog fills), under each
 * reveal audit. The figure that matters is the tail — {@code p0.999} and {@code p1.00}, the longest reveal
 * sampled: the stall a caller sees when the audit writes.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RevealLatencyBenchmark -t 1} (and {@code -t 2})
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RevealLatencyBenchmark {
    @Param({"H2_FILE"})
    public BackendKind backend;

    @Param({"WRITE_BEHIND", "STRICT"})
    public RevealAudit audit;

    @Param({"100000"})
    public int count;

    private Fixture fixture;
    private CredentialId[] ids;
    private OwnerId[] owners;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        fixture = new Fixture(backend, count, 100, audit);
        ids = fixture.ids.toArray(new CredentialId[0]);
        owners = new OwnerId[ids.length];
        for (int i = 0; i < ids.length; i++) {
            StoredCredential c = fixture.backend.find(ids[i]).orElseThrow();
            owners[i] = c.owner();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        fixture.close();
    }

    @Benchmark
    public Object reveal() {
        int i = ThreadLocalRandom.current().nextInt(ids.length);
        return fixture.vault.reveal(owners[i], ids[i]);
    }
}
