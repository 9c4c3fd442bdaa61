package io.credvault.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import io.credvault.memory.InMemoryBackend;
import io.credvault.spi.ForwardingBackend;
import io.credvault.spi.VaultBackend;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Two instances opening an empty store at once: one creates the keyring between the other's two first reads. */
class KeyringOpenRaceTest {
    private static final MasterKey KEY = MasterKey.of(new byte[32]);

    @Test
    @DisplayName("the key check read as missing, then the keyring created by another instance: the vault opens that keyring")
    void keyringCreatedBetweenReads_opens() {
        InMemoryBackend store = new InMemoryBackend();
        VaultBackend racing = new ForwardingBackend(store) {
            private boolean first = true;

            @Override
            public Optional<String> setting(String name) {
                Optional<String> value = super.setting(name);
                if (first && name.equals(Keyring.CHECK_SETTING)) {
                    first = false;
                    // another instance creates the keyring right after this read
                    CredVault.builder().createIfEmpty(true).backend(new ForwardingBackend(store) {
                        @Override
                        public void close() {
                        }
                    }).masterKey(KEY).build().close();
                }
                return value;
            }
        };
        try (Vault v = CredVault.builder().createIfEmpty(true).backend(racing).masterKey(KEY).build()) {
            assertThat(v.create(OwnerId.of("o"), NewCredential.builder("generic", "c").secrets("k", "v").build()).version())
                    .isEqualTo(1);
        }
    }
}
