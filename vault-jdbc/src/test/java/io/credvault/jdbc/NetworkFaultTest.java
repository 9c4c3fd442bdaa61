package io.credvault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.zaxxer.hikari.HikariDataSource;
import io.credvault.CommitUnknownException;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialUpdate;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.StorageException;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Network faults between the vault and PostgreSQL, made by a loopback proxy ({@code CREDVAULT_TEST_POSTGRES_URL}):
 * a black-holed network ends in a timeout that names itself, and a connection cut after the server received
 * COMMIT is an unknown outcome, never "nothing was committed".
 */
class NetworkFaultTest {
    private static final OwnerId OWNER = OwnerId.of("network-owner");
    private static final MasterKey KEY = MasterKey.of(new byte[32]);
    private static final Pattern HOST_PORT = Pattern.compile("//([^/:?]+):(\\d+)/");
    private static HikariDataSource direct;
    private static String url;

    @BeforeAll
    static void connect() {
        direct = TestDatabases.pool(TestDatabases.POSTGRES);
        url = direct.getJdbcUrl();
    }

    @AfterAll
    static void disconnect() {
        if (direct != null) {
            direct.close();
        }
    }

    /** The net_ tables, created if missing, emptied. */
    private static void freshTables() {
        JdbcBackend.builder(direct).tablePrefix("net_").build();
        TestDatabases.wipe(direct, "net_");
    }

    private static TcpProxy proxy() throws Exception {
        Matcher m = HOST_PORT.matcher(url);
        assertThat(m.find()).as("host:port in " + url).isTrue();
        return new TcpProxy(m.group(1), Integer.parseInt(m.group(2)));
    }

    /** The URL through the proxy; statements never server-prepared, so every COMMIT is sent as text the proxy sees. */
    private static String through(TcpProxy proxy) {
        String via = HOST_PORT.matcher(url).replaceFirst("//127.0.0.1:" + proxy.port() + "/");
        return via + (via.contains("?") ? "&" : "?") + "prepareThreshold=0";
    }

    @Test
    @DisplayName("a black-holed network: the call fails within the socket timeout with a StorageException naming it")
    void blackHole_timesOutNamingTheTimeout() throws Exception {
        freshTables();
        try (TcpProxy proxy = proxy()) {
            JdbcBackend backend = JdbcBackend.builder(through(proxy)).tablePrefix("net_")
                    .socketTimeout(Duration.ofSeconds(2)).connectTimeout(Duration.ofSeconds(2)).build();
            try (Vault vault = CredVault.builder().createIfEmpty(true).backend(backend).masterKey(KEY).build()) {
                CredentialMetadata m = vault.create(OWNER, NewCredential.builder("generic", "net").secrets("secret", "s").build());
                proxy.blackHole();
                // without timeouts this call blocks for as long as the network is down: bound the test, not the speed
                Throwable t = assertTimeoutPreemptively(Duration.ofSeconds(30),
                        () -> org.assertj.core.api.Assertions.catchThrowable(() -> vault.describe(OWNER, m.id())));
                assertThat(t).isInstanceOf(StorageException.class).hasMessageContaining("timeout");
                assertThat(t.getMessage()).containsAnyOf("socket timeout of 2000 ms", "connect timeout of 2000 ms");
            }
        }
    }

    @Test
    @DisplayName("a read that waits on a lock, on a host's DataSource (no socket timeout): it fails within the statement timeout, naming it")
    void blockedRead_timesOutNamingTheStatementTimeout() throws Exception {
        freshTables();
        JdbcBackend backend = JdbcBackend.builder(direct).tablePrefix("net_").statementTimeout(Duration.ofSeconds(1)).build();
        try (Vault vault = CredVault.builder().createIfEmpty(true).backend(backend).masterKey(KEY).build();
             Connection locker = direct.getConnection();
             Statement s = locker.createStatement()) {
            CredentialMetadata m = vault.create(OWNER, NewCredential.builder("generic", "locked").secrets("secret", "s").build());
            locker.setAutoCommit(false);
            s.execute("LOCK TABLE net_credentials IN ACCESS EXCLUSIVE MODE"); // every read of the table waits
            try {
                for (org.assertj.core.api.ThrowableAssert.ThrowingCallable read : List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
                        () -> vault.describe(OWNER, m.id()), () -> vault.reveal(OWNER, m.id()))) {
                    // without the timeout the read waits for as long as the lock is held: bound the test, not the speed
                    Throwable t = assertTimeoutPreemptively(Duration.ofSeconds(20),
                            () -> org.assertj.core.api.Assertions.catchThrowable(read));
                    assertThat(t).isInstanceOf(StorageException.class).hasMessageContaining("statement timeout of 1000 ms expired");
                }
            } finally {
                locker.rollback();
            }
            assertThat(vault.describe(OWNER, m.id()).version()).isEqualTo(m.version());
        }
    }

    @Test
    @DisplayName("a connection cut after the server received COMMIT: CommitUnknownException, and a re-read shows the change")
    void cutAtCommit_isUnknownOutcome() throws Exception {
        freshTables();
        try (TcpProxy proxy = proxy()) {
            JdbcBackend backend = JdbcBackend.builder(through(proxy)).tablePrefix("net_").build();
            try (Vault vault = CredVault.builder().createIfEmpty(true).backend(backend).masterKey(KEY).build()) {
                CredentialMetadata m = vault.create(OWNER, NewCredential.builder("generic", "net").secrets("secret", "s1").build());
                proxy.cutAfterNextCommit();
                assertThatThrownBy(() -> vault.update(OWNER, m.id(), 1, CredentialUpdate.builder().secrets("secret", "s2").build()))
                        .isInstanceOf(CommitUnknownException.class).hasMessageNotContaining("nothing was committed");
            }
        }
        JdbcBackend again = JdbcBackend.builder(direct).tablePrefix("net_").build();
        try (Vault vault = CredVault.builder().backend(again).masterKey(KEY).build()) {
            CredentialMetadata now = vault.list(OWNER, io.credvault.ListFilter.all(), io.credvault.PageRequest.first(5)).items().get(0);
            assertThat(now.version()).isEqualTo(2);
            assertThat(vault.reveal(OWNER, now.id()).secrets().require("secret").reveal()).isEqualTo("s2");
        }
    }
}
