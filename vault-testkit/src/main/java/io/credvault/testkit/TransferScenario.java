package io.credvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.ConflictException;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialUpdate;
import io.credvault.ExportOptions;
import io.credvault.ImportOptions;
import io.credvault.ImportReport;
import io.credvault.IntegrityException;
import io.credvault.JournalEntry;
import io.credvault.JournalQuery;
import io.credvault.ListFilter;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.PageRequest;
import io.credvault.ProviderCall;
import io.credvault.TransferKey;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import io.credvault.spi.ForwardingBackend;
import io.credvault.spi.VaultBackend;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * An export from one backend imported into another under another master key, checked the same way for every pair
 * of backends: every credential, version, status, expiry, date and secret identical; the journal kept as history;
 * conflicts handled by policy; an interrupted import completed by a second one; an altered or cut file refused
 * with the target untouched.
 */
public final class TransferScenario {
    private static final TransferKey PASSPHRASE = TransferKey.passphrase("correct horse battery".toCharArray());
    private static final int CREDENTIALS = 12;

    private TransferScenario() {
    }

    /**
     * Fills a vault in {@code source}, exports it with its journal and provider calls, and imports it into a new vault
     * in {@code target} under another master key. Neither backend is closed.
     *
     * @param source an empty backend for the exporting vault
     * @param target an empty backend for the importing vault
     */
    public static void roundTrip(VaultBackend source, VaultBackend target) {
        MasterKey sourceKey = MasterKey.generate();
        Vault from = CredVault.builder().createIfEmpty(true).backend(unclosed(source)).masterKey(sourceKey).build();
        fill(from);
        from.close(); // flushes the reveal journal: lastUsed and the reveal entries are in the export
        from = CredVault.builder().backend(unclosed(source)).masterKey(sourceKey).build();
        List<CredentialMetadata> before = from.listAllOwners(ListFilter.all(), PageRequest.first(100)).items();
        assertThat(before).hasSize(CREDENTIALS);
        long journalEntries = from.journal().query(JournalQuery.all(), PageRequest.first(1000)).items().size();
        byte[] file = export(from, ExportOptions.builder(PASSPHRASE).journal(true).providerCalls(true).build());

        Vault to = CredVault.builder().createIfEmpty(true).backend(unclosed(target)).masterKey(MasterKey.generate()).build();
        ImportReport report = to.importFrom(new ByteArrayInputStream(file), ImportOptions.builder(PASSPHRASE).batchSize(5).build());
        assertThat(report.created()).isEqualTo(CREDENTIALS);
        assertThat(report.batches()).isEqualTo(3);
        assertThat(report.journalEntries()).isEqualTo(journalEntries);
        assertThat(report.providerCalls()).isEqualTo(2);
        for (CredentialMetadata m : before) {
            CredentialMetadata got = to.describe(m.owner(), m.id());
            assertThat(got).usingRecursiveComparison().ignoringFields("fingerprint", "keyVersion").isEqualTo(m);
            if (!m.deleted()) {
                assertThat(to.reveal(m.owner(), m.id()).secrets().asMap()).usingRecursiveComparison()
                        .isEqualTo(from.reveal(m.owner(), m.id()).secrets().asMap());
            }
        }
        CredentialMetadata checked = before.stream().filter(m -> m.consecutiveFailures() > 0).findFirst().orElseThrow();
        assertThat(to.health().calls(checked.owner(), checked.id(), PageRequest.first(10)).items()).hasSize(1);
        List<JournalEntry> history = to.journal().query(JournalQuery.all().ofTypes("imported.credential.created"), PageRequest.first(100)).items();
        assertThat(history).hasSize(CREDENTIALS).allSatisfy(e -> assertThat(e.details()).containsKeys("originalAt", "originalSeq"));
        assertThat(to.journal().query(JournalQuery.all().ofTypes("vault.imported"), PageRequest.first(10)).items()).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("created", String.valueOf(CREDENTIALS)));
        assertThat(to.journal().verify().intact()).isTrue();

        conflicts(from, to, before);
        from.close();
        to.close();
    }

    private static void fill(Vault v) {
        Instant soon = Instant.now().plus(1, ChronoUnit.HOURS);
        for (int i = 0; i < CREDENTIALS; i++) {
            NewCredential.Builder b = NewCredential.builder(i % 3 == 0 ? "oauth2" : "generic", "c" + i)
                    .category(i % 2 == 0 ? "even" : null).description(i == 1 ? "with a description" : null);
            if (i % 3 == 0) {
                b.secrets("accessToken", "at-" + i, "refreshToken", "rt-" + i).secretExpiresAt("accessToken", soon);
            } else {
                b.secrets("secret", "value-" + i + "-\u00e9\u2713");
            }
            if (i == 4) {
                b.expiresAt(soon.plus(30, ChronoUnit.DAYS));
            }
            v.create(OwnerId.of("owner-" + (i % 3)), b.build());
        }
        List<CredentialMetadata> all = v.listAllOwners(ListFilter.all(), PageRequest.first(100)).items();
        CredentialMetadata m = all.stream().filter(c -> c.provider().equals("generic")).findFirst().orElseThrow();
        v.update(m.owner(), m.id(), 1, CredentialUpdate.builder().secrets("secret", "v2").build());
        v.update(m.owner(), m.id(), 2, CredentialUpdate.builder().name("renamed").build());
        List<CredentialMetadata> others = all.stream().filter(c -> !c.id().equals(m.id())).toList();
        v.health().record(others.get(6).owner(), others.get(6).id(), ProviderCall.status(401));
        v.health().record(others.get(7).owner(), others.get(7).id(), ProviderCall.timeout());
        v.reveal(others.get(8).owner(), others.get(8).id());
        v.delete(others.get(9).owner(), others.get(9).id());
    }

    /** Conflict policies, an interrupted import, and files that were altered: on a vault holding the import already. */
    private static void conflicts(Vault from, Vault to, List<CredentialMetadata> before) {
        byte[] file = export(from, ExportOptions.builder(PASSPHRASE).build());
        assertThatThrownBy(() -> to.importFrom(new ByteArrayInputStream(file), ImportOptions.builder(PASSPHRASE).build()))
                .isInstanceOf(ConflictException.class).hasMessageContaining("exists in this vault");
        ImportReport skipped = to.importFrom(new ByteArrayInputStream(file),
                ImportOptions.builder(PASSPHRASE).onConflict(ImportOptions.OnConflict.SKIP).build());
        assertThat(skipped.skipped()).isEqualTo(CREDENTIALS);
        assertThat(skipped.created()).isZero();

        CredentialMetadata m = before.get(0);
        from.update(m.owner(), m.id(), m.version(), CredentialUpdate.builder().description("newer").build());
        byte[] newer = export(from, ExportOptions.builder(PASSPHRASE).owners(java.util.Set.of(m.owner())).build());
        ImportReport replaced = to.importFrom(new ByteArrayInputStream(newer),
                ImportOptions.builder(PASSPHRASE).onConflict(ImportOptions.OnConflict.REPLACE_IF_NEWER).build());
        assertThat(replaced.replaced()).isEqualTo(1);
        assertThat(replaced.skipped()).isEqualTo(3);
        assertThat(to.describe(m.owner(), m.id()).description()).isEqualTo("newer");
        assertThat(to.describe(m.owner(), m.id()).version()).isEqualTo(m.version() + 1);

        // altered or cut short anywhere: refused before anything is written
        to.journal().flush(); // the reveals above are journaled behind: write them before counting
        long entries = to.journal().query(JournalQuery.all(), PageRequest.first(1000)).items().size();
        for (byte[] bad : new byte[][] {Arrays.copyOf(file, file.length - 1), flip(file, file.length / 2), flip(file, 12)}) {
            assertThatThrownBy(() -> to.importFrom(new ByteArrayInputStream(bad),
                    ImportOptions.builder(PASSPHRASE).onConflict(ImportOptions.OnConflict.SKIP).build()))
                    .isInstanceOf(IntegrityException.class);
        }
        assertThatThrownBy(() -> to.importFrom(new ByteArrayInputStream(file),
                ImportOptions.builder(TransferKey.passphrase("the wrong passphrase".toCharArray())).build()))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("wrong passphrase or key");
        assertThat(to.journal().query(JournalQuery.all(), PageRequest.first(1000)).items()).hasSize((int) entries);
    }

    /**
     * An import stopped after its first batch keeps that batch; importing the same file again with
     * {@link ImportOptions.OnConflict#SKIP} completes it, each credential present once.
     *
     * @param source an empty backend for the exporting vault
     * @param target an empty backend for the importing vault
     */
    public static void interruptedImport(VaultBackend source, VaultBackend target) {
        Vault from = CredVault.builder().createIfEmpty(true).backend(unclosed(source)).masterKey(MasterKey.generate()).build();
        fill(from);
        byte[] file = export(from, ExportOptions.builder(PASSPHRASE).build());
        Vault to = CredVault.builder().createIfEmpty(true).backend(unclosed(target)).masterKey(MasterKey.generate()).build();
        assertThatThrownBy(() -> to.importFrom(new ByteArrayInputStream(file), ImportOptions.builder(PASSPHRASE).batchSize(5)
                .progress(p -> {
                    throw new IllegalStateException("interrupted");
                }).build())).hasMessage("interrupted");
        assertThat(to.listAllOwners(ListFilter.all(), PageRequest.first(100)).items()).hasSize(5);
        ImportReport rest = to.importFrom(new ByteArrayInputStream(file),
                ImportOptions.builder(PASSPHRASE).onConflict(ImportOptions.OnConflict.SKIP).build());
        assertThat(rest.created()).isEqualTo(CREDENTIALS - 5);
        assertThat(rest.skipped()).isEqualTo(5);
        assertThat(to.listAllOwners(ListFilter.all(), PageRequest.first(100)).items()).extracting(CredentialMetadata::id)
                .containsExactlyElementsOf(from.listAllOwners(ListFilter.all(), PageRequest.first(100)).items().stream()
                        .map(CredentialMetadata::id).toList());
        from.close();
        to.close();
    }

    private static byte[] export(Vault vault, ExportOptions options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        vault.exportTo(out, options);
        return out.toByteArray();
    }

    private static byte[] flip(byte[] file, int at) {
        byte[] copy = file.clone();
        copy[at] ^= 0x01;
        return copy;
    }

    private static VaultBackend unclosed(VaultBackend b) {
        return new ForwardingBackend(b) {
            @Override
            public void close() {
                // the caller owns the backend
            }
        };
    }
}
