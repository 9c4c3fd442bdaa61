package io.credvault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.credvault.CredentialMetadata;
import io.credvault.NewCredential;
import io.credvault.OwnedCredential;
import io.credvault.OwnerId;
import io.credvault.RewrapOptions;
import io.credvault.RewrapReport;
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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A rewrap batch on MariaDB ({@code CREDVAULT_TEST_MARIADB_URL}): multi-row compare-and-set statements. */
class MariaDbRewrapTest {
    private static final String PREFIX = "rw_";

    @Test
    @DisplayName("a batch split over statements by its bytes writes each row's own ciphertext, of any length, and key version, and skips a row changed in between")
    void splitBatch_writesEachRow_skipsChanged() throws SQLException {
        try (HikariDataSource pool = TestDatabases.emptied(TestDatabases.MARIADB, PREFIX);
             JdbcBackend backend = JdbcBackend.builder(pool).tablePrefix(PREFIX).build();
             Vault vault = CredVault.builder().createIfEmpty(true).backend(backend).masterKey(MasterKey.of(new byte[32])).build()) {
            OwnerId owner = OwnerId.of("o");
            // the shortest first: a column of the rows' constructor must hold the longest of them
            int[] lengths = {1, 2, 3000, 17, 1500, 2999, 5};
            Random random = new Random(7);
            List<SealedRecord> seen = new ArrayList<>();
            List<SealedRecord> next = new ArrayList<>();
            for (int i = 0; i < lengths.length; i++) {
                CredentialMetadata m = vault.create(owner, NewCredential.builder("generic", "c" + i).secrets("k", "v" + i).build());
                SealedRecord r = SealedRecord.of(backend.find(m.id()).orElseThrow());
                byte[] sealed = new byte[lengths[i]];
                random.nextBytes(sealed);
                // the 2-byte row was read under key version 2; the 1500-byte row is sealed under version 3
                seen.add(i == 1 ? r.withSealed(r.sealed(), 2) : r);
                next.add(r.withSealed(sealed, i == 4 ? 3 : r.keyVersion() + 1));
            }
            // at most 3,000 bytes a statement: [1, 2], [3000], [17, 1500], [2999], [5]. The first and the third mix key
            // versions, so their rows carry their own; the 17-byte row changes in between
            try (Connection c = pool.getConnection();
                 PreparedStatement bump = c.prepareStatement("UPDATE rw_credentials SET version = version + 1 WHERE id = ?");
                 PreparedStatement reread = c.prepareStatement("UPDATE rw_credentials SET key_version = 2 WHERE id = ?")) {
                bump.setString(1, seen.get(3).id().value());
                assertThat(bump.executeUpdate()).isEqualTo(1);
                reread.setString(1, seen.get(1).id().value());
                assertThat(reread.executeUpdate()).isEqualTo(1);
            }
            boolean[] done = backend.run("swap", h -> RewrapSql.swapMariaDb(h, PREFIX + "credentials", seen, next, backend, 3000));

            assertThat(done).containsExactly(true, true, true, false, true, true, true);
            for (int i = 0; i < lengths.length; i++) {
                SealedRecord stored = SealedRecord.of(backend.find(seen.get(i).id()).orElseThrow());
                SealedRecord expected = i == 3 ? seen.get(i) : next.get(i);
                assertThat(stored.sealed()).as("row %d", i).isEqualTo(expected.sealed());
                assertThat(stored.keyVersion()).as("row %d", i).isEqualTo(expected.keyVersion());
            }
        }
    }

    @Test
    @DisplayName("a batch of 2,500 credentials (three statements of at most 1,000 rows) moves every one to the new key, each still revealing its own secret")
    void largeBatch_everyCredentialMoves() {
        try (HikariDataSource pool = TestDatabases.emptied(TestDatabases.MARIADB, PREFIX);
             Vault vault = CredVault.builder().createIfEmpty(true).backend(JdbcBackend.builder(pool).tablePrefix(PREFIX).build())
                .masterKey(MasterKey.of(new byte[32])).build()) {
            int count = 2 * RewrapSql.MARIADB_ROWS + 500;
            List<OwnedCredential> all = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                all.add(new OwnedCredential(OwnerId.of("owner-" + i % 3), NewCredential.builder("generic", "c" + i).secrets("k", "v" + i).build()));
            }
            List<CredentialMetadata> created = vault.createAll(all);
            int primary = vault.keys().rotate().version();
            RewrapReport report = vault.keys().rewrap(RewrapOptions.builder().batchSize(count).build());

            assertThat(report.rewrapped()).isEqualTo(count);
            assertThat(report.batches()).isEqualTo(1);
            assertThat(report.usage().rotationComplete()).isTrue();
            for (int i = 0; i < count; i++) {
                CredentialMetadata m = created.get(i);
                assertThat(vault.describe(m.owner(), m.id()).keyVersion()).isEqualTo(primary);
                assertThat(vault.reveal(m.owner(), m.id()).secrets().require("k").reveal()).isEqualTo("v" + i);
            }
        }
    }
}
