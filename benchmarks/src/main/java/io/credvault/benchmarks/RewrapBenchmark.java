package io.credvault.benchmarks;

import io.credvault.CredentialId;
import io.credvault.OwnerId;
import io.credvault.RewrapOptions;
import io.credvault.RewrapReport;
import io.credvault.core.internal.AeadSealer;
import io.credvault.crypto.internal.Aead;
import io.credvault.crypto.internal.AesGcm;
import io.credvault.spi.SealContext;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
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
 * Rewrap of {@code count} credentials after a rotation, on an H2 file (and PostgreSQL or MariaDB with
 * {@code -p backend=POSTGRES,MARIADB}): one shot per iteration, a fresh store each time. Records per second =
 * count / score. The baseline does the same storage and crypto work with raw JDBC on one connection: walk the
 * primary key for rows under the old key, decrypt, encrypt under the new key, write the batch and commit; it keeps no
 * journal, no progress record and no compare-and-set on the row version. On the H2 file it syncs each batch to the
 * disk ({@code CHECKPOINT SYNC}), as credvault does with every commit it reports. It writes the way that is fastest on each
 * database, as credvault does: on H2 a JDBC batch of single-row {@code UPDATE}s; on PostgreSQL one
 * {@code UPDATE ... FROM unnest(arrays)} per batch (about 1.35× the JDBC batch there); on MariaDB one {@code UPDATE}
 * joined to the batch's rows as a table value constructor (100,000 rows: 3.5 s against 11.6 s for the JDBC batch,
 * three shots each).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RewrapBenchmark -p count=100000}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RewrapBenchmark {
    /** The project's rewrap, or the raw JDBC baseline. */
    public enum Impl { REWRAP, BASELINE }

    @Param({"H2_FILE"})
    public BackendKind backend;

    @Param
    public Impl impl;

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
    public long rewrap() throws Exception {
        long done = impl == Impl.REWRAP ? project() : baseline();
        if (done < count) {
            throw new IllegalStateException("rewrap moved " + done + " of " + count + " credentials");
        }
        return done;
    }

    private long project() {
        RewrapReport r = fixture.vault.keys().rewrap(RewrapOptions.builder().batchSize(batchSize).build());
        if (!r.usage().rotationComplete()) {
            throw new IllegalStateException("rewrap left " + r.usage().remaining() + " credentials");
        }
        return r.rewrapped();
    }

    private long baseline() throws Exception {
        SecretKey from = fixture.dataKey(1);
        Aead to = new Aead(fixture.dataKey(2));
        SecureRandom random = new SecureRandom();
        long done = 0;
        try (Connection c = fixture.dataSource().getConnection();
             PreparedStatement select = c.prepareStatement(
                     "SELECT id, owner_id, sealed FROM cv_credentials WHERE key_version = 1 AND id > ? ORDER BY id LIMIT ?");
             PreparedStatement update = c.prepareStatement(backend == BackendKind.POSTGRES
                     ? "UPDATE cv_credentials t SET sealed = v.sealed, key_version = 2 FROM unnest(?::varchar[], ?::bytea[]) "
                             + "AS v(id, sealed) WHERE t.id = v.id AND t.key_version = 1"
                     : "UPDATE cv_credentials SET sealed = ?, key_version = 2 WHERE id = ? AND key_version = 1")) {
            c.setAutoCommit(false);
            String cursor = "";
            while (true) {
                select.setString(1, cursor);
                select.setInt(2, batchSize);
                List<String> ids = new ArrayList<>(batchSize);
                List<byte[]> sealed = new ArrayList<>(batchSize);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        CredentialId id = CredentialId.of(rs.getString(1));
                        OwnerId owner = OwnerId.of(rs.getString(2));
                        byte[] plaintext = Fixture.rawDecrypt(from, owner, id, rs.getBytes(3));
                        byte[] nonce = new byte[AesGcm.NONCE_BYTES];
                        random.nextBytes(nonce);
                        sealed.add(AeadSealer.seal(to, 2, nonce, plaintext, SealContext.secretOf(owner, id)));
                        ids.add(id.value());
                    }
                }
                if (ids.isEmpty()) {
                    break;
                }
                if (backend == BackendKind.POSTGRES) {
                    update.setArray(1, c.createArrayOf("varchar", ids.toArray(new String[0])));
                    update.setArray(2, c.createArrayOf("bytea", sealed.toArray(new byte[0][])));
                    update.executeUpdate();
                } else if (backend == BackendKind.MARIADB) {
                    try (PreparedStatement rows = c.prepareStatement(mariaDbUpdate(ids.size()))) {
                        for (int i = 0; i < ids.size(); i++) {
                            rows.setString(2 * i + 1, ids.get(i));
                            rows.setBytes(2 * i + 2, sealed.get(i));
                        }
                        rows.executeUpdate();
                    }
                } else {
                    for (int i = 0; i < ids.size(); i++) {
                        update.setBytes(1, sealed.get(i));
                        update.setString(2, ids.get(i));
                        update.addBatch();
                    }
                    update.executeBatch();
                }
                c.commit();
                if (backend == BackendKind.H2_FILE) {
                    try (var sync = c.createStatement()) {
                        sync.execute("CHECKPOINT SYNC"); // on disk before the next batch, as every commit of credvault's is
                    }
                }
                done += ids.size();
                cursor = ids.get(ids.size() - 1);
            }
            c.setAutoCommit(true);
        }
        return done;
    }

    /** MariaDB: one update of {@code rows} rows, joined to them as a table value constructor. */
    private static String mariaDbUpdate(int rows) {
        StringBuilder sql = new StringBuilder("UPDATE cv_credentials t JOIN (WITH v (id, sealed) AS (VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
        }
        return sql.append(") SELECT * FROM v) v ON t.id = v.id AND t.key_version = 1 SET t.sealed = v.sealed, t.key_version = 2")
                .toString();
    }
}
