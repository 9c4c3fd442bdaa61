package io.credvault.testkit;

import static io.credvault.testkit.CredentialStoreContract.ALICE;
import static io.credvault.testkit.CredentialStoreContract.BOB;
import static io.credvault.testkit.CredentialStoreContract.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.credvault.CredentialMetadata;
import io.credvault.CredentialUpdate;
import io.credvault.IntegrityException;
import io.credvault.NewCredential;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The contract kit's "tamper detection" group; joined to {@link CredentialStoreContract} by a nested class. */
abstract class TamperTests {
    abstract CredentialStoreContract kit();

    @Test
    @DisplayName("flipping any byte of the stored ciphertext gives an integrity error, never other plaintext")
    void everyByteFlipped_isIntegrityError() {
        CredentialMetadata m = kit().github(ALICE, "gh");
        byte[] original = kit().backend.find(m.id()).orElseThrow().sealed();
        for (int i = 0; i < original.length; i++) {
            int pos = i;
            kit().tamper(m.id(), b -> {
                byte[] c = original.clone();
                c[pos] ^= (byte) 0x5A;
                return c;
            });
            Throwable t = catchThrowable(() -> kit().store.reveal(ALICE, m.id()));
            assertThat(t).as("byte %d", pos).isInstanceOf(IntegrityException.class);
            assertThat(t.getMessage()).contains(m.id().value()).doesNotContain(TOKEN);
        }
        kit().tamper(m.id(), b -> original);
        assertThat(kit().store.reveal(ALICE, m.id()).secrets().require("accessToken").reveal()).isEqualTo(TOKEN);
    }

    @Test
    @DisplayName("truncated or empty ciphertext gives an integrity error")
    void truncated_isIntegrityError() {
        CredentialMetadata m = kit().github(ALICE, "gh");
        byte[] original = kit().backend.find(m.id()).orElseThrow().sealed();
        for (int len : new int[] {0, 1, 5, 17, original.length - 1}) {
            kit().tamper(m.id(), b -> java.util.Arrays.copyOf(original, len));
            assertThatThrownBy(() -> kit().store.reveal(ALICE, m.id())).as("length %d", len).isInstanceOf(IntegrityException.class);
        }
    }

    @Test
    @DisplayName("ciphertext copied to another credential of the same owner does not open")
    void swappedBetweenRows_isIntegrityError() {
        CredentialMetadata a = kit().github(ALICE, "a");
        CredentialMetadata b = kit().store.create(ALICE, NewCredential.builder("github", "b").secrets("accessToken", "other").build());
        byte[] fromA = kit().backend.find(a.id()).orElseThrow().sealed();
        kit().tamper(b.id(), x -> fromA);
        assertThatThrownBy(() -> kit().store.reveal(ALICE, b.id())).isInstanceOf(IntegrityException.class);
    }

    @Test
    @DisplayName("ciphertext copied to another owner's credential does not open")
    void swappedBetweenOwners_isIntegrityError() {
        CredentialMetadata a = kit().github(ALICE, "a");
        CredentialMetadata b = kit().github(BOB, "b");
        byte[] fromA = kit().backend.find(a.id()).orElseThrow().sealed();
        kit().tamper(b.id(), x -> fromA);
        assertThatThrownBy(() -> kit().store.reveal(BOB, b.id())).isInstanceOf(IntegrityException.class);
    }

    @Test
    @DisplayName("a patch on tampered ciphertext fails with an integrity error and changes nothing")
    void updateOnTampered_changesNothing() {
        CredentialMetadata m = kit().github(ALICE, "gh");
        kit().tamper(m.id(), b -> {
            b[b.length - 1] ^= 1;
            return b;
        });
        assertThatThrownBy(() -> kit().store.update(ALICE, m.id(), 1, CredentialUpdate.builder().secrets("username", "x").build()))
                .isInstanceOf(IntegrityException.class);
        assertThat(kit().store.describe(ALICE, m.id()).version()).isEqualTo(1);
    }
}
