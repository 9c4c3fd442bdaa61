package io.credvault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.credvault.CredentialMetadata;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import io.credvault.spi.SealedRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A rewrap batch on PostgreSQL ({@code CREDVAULT_TEST_POSTGRES_URL}): one compare-and-set statement over arrays. */
class PostgresRewrapTest {
    private static final String PREFIX = "rw_";
    private static final int ROWS = 5;

    @Test
    @DisplayName("a batch read under one key version and sealed under one writes each row's own ciphertext and skips a row changed in between")
    void sharedKeyVersions_writesEachRow_skipsChanged() throws SQLException {
        swap(i -> 1, i -> 2, false);
    }

    @Test
    @DisplayName("a batch whose rows were read under different key versions, or are sealed under different ones, writes each row's own")
    void mixedKeyVersions_writesEachRowsOwn() throws SQLException {
        // row 1 was read under key version 2 (it holds 2 in the table too); row 3 is sealed under version 3
        swap(i -> i == 1 ? 2 : 1, i -> i == 3 ? 3 : 2, true);
    }

    /**
     * Creates {@value #ROWS} credentials, gives row {@code i} the key version {@code seenVersion(i)} in the table, and
     * swaps in a random ciphertext under {@code nextVersion(i)}: every row moves but row 2, changed in between.
     */
    private static void swap(IntUnaryOperator seenVersion, IntUnaryOperator nextVersion, boolean mixed) throws SQLException {
        try (HikariDataSource pool = TestDatabases.emptied(TestDatabases.POSTGRES, PREFIX);
             JdbcBackend backend = JdbcBackend.builder(pool).tablePrefix(PREFIX).build();
             Vault vault = CredVault.builder().createIfEmpty(true).backend(backend).masterKey(MasterKey.of(new byte[32])).build()) {
            Random random = new Random(7);
            List<SealedRecord> seen = new ArrayList<>();
            List<SealedRecord> next = new ArrayList<>();
            try (Connection c = pool.getConnection();
                 PreparedStatement keyVersion = c.prepareStatement("UPDATE rw_credentials SET key_version = ? WHERE id = ?")) {
                for (int i = 0; i < ROWS; i++) {
                    CredentialMetadata m = vault.create(OwnerId.of("o"), NewCredential.builder("generic", "c" + i).secrets("k", "v" + i).build());
                    keyVersion.setInt(1, seenVersion.applyAsInt(i));
                    keyVersion.setString(2, m.id().value());
                    assertThat(keyVersion.executeUpdate()).isEqualTo(1);
                    SealedRecord r = SealedRecord.of(backend.find(m.id()).orElseThrow());
                    byte[] sealed = new byte[17 + 100 * i];
                    random.nextBytes(sealed);
                    seen.add(r);
                    next.add(r.withSealed(sealed, nextVersion.applyAsInt(i)));
                }
            }
            assertThat(seen.stream().map(SealedRecord::keyVersion).distinct().count() > 1
                    || next.stream().map(SealedRecord::keyVersion).distinct().count() > 1).isEqualTo(mixed);
            try (Connection c = pool.getConnection();
                 PreparedStatement bump = c.prepareStatement("UPDATE rw_credentials SET version = version + 1 WHERE id = ?")) {
                bump.setString(1, seen.get(2).id().value());
                assertThat(bump.executeUpdate()).isEqualTo(1);
            }
            boolean[] done = backend.run("swap", h -> RewrapSql.swapPostgres(h, PREFIX + "credentials", seen, next, backend));

            assertThat(done).containsExactly(true, true, false, true, true);
            for (int i = 0; i < ROWS; i++) {
                SealedRecord stored = SealedRecord.of(backend.find(seen.get(i).id()).orElseThrow());
                SealedRecord expected = i == 2 ? seen.get(i) : next.get(i);
                assertThat(stored.sealed()).as("row %d", i).isEqualTo(expected.sealed());
                assertThat(stored.keyVersion()).as("row %d", i).isEqualTo(expected.keyVersion());
            }
        }
    }
}
