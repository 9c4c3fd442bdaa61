package io.credvault.benchmarks;

import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialStatus;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.RevealAudit;
import io.credvault.SecretFields;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.core.internal.AeadSealer;
import io.credvault.core.internal.JournaledBackend;
import io.credvault.core.internal.Keyring;
import io.credvault.core.internal.KeyringOpener;
import io.credvault.core.internal.SecretCodec;
import io.credvault.crypto.MasterKey;
import io.credvault.crypto.internal.AesGcm;
import io.credvault.crypto.internal.MacKeys;
import io.credvault.jdbc.JdbcBackend;
import io.credvault.memory.InMemoryBackend;
import io.credvault.spi.KeyRecord;
import io.credvault.spi.KeyWrapper;
import io.credvault.spi.SealContext;
import io.credvault.spi.StoredCredential;
import io.credvault.spi.VaultBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/** A vault on one backend, loaded with {@code count} credentials spread over (by default) 100 owners. */
final class Fixture implements AutoCloseable {
    static final MasterKey KEY = MasterKey.of(new byte[32]);
    final BackendKind kind;
    final VaultBackend backend;
    final Vault vault;
    final List<CredentialId> ids = new ArrayList<>();
    final List<OwnerId> owners = new ArrayList<>();
    private final Path dir;
    private Keyring keyring;
    AeadSealer sealer;

    Fixture(BackendKind kind, int count) throws IOException {
        this(kind, count, 100, RevealAudit.WRITE_BEHIND);
    }

    /** {@code count} credentials spread over {@code ownerCount} owners, reveals audited under {@code audit}. */
    Fixture(BackendKind kind, int count, int ownerCount, RevealAudit audit) throws IOException {
        this.kind = kind;
        this.dir = Files.createTempDirectory("credvault-bench");
        this.backend = switch (kind) {
            case IN_MEMORY -> new InMemoryBackend();
            case H2_MEM -> JdbcBackend.h2Memory("bench-" + System.nanoTime());
            case H2_FILE -> JdbcBackend.h2File(dir.resolve("vault"));
            case POSTGRES, MARIADB -> JdbcBackend.url(serverUrl(kind));
        };
        if (kind == BackendKind.POSTGRES || kind == BackendKind.MARIADB) {
            wipeServer(kind);
        }
        this.vault = CredVault.builder().createIfEmpty(true).backend(backend).masterKey(KEY).revealAudit(audit).build();
        load(count, ownerCount);
    }

    /** The JDBC URL of a server backend, from {@code CREDVAULT_BENCH_<kind>_URL}. */
    static String serverUrl(BackendKind kind) {
        String variable = "CREDVAULT_BENCH_" + kind + "_URL";
        String url = System.getenv(variable);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("set " + variable + " to a JDBC URL to benchmark " + kind);
        }
        return url;
    }

    private static void wipeServer(BackendKind kind) {
        String url = serverUrl(kind);
        try (var c = java.sql.DriverManager.getConnection(url); var s = c.createStatement()) {
            for (String t : new String[] {"credentials", "keys", "settings", "journal", "provider_calls", "api_keys"}) {
                s.executeUpdate("TRUNCATE TABLE cv_" + t); // no dead rows left from the last iteration
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot empty the " + kind + " benchmark tables: " + e.getMessage(), e);
        }
    }

    /** A keyring over {@code backend} as a vault builds one (created if the store is empty). */
    static Keyring keyring(VaultBackend backend, KeyWrapper key) {
        MacKeys macs = KeyringOpener.unlock(backend, key, Clock.systemUTC(), true);
        return new Keyring(new JournaledBackend(backend, macs.forPurpose("journal")), key, Clock.systemUTC(),
                new Keyring.Limits(1L << 32, 100_000, null, Duration.ofHours(1)), macs);
    }

    /** Loads credentials in batches of 1000 per transaction, sealed exactly as create() seals them. */
    private void load(int count, int ownerCount) {
        for (int i = 0; i < ownerCount; i++) {
            owners.add(OwnerId.of("tenant-" + i));
        }
        // A second keyring on the same backend and master key holds the same data keys: it seals exactly as create().
        keyring = keyring(backend, KEY);
        sealer = new AeadSealer(keyring);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        int done = 0;
        while (done < count) {
            int n = Math.min(1000, count - done);
            List<StoredCredential> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int k = done + i;
                OwnerId owner = owners.get(k % owners.size());
                CredentialId id = CredentialId.generate(now.toEpochMilli() + k);
                SealContext ctx = SealContext.secretOf(owner, id);
                byte[] plaintext = SecretCodec.encode(SecretFields.of("accessToken", "ghp_benchmarkToken" + k, "username", "octocat"));
                byte[] sealed = sealer.seal(plaintext, ctx);
                batch.add(new StoredCredential(CredentialMetadata.builder(owner, id).name("cred-" + k).provider("github")
                        .category("repositories").status(CredentialStatus.OK).lastUsed(now).dateCreated(now).lastUpdated(now)
                        .secret(sealer.fingerprint(plaintext, ctx), Set.of("accessToken", "username"), sealer.keyVersion(sealed))
                        .build(), sealed));
                ids.add(id);
            }
            backend.useTransaction(tx -> batch.forEach(tx.credentials()::insert));
            done += n;
        }
        vault.create(owners.get(0), NewCredential.builder("github", "warm-up").secrets("accessToken", "t").build());
    }

    /** The data key of {@code version}, unwrapped from the backend (read again: the vault may have rotated since). */
    SecretKey dataKey(int version) {
        KeyRecord record = backend.keys().stream().filter(k -> k.version() == version).findFirst()
                .orElseThrow(() -> new IllegalStateException("no data key " + version));
        return new SecretKeySpec(KEY.unwrap(record.wrapped(), Keyring.dataKeyLabel(version)), "AES");
    }

    /** The JDBC backend's own pool, for raw-statement baselines on the same tables. */
    DataSource dataSource() {
        try {
            var field = JdbcBackend.class.getDeclaredField("dataSource");
            field.setAccessible(true);
            return (DataSource) field.get(backend);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no raw data source on " + kind, e);
        }
    }

    /** Raw decrypt of credvault's layout with a data key: what an application with an encrypted column does. */
    static byte[] rawDecrypt(SecretKey dataKey, OwnerId owner, CredentialId id, byte[] sealed) throws GeneralSecurityException {
        byte[] ctx = SealContext.secretOf(owner, id).canonical();
        byte[] aad = new byte[AeadSealer.HEADER + ctx.length];
        System.arraycopy(sealed, 0, aad, 0, AeadSealer.HEADER);
        System.arraycopy(ctx, 0, aad, AeadSealer.HEADER, ctx.length);
        int body = AeadSealer.HEADER + AesGcm.NONCE_BYTES;
        return AesGcm.decrypt(dataKey, Arrays.copyOfRange(sealed, AeadSealer.HEADER, body), aad, sealed, body, sealed.length - body);
    }

    @Override
    public void close() throws IOException {
        vault.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
