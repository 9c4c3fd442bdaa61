package io.credvault.testkit;

import static io.credvault.testkit.CredentialStoreContract.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.ConflictException;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialNotFoundException;
import io.credvault.CredentialUpdate;
import io.credvault.spi.JournalEvent;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The contract kit's "delete, restore, purge" group; joined to {@link CredentialStoreContract} by a nested class. */
abstract class DeletionTests {
    abstract CredentialStoreContract kit();

    @Test
    @DisplayName("delete is soft, idempotent, and frees the name")
    void delete_soft() {
        CredentialMetadata m = kit().github(ALICE, "gh");
        kit().clock.advance(Duration.ofSeconds(1));
        CredentialMetadata d = kit().store.delete(ALICE, m.id());
        assertThat(d.deleted()).isTrue();
        assertThat(d.deletedAt()).isEqualTo(kit().clock.instant());
        assertThat(kit().store.delete(ALICE, m.id())).isEqualTo(d);
        assertThat(kit().store.describe(ALICE, m.id()).deleted()).isTrue();
        CredentialMetadata again = kit().github(ALICE, "gh");
        assertThat(again.id()).isNotEqualTo(m.id());
    }

    @Test
    @DisplayName("restore undoes delete, but not over an active credential of the same name")
    void restore() {
        CredentialMetadata m = kit().github(ALICE, "gh");
        kit().store.delete(ALICE, m.id());
        CredentialMetadata other = kit().github(ALICE, "gh");
        assertThatThrownBy(() -> kit().store.restore(ALICE, m.id())).isInstanceOf(ConflictException.class).hasMessageContaining("'gh'");
        kit().store.delete(ALICE, other.id());
        CredentialMetadata r = kit().store.restore(ALICE, m.id());
        assertThat(r.deleted()).isFalse();
        assertThat(kit().store.restore(ALICE, m.id())).isEqualTo(r);
    }

    @Test
    @DisplayName("an update of a deleted credential conflicts")
    void update_deleted_conflicts() {
        CredentialMetadata m = kit().github(ALICE, "gh");
        CredentialMetadata d = kit().store.delete(ALICE, m.id());
        assertThatThrownBy(() -> kit().store.update(ALICE, m.id(), d.version(), CredentialUpdate.builder().name("x").build()))
                .isInstanceOf(ConflictException.class).hasMessageContaining("deleted");
    }

    @Test
    @DisplayName("purge removes the credential for good and journals it")
    void purge() {
        CredentialMetadata m = kit().github(ALICE, "gh");
        kit().store.purge(ALICE, m.id());
        assertThatThrownBy(() -> kit().store.describe(ALICE, m.id())).isInstanceOf(CredentialNotFoundException.class);
        assertThatThrownBy(() -> kit().store.purge(ALICE, m.id())).isInstanceOf(CredentialNotFoundException.class);
        assertThat(kit().events(m.id())).extracting(JournalEvent::type).containsExactly("credential.created", "credential.purged");
    }

    @Test
    @DisplayName("delete and restore are journaled")
    void deleteRestore_journaled() {
        CredentialMetadata m = kit().github(ALICE, "gh");
        kit().store.delete(ALICE, m.id());
        kit().store.restore(ALICE, m.id());
        assertThat(kit().events(m.id())).extracting(JournalEvent::type)
                .containsExactly("credential.created", "credential.deleted", "credential.restored");
    }
}
