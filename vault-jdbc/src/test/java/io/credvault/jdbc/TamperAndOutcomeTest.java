package io.credvault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.CommitUnknownException;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialUpdate;
import io.credvault.IntegrityException;
import io.credvault.IssuedApiKey;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.StorageException;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Attacks with write access to the tables (plain SQL on H2), and a commit whose outcome is unknown. */
class TamperAndOutcomeTest {
    private static final OwnerId A = OwnerId.of("tenant-a");
    private static final OwnerId B = OwnerId.of("tenant-b");
    private static final MasterKey KEY = MasterKey.of(new byte[32]);

    private final String name = "tamper-" + UUID.randomUUID();

    private Connection sql() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:mem:" + name, "sa", "");
    }

    private void exec(String statement) throws SQLException {
        try (Connection c = sql(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** A new vault over this test's in-memory H2 database. */
    private Vault vault() {
        return CredVault.builder().createIfEmpty(true).backend(JdbcBackend.h2Memory(name)).masterKey(KEY).build();
    }

    /** Each of {@code reads} fails with an {@link IntegrityException} whose message holds every one of {@code words}. */
    private static void integrityErrors(List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> reads, String... words) {
        for (var read : reads) {
            var error = assertThatThrownBy(read).isInstanceOf(IntegrityException.class);
            for (String word : words) {
                error.hasMessageContaining(word);
            }
        }
    }

    private String dump() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = sql(); Statement s = c.createStatement()) {
            for (String table : List.of("cv_keys", "cv_settings", "cv_credentials", "cv_journal", "cv_api_keys")) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder(table);
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            row.append('|').append(rs.getString(i));
                        }
                        rows.add(row.toString());
                    }
                }
            }
        }
        return String.join("\n", rows);
    }

    private String one(String query) throws SQLException {
        try (Connection c = sql(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    @DisplayName("a deleted key-check row: open refuses with the right and a wrong key, and no key material is overwritten")
    void deletedKeyCheck_refusesAndWritesNothing() throws Exception {
        JdbcBackend backend = JdbcBackend.h2Memory(name);
        try (Vault v = CredVault.builder().createIfEmpty(true).backend(backend).masterKey(KEY).build()) {
            v.create(A, NewCredential.builder("generic", "one").secrets("secret", "s1").build());
            exec("DELETE FROM cv_settings WHERE setting_name = 'keyring.check'");
            String before = dump();
            for (MasterKey key : List.of(KEY, MasterKey.generate())) {
                assertThatThrownBy(() -> CredVault.builder().createIfEmpty(true).backend(new Unclosed(backend)).masterKey(key).build())
                        .isInstanceOf(IntegrityException.class).hasMessageContaining("1 credentials");
                assertThat(dump()).isEqualTo(before);
            }
        }
    }

    @Test
    @DisplayName("a credential or provider call whose status was altered outside the vault reads as an IntegrityException naming the column")
    void alteredStatus_isIntegrity() throws Exception {
        try (Vault v = vault()) {
            CredentialMetadata c = v.create(A, NewCredential.builder("generic", "one").secrets("secret", "s1").build());
            v.health().record(A, c.id(), io.credvault.ProviderCall.status(200));
            exec("UPDATE cv_credentials SET status = 'BOGUS'");
            integrityErrors(List.of(() -> v.describe(A, c.id()), () -> v.reveal(A, c.id()),
                    () -> v.list(A, io.credvault.ListFilter.active(), io.credvault.PageRequest.first(10))), "status", "'BOGUS'", "NEVER_CHECKED");
            exec("UPDATE cv_credentials SET status = 'OK'");
            exec("UPDATE cv_provider_calls SET status = 'BOGUS'");
            assertThatThrownBy(() -> v.health().calls(A, c.id(), io.credvault.PageRequest.first(10))).isInstanceOf(IntegrityException.class)
                    .hasMessageContaining("status").hasMessageContaining("'BOGUS'");
        }
    }

    @Test
    @DisplayName("a journal entry whose details no longer decode: verify names it and checks what precedes it, reading it is an IntegrityException")
    void undecodableJournalEntry_isReportedByVerify() throws Exception {
        try (Vault v = vault()) {
            v.create(A, NewCredential.builder("generic", "one").secrets("secret", "s1").build());
            CredentialMetadata two = v.create(A, NewCredential.builder("generic", "two").secrets("secret", "s2").build());
            v.create(A, NewCredential.builder("generic", "three").secrets("secret", "s3").build());
            long seq = Long.parseLong(one("SELECT MIN(seq) FROM cv_journal WHERE credential_id = '" + two.id().value() + "'"));
            long before = Long.parseLong(one("SELECT COUNT(*) FROM cv_journal WHERE seq < " + seq));
            for (String details : List.of("no-equals-sign", "name=%zz", "a=1&&b=2")) {
                exec("UPDATE cv_journal SET details = '" + details + "' WHERE seq = " + seq);
                io.credvault.JournalVerification result = v.journal().verify();
                assertThat(result.intact()).as(details).isFalse();
                assertThat(result.firstBrokenSeq()).as(details).isEqualTo(seq);
                assertThat(result.checked()).as(details).isEqualTo(before);
                assertThat(result.reason()).as(details).contains("entry " + seq);
                assertThatThrownBy(() -> v.journal().query(io.credvault.JournalQuery.all(), io.credvault.PageRequest.first(100)))
                        .as(details).isInstanceOf(IntegrityException.class).hasMessageContaining("journal entry " + seq);
            }
            exec("UPDATE cv_journal SET details = '', owner_id = CHAR(7) WHERE seq = " + seq);
            assertThat(v.journal().verify().firstBrokenSeq()).isEqualTo(seq);
        }
    }

    @Test
    @DisplayName("a credential or API key row holding an owner the vault never writes reads as an IntegrityException, not as bad input")
    void invalidOwnerInRow_isIntegrity() throws Exception {
        try (Vault v = vault()) {
            CredentialMetadata c = v.create(A, NewCredential.builder("generic", "one").secrets("secret", "s1").build());
            IssuedApiKey key = v.apiKeys().create(A);
            exec("UPDATE cv_api_keys SET owner_id = CHAR(7)");
            assertThatThrownBy(() -> v.apiKeys().verify(key.key().reveal())).isInstanceOf(IntegrityException.class)
                    .hasMessageContaining("API key").hasMessageContaining("owner");
            exec("UPDATE cv_credentials SET owner_id = CHAR(7)");
            integrityErrors(List.of(() -> v.describe(A, c.id()), () -> v.reveal(A, c.id())), "credential " + c.id().value(), "owner");
        }
    }

    @Test
    @DisplayName("an unknown key state or a key check that is not Base64 is an IntegrityException at open")
    void alteredKeyring_isIntegrity() throws Exception {
        JdbcBackend backend = JdbcBackend.h2Memory(name);
        try (Vault v = CredVault.builder().createIfEmpty(true).backend(backend).masterKey(KEY).build()) {
            exec("UPDATE cv_keys SET state = 'BOGUS' WHERE version = 1");
            assertThatThrownBy(() -> CredVault.builder().backend(new Unclosed(backend)).masterKey(KEY).build())
                    .isInstanceOf(IntegrityException.class).hasMessageContaining("BOGUS");
            exec("UPDATE cv_keys SET state = 'PRIMARY' WHERE version = 1");
            exec("UPDATE cv_settings SET setting_value = '***' WHERE setting_name = 'keyring.check'");
            assertThatThrownBy(() -> CredVault.builder().backend(new Unclosed(backend)).masterKey(KEY).build())
                    .isInstanceOf(IntegrityException.class).hasMessageContaining("Base64");
        }
    }

    @Test
    @DisplayName("swapping two tenants' API-key hashes or owners never makes one tenant's key verify as the other")
    void swappedApiKeyRows_neverVerify() throws Exception {
        JdbcBackend backend = JdbcBackend.h2Memory(name);
        try (Vault v = CredVault.builder().createIfEmpty(true).backend(backend).masterKey(KEY).build()) {
            IssuedApiKey a = v.apiKeys().create(A);
            IssuedApiKey b = v.apiKeys().create(B);
            String hashA = one("SELECT hash FROM cv_api_keys WHERE owner_id = 'tenant-a'");
            String hashB = one("SELECT hash FROM cv_api_keys WHERE owner_id = 'tenant-b'");
            exec("UPDATE cv_api_keys SET hash = 'tmp' WHERE owner_id = 'tenant-a'");
            exec("UPDATE cv_api_keys SET hash = '" + hashA + "' WHERE owner_id = 'tenant-b'");
            exec("UPDATE cv_api_keys SET hash = '" + hashB + "' WHERE owner_id = 'tenant-a'");
            assertThat(v.apiKeys().verify(a.key().reveal())).isEmpty(); // its hash now sits in B's row
            assertThat(v.apiKeys().verify(b.key().reveal())).isEmpty();
            // and moving the owner instead of the hash
            exec("UPDATE cv_api_keys SET hash = CASE WHEN owner_id = 'tenant-a' THEN '" + hashA + "' ELSE 'tmp' END");
            exec("UPDATE cv_api_keys SET hash = '" + hashB + "' WHERE owner_id = 'tenant-b'");
            assertThat(v.apiKeys().verify(a.key().reveal())).contains(A);
            exec("UPDATE cv_api_keys SET active_owner = NULL");
            exec("UPDATE cv_api_keys SET owner_id = CASE WHEN owner_id = 'tenant-a' THEN 'tenant-b' ELSE 'tenant-a' END");
            assertThat(v.apiKeys().verify(a.key().reveal())).isEmpty();
            assertThat(v.apiKeys().verify(b.key().reveal())).isEmpty();
        }
    }

    @Test
    @DisplayName("a commit that fails after taking effect is CommitUnknownException, and a re-read shows the change")
    void commitLost_isUnknownOutcome() {
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
        FailingDataSource ds = new FailingDataSource(pool);
        try (Vault v = CredVault.builder().createIfEmpty(true).backend(JdbcBackend.builder(ds).build()).masterKey(KEY).build()) {
            CredentialMetadata m = v.create(A, NewCredential.builder("generic", "one").secrets("secret", "s1").build());
            ds.failNextCommitAfterItCommits();
            assertThatThrownBy(() -> v.update(A, m.id(), 1, CredentialUpdate.builder().secrets("secret", "s2").build()))
                    .isInstanceOf(CommitUnknownException.class).hasMessageContaining("may or may not have been committed")
                    .hasMessageNotContaining("nothing was committed");
            assertThat(v.describe(A, m.id()).version()).isEqualTo(2);
            ds.failAt(1); // the first statement of the next write
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> v.update(A, m.id(), 2,
                    CredentialUpdate.builder().secrets("secret", "s3").build()));
            assertThat(t).isInstanceOf(StorageException.class).isNotInstanceOf(CommitUnknownException.class)
                    .hasMessageContaining("nothing was committed");
            ds.disarm();
            assertThat(v.describe(A, m.id()).version()).isEqualTo(2);
        } finally {
            pool.dispose();
        }
    }

    @Test
    @DisplayName("a create whose commit outcome is unknown, retried under its idempotency key, returns the committed credential: no duplicate")
    void commitLost_createRetriedWithIdempotencyKey() {
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
        FailingDataSource ds = new FailingDataSource(pool);
        try (Vault v = CredVault.builder().createIfEmpty(true).backend(JdbcBackend.builder(ds).build()).masterKey(KEY).build()) {
            NewCredential request = NewCredential.builder("generic", "one").secrets("secret", "s1").idempotencyKey("req-1").build();
            ds.failNextCommitAfterItCommits();
            assertThatThrownBy(() -> v.create(A, request)).isInstanceOf(CommitUnknownException.class);
            CredentialMetadata retried = v.create(A, request);
            assertThat(retried.version()).isEqualTo(1);
            assertThat(v.list(A, io.credvault.ListFilter.all(), io.credvault.PageRequest.first(10)).items())
                    .extracting(CredentialMetadata::id).containsExactly(retried.id());
            assertThat(v.reveal(A, retried.id()).secrets().require("secret").reveal()).isEqualTo("s1");
        } finally {
            pool.dispose();
        }
    }

    /** A view of a backend whose close() leaves it open: the test's own vault closes it. */
    private static final class Unclosed extends io.credvault.spi.ForwardingBackend {
        Unclosed(io.credvault.spi.VaultBackend delegate) {
            super(delegate);
        }

        @Override
        public void close() {
        }
    }
}
