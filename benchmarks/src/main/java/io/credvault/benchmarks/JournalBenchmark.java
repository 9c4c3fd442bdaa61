package io.credvault.benchmarks;

import io.credvault.CredentialId;
import io.credvault.JournalVerification;
import io.credvault.OwnerId;
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
 * The journal's chain: {@code verify()} of a journal holding one reveal entry for each of {@code count} credentials
 * (the entry a reveal of a credential not revealed in the last flush interval gets), on the in-memory backend. Each
 * entry is read, encoded into the bytes its chain MAC covers and MACed again, which is also what appending it cost
 * the reveal audit's writer; no database is involved, so the score over {@code count} is the chain's own cost per
 * entry.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar JournalBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JournalBenchmark {
    @Param({"10000"})
    public int count;

    private Fixture fixture;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        fixture = new Fixture(BackendKind.IN_MEMORY, count);
        for (CredentialId id : fixture.ids) {
            OwnerId owner = fixture.backend.find(id).orElseThrow().owner();
            fixture.vault.reveal(owner, id);
        }
        fixture.vault.journal().flush();
        JournalVerification v = fixture.vault.journal().verify();
        if (!v.intact() || v.checked() < count) {
            throw new IllegalStateException("the journal should hold at least " + count + " intact entries: " + v);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        fixture.close();
    }

    @Benchmark
    public JournalVerification verify() {
        return fixture.vault.journal().verify();
    }
}
