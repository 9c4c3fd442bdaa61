package io.credvault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.credvault.CredentialMetadata;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import io.credvault.spi.SealedRecord;
import io.credvault.spi.StoredCredential;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A rewrap batch whose driver reports no per-row counts (a bulk protocol): which rows took the new ciphertext is read back. */
class RewrapOutcomeTest {
    @Test
    @DisplayName("unknown counts: one query reads back which rows hold the new ciphertext; known counts are taken as they are")
    void unknownCounts_readBack() {
        try (JdbcBackend backend = JdbcBackend.h2Memory("rewrap-outcome");
             Vault v = CredVault.builder().createIfEmpty(true).backend(backend).masterKey(MasterKey.of(new byte[32])).build()) {
            OwnerId o = OwnerId.of("o");
            List<StoredCredential> rows = List.of("a", "b", "c", "d").stream()
                    .map(n -> v.create(o, NewCredential.builder("generic", n).secrets("k", n).build()))
                    .map(CredentialMetadata::id).map(id -> backend.find(id).orElseThrow()).toList();
            byte[] written = new byte[] {1, 2, 3};
            backend.run("write", h -> {
                try (Statement s = h.getConnection().createStatement()) {
                    s.executeUpdate("UPDATE cv_credentials SET sealed = X'010203' WHERE id = '" + rows.get(0).id().value() + "'");
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
                return 0;
            });
            List<SealedRecord> next = rows.stream().map(r -> SealedRecord.of(r).withSealed(written, r.keyVersion())).toList();
            boolean[] done = backend.run("outcomes", h -> RewrapSql.outcomes(h, "cv_credentials",
                    new int[] {java.sql.Statement.SUCCESS_NO_INFO, java.sql.Statement.SUCCESS_NO_INFO, 1, 0}, next, backend));
            assertThat(done).containsExactly(true, false, true, false);
        }
    }
}
