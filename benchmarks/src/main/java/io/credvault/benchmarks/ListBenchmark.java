package io.credvault.benchmarks;

import io.credvault.CredentialMetadata;
import io.credvault.ListFilter;
import io.credvault.OwnerId;
import io.credvault.Page;
import io.credvault.PageRequest;
import io.credvault.RevealAudit;
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
 * List page latency at depth: a page of 100 credentials of one owner at the start, and at the cursor of a page
 * {@code depth} pages in. Keyset paging means a deep page should cost what the first costs.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ListBenchmark -p count=100000}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ListBenchmark {
    /** Where the page starts: the first page, or the deepest page of the owner's credentials. */
    public enum Impl { FIRST_PAGE, DEEP_PAGE }

    @Param({"IN_MEMORY", "H2_FILE"})
    public BackendKind backend;

    @Param
    public Impl impl;

    @Param({"20000"})
    public int count;

    /** Owners the credentials are spread over; 1 puts all of them in the listed owner. */
    @Param({"100"})
    public int owners;

    private Fixture fixture;
    private OwnerId owner;
    private String deepCursor;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        fixture = new Fixture(backend, count, owners, RevealAudit.WRITE_BEHIND);
        owner = fixture.owners.get(owners > 1 ? 1 : 0);
        // walk to the last full page of this owner's credentials (count / owners of them)
        PageRequest req = PageRequest.first(100);
        String cursor = null;
        while (true) {
            Page<CredentialMetadata> p = fixture.vault.list(owner, ListFilter.active(), req);
            if (!p.hasNext()) {
                break;
            }
            Page<CredentialMetadata> next = fixture.vault.list(owner, ListFilter.active(), req.next(p.nextCursor()));
            if (!next.hasNext()) {
                break;
            }
            cursor = p.nextCursor();
            req = req.next(p.nextCursor());
        }
        deepCursor = cursor;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        fixture.close();
    }

    @Benchmark
    public Page<CredentialMetadata> page() {
        PageRequest req = impl == Impl.FIRST_PAGE || deepCursor == null ? PageRequest.first(100) : new PageRequest(deepCursor, 100);
        return fixture.vault.list(owner, ListFilter.active(), req);
    }
}
