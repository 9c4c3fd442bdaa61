package io.credvault.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.CredentialMetadata;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.ProviderCall;
import io.credvault.Vault;
import io.credvault.VaultException;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import io.credvault.memory.InMemoryBackend;
import io.credvault.spi.ApiKeyStore;
import io.credvault.spi.BackendTransaction;
import io.credvault.spi.CredentialTable;
import io.credvault.spi.ForwardingBackend;
import io.credvault.spi.JournalTable;
import io.credvault.spi.KeyringTable;
import io.credvault.spi.ProviderCallStore;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A backend with only the three required roles: credentials, journal, keyring. */
class OptionalCapabilitiesTest {
    private static final OwnerId OWNER = OwnerId.of("o");

    /** The in-memory backend seen without its API-key and provider-call stores. */
    static final class MinimalBackend extends ForwardingBackend {
        MinimalBackend() {
            super(new InMemoryBackend());
        }

        @Override
        public Optional<ApiKeyStore> apiKeys() {
            return Optional.empty();
        }

        @Override
        public Optional<ProviderCallStore> providerCalls() {
            return Optional.empty();
        }

        @Override
        public <T> T inTransaction(TransactionWork<T> work) {
            return super.inTransaction(tx -> work.run(new BackendTransaction() {
                @Override
                public CredentialTable credentials() {
                    return tx.credentials();
                }

                @Override
                public JournalTable journal() {
                    return tx.journal();
                }

                @Override
                public KeyringTable keyring() {
                    return tx.keyring();
                }
            }));
        }
    }

    @Test
    @DisplayName("credentials, keys and the journal work; API keys and provider calls are refused saying the backend lacks them")
    void minimalBackend() {
        try (Vault v = CredVault.builder().createIfEmpty(true).backend(new MinimalBackend()).masterKey(MasterKey.of(new byte[32])).build()) {
            CredentialMetadata m = v.create(OWNER, NewCredential.builder("generic", "c").secrets("k", "v").build());
            assertThat(v.reveal(OWNER, m.id()).secrets().require("k").reveal()).isEqualTo("v");
            v.keys().rotate();
            assertThatThrownBy(() -> v.apiKeys().create(OWNER)).isInstanceOf(VaultException.class)
                    .hasMessageContaining("does not store API keys");
            assertThatThrownBy(() -> v.health().record(OWNER, m.id(), ProviderCall.status(200))).isInstanceOf(VaultException.class)
                    .hasMessageContaining("does not store provider calls");
            v.purge(OWNER, m.id());
            assertThat(v.journal().verify().intact()).isTrue();
        }
    }
}
