package io.credvault.testkit;

import static io.credvault.testkit.CredentialStoreContract.ALICE;
import static io.credvault.testkit.CredentialStoreContract.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.ConflictException;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialStore;
import io.credvault.KeyUnavailableException;
import io.credvault.ListFilter;
import io.credvault.PageRequest;
import io.credvault.RevealedCredential;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import io.credvault.spi.ForwardingBackend;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The contract kit's "reveal" group; joined to {@link CredentialStoreContract} by a nested class. */
abstract class RevealTests {
    abstract CredentialStoreContract kit();

    @Test
    @DisplayName("reveal returns the secret fields exactly as given")
    void reveal_returnsSecrets() {
        CredentialMetadata m = kit().github(ALICE, "gh");
        RevealedCredential r = kit().store.reveal(ALICE, m.id());
        assertThat(r.secrets().require("accessToken").reveal()).isEqualTo(TOKEN);
        assertThat(r.secrets().require("username").reveal()).isEqualTo("octocat");
        assertThat(r.toString()).doesNotContain(TOKEN).doesNotContain("octocat");
    }

    @Test
    @DisplayName("revealAll reveals many of an owner's credentials in the order given, each journaled; all or none")
    void revealAll_allOrNone() {
        java.util.List<io.credvault.CredentialId> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(kit().store.create(ALICE, io.credvault.NewCredential.builder("generic", "many-" + i).secrets("secret", "v" + i).build()).id());
        }
        java.util.List<io.credvault.CredentialId> asked = java.util.List.of(ids.get(3), ids.get(0), ids.get(4), ids.get(0));
        java.util.Map<io.credvault.CredentialId, RevealedCredential> got = kit().store.revealAll(ALICE, asked);
        assertThat(got.keySet()).containsExactly(ids.get(3), ids.get(0), ids.get(4));
        assertThat(java.util.Objects.requireNonNull(got.get(ids.get(3))).secrets().require("secret").reveal()).isEqualTo("v3");
        assertThat(kit().store.revealAll(ALICE, java.util.List.of())).isEmpty();
        kit().store.journal().flush();
        assertThat(kit().store.journal().query(io.credvault.JournalQuery.all().ofTypes("credential.revealed"), PageRequest.first(100)).items())
                .extracting(io.credvault.JournalEntry::credentialId).containsExactlyInAnyOrder(ids.get(3), ids.get(0), ids.get(4));

        CredentialMetadata bobs = kit().github(CredentialStoreContract.BOB, "bobs");
        assertThatThrownBy(() -> kit().store.revealAll(ALICE, java.util.List.of(ids.get(1), bobs.id())))
                .isInstanceOf(io.credvault.CredentialNotFoundException.class).hasMessageContaining(bobs.id().value());
        kit().store.delete(ALICE, ids.get(2));
        assertThatThrownBy(() -> kit().store.revealAll(ALICE, java.util.List.of(ids.get(1), ids.get(2))))
                .isInstanceOf(ConflictException.class).hasMessageContaining("is deleted");
        kit().store.journal().flush();
        assertThat(kit().store.journal().query(io.credvault.JournalQuery.all().ofTypes("credential.revealed").forCredential(ids.get(1)),
                PageRequest.first(10)).items()).as("nothing revealed when one fails").isEmpty();
        java.util.List<io.credvault.CredentialId> tooMany = new java.util.ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(io.credvault.CredentialId.generate(i));
        }
        assertThatThrownBy(() -> kit().store.revealAll(ALICE, tooMany)).isInstanceOf(io.credvault.ValidationException.class)
                .hasMessageContaining("ids").hasMessageContaining("at most 1000");
    }

    @Test
    @DisplayName("reveal records lastUsed, coarsely: not again within the resolution, again after it")
    void reveal_recordsLastUsed() {
        CredentialMetadata m = kit().github(ALICE, "gh");
        kit().clock.advance(Duration.ofSeconds(5));
        Instant first = kit().clock.instant();
        assertThat(kit().store.reveal(ALICE, m.id()).metadata().lastUsed()).isEqualTo(first);
        assertThat(kit().store.describe(ALICE, m.id()).lastUsed()).isEqualTo(first);
        kit().clock.advance(Duration.ofSeconds(30));
        kit().store.reveal(ALICE, m.id());
        assertThat(kit().store.describe(ALICE, m.id()).lastUsed()).isEqualTo(first);
        kit().clock.advance(Duration.ofMinutes(2));
        kit().store.reveal(ALICE, m.id());
        assertThat(kit().store.describe(ALICE, m.id()).lastUsed()).isEqualTo(kit().clock.instant());
        assertThat(kit().store.describe(ALICE, m.id()).version()).isEqualTo(1);
    }

    @Test
    @DisplayName("lastUsed reaches the kit().store by the time the revealing vault closes; another vault then sees it")
    void reveal_lastUsedStoredForOtherVaults() {
        CredentialMetadata m = kit().github(ALICE, "gh-shared");
        kit().clock.advance(Duration.ofSeconds(5));
        Instant used = kit().clock.instant();
        Vault other = kit().open(new ForwardingBackend(kit().backend) {
            @Override
            public void close() {
                // the shared kit().backend stays open for the kit().store under test
            }
        });
        other.reveal(ALICE, m.id());
        assertThat(other.describe(ALICE, m.id()).lastUsed()).isEqualTo(used);
        assertThat(other.list(ALICE, ListFilter.all(), PageRequest.first(10)).items())
                .filteredOn(c -> c.id().equals(m.id())).extracting(CredentialMetadata::lastUsed).containsExactly(used);
        other.close();
        assertThat(kit().backend.find(m.id()).orElseThrow().metadata().lastUsed()).isEqualTo(used);
        assertThat(kit().store.describe(ALICE, m.id()).lastUsed()).isEqualTo(used);
    }

    @Test
    @DisplayName("a deleted credential cannot be revealed until restored")
    void reveal_deleted_conflicts() {
        CredentialMetadata m = kit().github(ALICE, "gh");
        kit().store.delete(ALICE, m.id());
        assertThatThrownBy(() -> kit().store.reveal(ALICE, m.id())).isInstanceOf(ConflictException.class).hasMessageContaining("restore");
        kit().store.restore(ALICE, m.id());
        assertThat(kit().store.reveal(ALICE, m.id()).secrets().require("accessToken").reveal()).isEqualTo(TOKEN);
    }

    @Test
    @DisplayName("a reopened kit().store reveals what an earlier one sealed")
    void reveal_afterReopen() {
        CredentialMetadata m = kit().github(ALICE, "gh");
        CredentialStore again = kit().open(kit().backend);
        assertThat(again.reveal(ALICE, m.id()).secrets().require("accessToken").reveal()).isEqualTo(TOKEN);
    }

    @Test
    @DisplayName("opening with another master key fails at open, before any record is read")
    void open_wrongMasterKey_fails() {
        kit().github(ALICE, "gh");
        assertThatThrownBy(() -> CredVault.builder().createIfEmpty(true).backend(kit().backend).masterKey(MasterKey.generate()).build())
                .isInstanceOf(KeyUnavailableException.class).hasMessageContaining("master key");
    }
}
