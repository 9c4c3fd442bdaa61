package io.credvault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.CommitUnknownException;
import io.credvault.ConflictException;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialUpdate;
import io.credvault.ListFilter;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.PageRequest;
import io.credvault.StorageException;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import java.util.UUID;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Transactions the database rolls back on its own (serialization failures, deadlocks, cluster certification
 * conflicts) run again; a compare-and-set keeps its meaning; an unknown commit outcome is still reported as such.
 */
class RetryTest {
    private static final OwnerId OWNER = OwnerId.of("owner");
    private FailingDataSource ds;
    private Vault vault;

    @BeforeEach
    void open() {
        ds = new FailingDataSource(JdbcConnectionPool.create("jdbc:h2:mem:retry-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""));
        vault = CredVault.builder().createIfEmpty(true).backend(JdbcBackend.builder(ds).build()).masterKey(MasterKey.generate()).build();
    }

    private long credentials() {
        return vault.listAllOwners(ListFilter.all(), PageRequest.first(100)).items().size();
    }

    @Test
    @DisplayName("a commit refused for a certification conflict (1213) or a serialization failure (40001) is run again: one credential")
    void refusedCommit_retried() {
        createdDespiteRefusals(2);
    }

    /** Refuses the next {@code refusals} commits, then checks a create went through once, journal intact. */
    private void createdDespiteRefusals(int refusals) {
        ds.refuseCommits(refusals, "40001", 1213);
        CredentialMetadata m = vault.create(OWNER, NewCredential.builder("generic", "one").secrets("secret", "s").build());
        assertThat(credentials()).isEqualTo(1);
        assertThat(vault.describe(OWNER, m.id()).version()).isEqualTo(1);
        assertThat(vault.journal().verify().intact()).isTrue();
    }

    @Test
    @DisplayName("a deadlock inside an update (40P01) runs it again: the version moves by one, not two")
    void deadlock_retriedOnce() {
        CredentialMetadata m = vault.create(OWNER, NewCredential.builder("generic", "one").secrets("secret", "s").build());
        ds.failAt(2, "40P01", 0);
        CredentialMetadata updated = vault.update(OWNER, m.id(), 1, CredentialUpdate.builder().description("d").build());
        assertThat(updated.version()).isEqualTo(2);
        assertThat(vault.describe(OWNER, m.id()).version()).isEqualTo(2);
        assertThat(vault.describe(OWNER, m.id()).description()).isEqualTo("d");
    }

    @Test
    @DisplayName("a compare-and-set stays one: retried or not, a stale version is a conflict, never written over")
    void staleVersion_stillConflict() {
        CredentialMetadata m = vault.create(OWNER, NewCredential.builder("generic", "one").secrets("secret", "s").build());
        vault.update(OWNER, m.id(), 1, CredentialUpdate.builder().description("first").build());
        ds.refuseCommits(1, "40001", 0);
        assertThatThrownBy(() -> vault.update(OWNER, m.id(), 1, CredentialUpdate.builder().description("stale").build()))
                .isInstanceOf(ConflictException.class);
        assertThat(vault.describe(OWNER, m.id()).description()).isEqualTo("first");
    }

    @Test
    @DisplayName("a run of nine refusals, as a key rotation met on a cluster under steady writes, is outlasted: one credential")
    void refusalBurst_outlasted() {
        createdDespiteRefusals(9);
    }

    @Test
    @DisplayName("after ten refusals the call fails with a StorageException saying nothing was committed, and nothing was")
    void persistentRefusal_givesUp() {
        ds.refuseCommits(10, "40001", 1213);
        assertThatThrownBy(() -> vault.create(OWNER, NewCredential.builder("generic", "one").secrets("secret", "s").build()))
                .isInstanceOf(StorageException.class).hasMessageContaining("rolled the transaction back 10 times")
                .hasMessageContaining("nothing was committed");
        assertThat(credentials()).isZero();
        ds.disarm();
        vault.create(OWNER, NewCredential.builder("generic", "one").secrets("secret", "s").build());
        assertThat(credentials()).isEqualTo(1);
    }

    @Test
    @DisplayName("a connection lost at commit is not retried: the outcome is unknown, and said so")
    void lostCommit_notRetried() {
        CredentialMetadata m = vault.create(OWNER, NewCredential.builder("generic", "one").secrets("secret", "s").build());
        ds.failNextCommitAfterItCommits();
        // run again, the update would find version 2 and fail as a conflict: the unknown outcome shows it was not
        assertThatThrownBy(() -> vault.update(OWNER, m.id(), 1, CredentialUpdate.builder().description("d").build()))
                .isInstanceOf(CommitUnknownException.class);
        assertThat(vault.describe(OWNER, m.id()).version()).isEqualTo(2);
    }
}
