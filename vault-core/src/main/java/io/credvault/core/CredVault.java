package io.credvault.core;

import io.credvault.KeyUnavailableException;
import io.credvault.ProviderRegistry;
import io.credvault.RevealAudit;
import io.credvault.StatusMapping;
import io.credvault.Vault;
import io.credvault.core.internal.AeadSealer;
import io.credvault.core.internal.CachingBackend;
import io.credvault.core.internal.JournaledBackend;
import io.credvault.crypto.internal.MacKeys;
import io.credvault.core.internal.KeyManager;
import io.credvault.core.internal.Keyring;
import io.credvault.core.internal.KeyringOpener;
import io.credvault.core.internal.ObservedVault;
import io.credvault.core.internal.TimedSealer;
import io.credvault.core.internal.VaultCore;
import io.credvault.crypto.MasterKey;
import io.credvault.internal.Text;
import io.credvault.memory.InMemoryBackend;
import io.credvault.spi.KeyWrapper;
import io.credvault.spi.Sealer;
import io.credvault.spi.VaultBackend;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Entry point: builds a {@link Vault} over a backend and a master key.
 *
 * <pre>{@code
 * Vault vault = CredVault.builder()
 *         .backend(JdbcBackend.h2File(Path.of("vault")))
 *         .masterKey(MasterKey.fromEnvironment("CREDVAULT_MASTER_KEY"))
 *         .build();
 * }</pre>
 *
 * For unit tests, {@link #inMemory()} gives a working store in one line.
 */
public final class CredVault {
    /** Default limit of encryptions per data key: well below NIST SP 800-38D's 2^32 for random nonces. */
    public static final long DEFAULT_MAX_ENCRYPTIONS = 1_000_000_000L;
    /**
     * The highest encryption limit per data key that {@link Builder#maxEncryptionsPerKey} accepts: NIST SP 800-38D's
     * 2^32 for random 96-bit nonces.
     */
    public static final long MAX_ENCRYPTIONS_LIMIT = 1L << 32;

    private CredVault() {
    }

    /**
     * An in-memory vault with a fresh random master key: the fake for host applications' unit tests.
     *
     * @return the vault
     */
    public static Vault inMemory() {
        return builder().backend(new InMemoryBackend()).masterKey(MasterKey.generate()).createIfEmpty(true).build();
    }

    /**
     * A builder of a vault over a backend.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Each setter rejects a bad value at once; {@link #build()} rejects missing or conflicting settings. */
    public static final class Builder {
        private @Nullable VaultBackend backend;
        private @Nullable KeyWrapper masterKey;
        private char @Nullable [] passphrase;
        private ProviderRegistry providers = ProviderRegistry.withBuiltIns();
        private Clock clock = Clock.systemUTC();
        private Duration lastUsedResolution = Duration.ofMinutes(1);
        private Duration refreshLeaseTtl = Duration.ofSeconds(30);
        private long maxEncryptionsPerKey = DEFAULT_MAX_ENCRYPTIONS;
        private int reservationBlock = 1000;
        private @Nullable Duration rotateAfter;
        private Duration keyringRefresh = Duration.ofSeconds(30);
        private RevealAudit revealAudit = RevealAudit.WRITE_BEHIND;
        private Duration revealFlushInterval = Duration.ofSeconds(1);
        private Duration journalRetention = Duration.ofDays(30);
        private Duration providerCallRetention = Duration.ofDays(30);
        private final Map<String, StatusMapping> statusMappings = new HashMap<>();
        private boolean createIfEmpty;
        private VaultObserver observer = VaultObserver.NONE;
        private @Nullable ReadCache readCache;

        private Builder() {
        }

        /**
         * Where credentials live. Required.
         *
         * @param backend where the vault is stored
         * @return this builder
         */
        public Builder backend(VaultBackend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /**
         * The master key (or a KMS/HSM {@link KeyWrapper}) that wraps the data keys. This or a passphrase is required.
         *
         * @param masterKey the key that wraps the keyring
         * @return this builder
         */
        public Builder masterKey(KeyWrapper masterKey) {
            this.masterKey = Objects.requireNonNull(masterKey, "masterKey");
            return this;
        }

        /**
         * Derives the master key from a passphrase with Argon2id: with the parameters stored in the vault, or,
         * for a new vault, a fresh salt and OWASP's baseline (19 MiB, t=2, p=1), stored with the keyring.
         * The array is copied; clear yours after {@link #build()}.
         *
         * @param passphrase the passphrase (cleared by {@link #build()})
         * @return this builder
         */
        public Builder masterPassphrase(char[] passphrase) {
            if (passphrase == null || passphrase.length == 0) {
                throw new IllegalArgumentException("masterPassphrase must not be empty");
            }
            this.passphrase = passphrase.clone();
            return this;
        }

        /**
         * Whether {@link #build()} may create a new vault (keyring, MAC root, key check) when the backend is
         * entirely empty; default false: opening a store that holds no vault fails with
         * {@code VaultNotFoundException}. A store that holds any data but no usable keyring is never initialised.
         *
         * @param create whether to create the keyring in an empty store
         * @return this builder
         */
        public Builder createIfEmpty(boolean create) {
            this.createIfEmpty = create;
            return this;
        }

        /**
         * Provider types accepted; default: {@link ProviderRegistry#withBuiltIns()}.
         *
         * @param providers the provider schemas credentials are validated against
         * @return this builder
         */
        public Builder providers(ProviderRegistry providers) {
            this.providers = Objects.requireNonNull(providers, "providers");
            return this;
        }

        /**
         * Time source for timestamps, expiry, key age and refresh; default: the system UTC clock.
         *
         * @param clock the vault's clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How stale {@code lastUsed} may get before a reveal writes it: 0 (every reveal writes) to 1 day;
         * default 1 minute. Coarser means fewer writes on the lookup path.
         *
         * @param resolution the least time between two stored {@code lastUsed} changes
         * @return this builder
         */
        public Builder lastUsedResolution(Duration resolution) {
            if (resolution == null || resolution.isNegative() || resolution.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("lastUsedResolution must be 0s..1d, got " + resolution);
            }
            this.lastUsedResolution = resolution;
            return this;
        }

        /**
         * Encryptions per data key before it is rotated automatically: 1..2^32; default 1,000,000,000
         * (NIST SP 800-38D §8.3 caps random-nonce GCM at 2^32 per key).
         *
         * @param max encryptions per data key
         * @return this builder
         */
        public Builder maxEncryptionsPerKey(long max) {
            if (max < 1 || max > MAX_ENCRYPTIONS_LIMIT) {
                throw new IllegalArgumentException("maxEncryptionsPerKey must be 1..2^32 (4294967296), got " + max);
            }
            this.maxEncryptionsPerKey = max;
            return this;
        }

        /**
         * Encryptions reserved in the backend at a time: 1..100000, default 1000. A crash forfeits at most one
         * block per instance; smaller blocks mean more reservation transactions.
         *
         * @param block encryptions reserved at a time
         * @return this builder
         */
        public Builder reservationBlock(int block) {
            if (block < 1 || block > 100_000) {
                throw new IllegalArgumentException("reservationBlock must be 1..100000, got " + block);
            }
            this.reservationBlock = block;
            return this;
        }

        /**
         * Rotate the primary automatically once it is this old: 1 hour..10 years; default never.
         *
         * @param age the oldest a primary key may get, or null for no limit
         * @return this builder
         */
        public Builder rotateAfter(@Nullable Duration age) {
            if (age != null && (age.compareTo(Duration.ofHours(1)) < 0 || age.compareTo(Duration.ofDays(3653)) > 0)) {
                throw new IllegalArgumentException("rotateAfter must be 1h..3653d or null, got " + age);
            }
            this.rotateAfter = age;
            return this;
        }

        /**
         * Longest time this instance keeps encrypting under a primary after another instance rotated:
         * 1 second..1 hour, default 30 seconds.
         *
         * @param refresh how often the keyring is reloaded
         * @return this builder
         */
        public Builder keyringRefresh(Duration refresh) {
            if (refresh == null || refresh.compareTo(Duration.ofSeconds(1)) < 0 || refresh.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("keyringRefresh must be 1s..1h, got " + refresh);
            }
            this.keyringRefresh = refresh;
            return this;
        }

        /**
         * How reveals are journaled; default {@link RevealAudit#WRITE_BEHIND}.
         *
         * @param mode how reveals are journaled
         * @return this builder
         */
        public Builder revealAudit(RevealAudit mode) {
            this.revealAudit = Objects.requireNonNull(mode, "revealAudit");
            return this;
        }

        /**
         * With {@link RevealAudit#WRITE_BEHIND}: the longest time a reveal entry waits before it is written, and so
         * the loss window on a crash: 10 ms..1 minute, default 1 second.
         *
         * @param interval how often write-behind reveal entries are written
         * @return this builder
         */
        public Builder revealFlushInterval(Duration interval) {
            if (interval == null || interval.compareTo(Duration.ofMillis(10)) < 0 || interval.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("revealFlushInterval must be 10ms..1m, got " + interval);
            }
            this.revealFlushInterval = interval;
            return this;
        }

        /**
         * How long journal entries are kept by {@code journal().purgeExpired()}: 1 day..100 years, default 30 days.
         *
         * @param retention how long journal entries are kept
         * @return this builder
         */
        public Builder journalRetention(Duration retention) {
            this.journalRetention = retention("journalRetention", retention);
            return this;
        }

        /**
         * How long provider-call records are kept: 1 day..100 years, default 30 days.
         *
         * @param retention how long provider calls are kept
         * @return this builder
         */
        public Builder providerCallRetention(Duration retention) {
            this.providerCallRetention = retention("providerCallRetention", retention);
            return this;
        }

        private static Duration retention(String field, Duration d) {
            if (d == null || d.compareTo(Duration.ofDays(1)) < 0 || d.compareTo(Duration.ofDays(36_525)) > 0) {
                throw new IllegalArgumentException(field + " must be 1d..36525d, got " + d);
            }
            return d;
        }

        /**
         * Tells {@code observer} what the vault does (calls, seals, reveal-journal flushes, rewrap progress) and
         * gives it gauges of its live state: how metrics are attached, e.g. {@code vault-micrometer}'s
         * {@code CredvaultMetrics}. Default: {@link VaultObserver#NONE}.
         *
         * @param observer what hears the vault
         * @return this builder
         */
        public Builder observer(VaultObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * Serves committed reads of credentials from an in-process cache of sealed records (see {@link ReadCache});
         * default: none.
         *
         * @param cache the cache's bounds and staleness
         * @return this builder
         */
        public Builder readCache(ReadCache cache) {
            this.readCache = Objects.requireNonNull(cache, "readCache");
            return this;
        }

        /**
         * How long a refresh lease is held at most: 1 s..10 min, default 30 s. It must outlast the host's refresher
         * call (a token endpoint's round trip); a holder that dies lets go of it after this time.
         *
         * @param ttl the lease time-to-live
         * @return this builder
         */
        public Builder refreshLeaseTtl(Duration ttl) {
            Objects.requireNonNull(ttl, "refreshLeaseTtl");
            if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("refreshLeaseTtl must be 1s..10m, got " + ttl);
            }
            this.refreshLeaseTtl = ttl;
            return this;
        }

        /**
         * Overrides how provider-call outcomes map to a status for {@code provider}; default {@link
         * StatusMapping#DEFAULT}.
         *
         * @param provider the provider
         * @param mapping its mapping from call outcomes to status
         * @return this builder
         */
        public Builder statusMapping(String provider, StatusMapping mapping) {
            io.credvault.internal.Text.requireIdentifier("provider", provider, 64, true);
            statusMappings.put(provider, Objects.requireNonNull(mapping, "mapping"));
            return this;
        }

        /**
         * Opens (or initialises) the vault: verifies the master key against the stored key check before any
         * record is read or written.
         *
         * @return the open vault
         * @throws IllegalStateException   if the backend or master key is missing, or both a key and a passphrase are
         *     set
         * @throws KeyUnavailableException if the master key does not open this vault
         */
        public Vault build() {
            if (backend == null) {
                throw new IllegalStateException("backend is required: e.g. new InMemoryBackend() or JdbcBackend.h2File(path)");
            }
            if (masterKey == null && passphrase == null) {
                throw new IllegalStateException("a master key is required: masterKey(MasterKey.fromEnvironment(\"CREDVAULT_MASTER_KEY\")) "
                        + "or masterPassphrase(...)");
            }
            if (masterKey != null && passphrase != null) {
                throw new IllegalStateException("set either masterKey or masterPassphrase, not both");
            }
            if (reservationBlock > maxEncryptionsPerKey) {
                throw new IllegalStateException("reservationBlock (" + reservationBlock + ") must not exceed maxEncryptionsPerKey ("
                        + maxEncryptionsPerKey + ")");
            }
            KeyWrapper master = masterKey != null ? masterKey : KeyringOpener.passphraseKey(backend, Objects.requireNonNull(passphrase));
            MacKeys macs = KeyringOpener.unlock(backend, master, clock, createIfEmpty);
            VaultBackend stored = readCache == null ? backend : new CachingBackend(backend, readCache, clock, observer);
            JournaledBackend journaled = new JournaledBackend(stored, macs.forPurpose("journal"));
            Keyring keyring = new Keyring(journaled, master, clock,
                    new Keyring.Limits(maxEncryptionsPerKey, reservationBlock, rotateAfter, keyringRefresh), macs);
            Sealer sealer = observer == VaultObserver.NONE ? new AeadSealer(keyring) : new TimedSealer(new AeadSealer(keyring), observer);
            journaled.authenticateLegacyPositions(); // a journal written before heads were authenticated
            VaultCore core = new VaultCore(journaled, sealer, providers, clock,
                    new VaultCore.Settings(lastUsedResolution, revealAudit, revealFlushInterval, journalRetention,
                            providerCallRetention, statusMappings, refreshLeaseTtl, observer),
                    new KeyManager(journaled, keyring, sealer, clock, observer));
            if (observer == VaultObserver.NONE) {
                return core;
            }
            return ObservedVault.open(core, keyring, maxEncryptionsPerKey, observer);
        }
    }
}
