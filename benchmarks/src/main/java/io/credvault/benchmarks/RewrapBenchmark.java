package io.credvault.benchmarks;

import io.credvault.RewrapOptions;
import io.credvault.RewrapReport;
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
 * Rewrap of {@code count} credentials after a rotation, on an H2 file (and PostgreSQL with
 * {@code -p backend=POSTGRES}): one shot per iteration, a fresh vault each time. Records per second =
 * count / score.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RewrapBenchmark -p count=100000}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RewrapBenchmark {
    @Param({"H2_FILE"})
    public BackendKind backend;

    @Param({"20000"})
    public int count;

    @Param({"1000"})
    public int batchSize;

    private Fixture fixture;

    @Setup(Level.Iteration)
    public void setUp() throws Exception {
        fixture = new Fixture(backend, count);
        fixture.vault.keys().rotate();
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws Exception {
        fixture.close();
    }

    @Benchmark
    public RewrapReport rewrap() {
        RewrapReport r = fixture.vault.keys().rewrap(RewrapOptions.builder().batchSize(batchSize).build());
        if (!r.usage().rotationComplete()) {
            throw new IllegalStateException("rewrap left " + r.usage().remaining() + " credentials");
        }
        return r;
    }
}
