package io.credvault.crypto;

import io.credvault.CredentialStore;
import io.credvault.ProviderRegistry;
import io.credvault.crypto.internal.AeadSealer;
import io.credvault.crypto.internal.Keyring;
import io.credvault.internal.VaultCore;
import io.credvault.memory.InMemoryBackend;
import io.credvault.spi.VaultBackend;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Entry point: builds a {@link CredentialStore} over a backend and a master key.
 *
 * <pre>{@code
 * CredentialStore store = CredVault.builder()
 *         .backend(JdbcBackend.h2File(Path.of("vault")))
 *         .masterKey(MasterKey.fromEnvironment("CREDVAULT_MASTER_KEY"))
 *         .build();
 * }</pre>
 *
 * For unit tests, {@link #inMemory()} gives a working store in one line.
 */
public final class CredVault {
    private CredVault() {
    }

    /** An in-memory store with a fresh random master key: the fake for host applications' unit tests. */
    public static CredentialStore inMemory() {
        return builder().backend(new InMemoryBackend()).masterKey(MasterKey.generate()).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Immutable once built; each setter rejects a bad value at once. */
    public static final class Builder {
        private @Nullable VaultBackend backend;
        private @Nullable KeyWrapper masterKey;
        private ProviderRegistry providers = ProviderRegistry.withBuiltIns();
        private Clock clock = Clock.systemUTC();
        private Duration lastUsedResolution = Duration.ofMinutes(1);

        private Builder() {
        }

        /** Where credentials live. Required. */
        public Builder backend(VaultBackend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /** The master key (or a KMS/HSM {@link KeyWrapper}) that wraps the data keys. Required. */
        public Builder masterKey(KeyWrapper masterKey) {
            this.masterKey = Objects.requireNonNull(masterKey, "masterKey");
            return this;
        }

        /** Provider types accepted; default: {@link ProviderRegistry#withBuiltIns()}. */
        public Builder providers(ProviderRegistry providers) {
            this.providers = Objects.requireNonNull(providers, "providers");
            return this;
        }

        /** Time source for timestamps and expiry; default: the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How stale {@code lastUsed} may get before a reveal writes it: 0 (every reveal writes) to 1 day;
         * default 1 minute. Coarser means fewer writes on the lookup path.
         */
        public Builder lastUsedResolution(Duration resolution) {
            if (resolution == null || resolution.isNegative() || resolution.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("lastUsedResolution must be 0s..1d, got " + resolution);
            }
            this.lastUsedResolution = resolution;
            return this;
        }

        /**
         * Opens (or initialises) the vault: verifies the master key against the stored key check before any
         * record is read or written.
         *
         * @throws IllegalStateException                if backend or master key is missing
         * @throws io.credvault.KeyUnavailableException if the master key does not open this vault
         */
        public CredentialStore build() {
            if (backend == null) {
                throw new IllegalStateException("backend is required: e.g. new InMemoryBackend() or JdbcBackend.h2File(path)");
            }
            if (masterKey == null) {
                throw new IllegalStateException("masterKey is required: e.g. MasterKey.fromEnvironment(\"CREDVAULT_MASTER_KEY\")");
            }
            Keyring keyring = Keyring.open(backend, masterKey, clock);
            return new VaultCore(backend, new AeadSealer(keyring), providers, clock, lastUsedResolution);
        }
    }
}
