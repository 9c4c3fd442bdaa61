package io.credvault.core;

import io.credvault.ConflictException;
import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialNotFoundException;
import io.credvault.IntegrityException;
import io.credvault.JournalVerification;
import io.credvault.ListFilter;
import io.credvault.PageRequest;
import io.credvault.RevealedCredential;
import io.credvault.Vault;
import io.credvault.VaultNotFoundException;
import io.credvault.core.internal.Keyring;
import io.credvault.spi.ApiKeyRow;
import io.credvault.spi.ApiKeyStore;
import io.credvault.spi.EventQuery;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.KeyRecord;
import io.credvault.spi.ProviderCallRow;
import io.credvault.spi.ProviderCallStore;
import io.credvault.spi.StoredCredential;
import io.credvault.spi.VaultBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Moves a vault from one backend to another as it is stored: the keyring (still wrapped under the same master key),
 * every credential (still sealed), the journal with its chain and MACs, API keys and provider calls. Nothing is
 * decrypted, so the copy needs no master key; {@link #verify} then opens both with it to check the result.
 *
 * <p>The source may stay in use while it is copied: every change is journaled with the credential it touched, so
 * after the bulk copy the journal written meanwhile is replayed, credentials it names are copied again, and the
 * passes repeat until one finds nothing new. The keyring's settings (its key check last of all) are written at the
 * end: a copy that stops half-way leaves a target without a key check, which no vault opens and which a new copy
 * refuses as not empty.
 */
public final class VaultCopy {
    private static final int BATCH = 500;
    private static final int MAX_PASSES = 50;

    /**
     * Where a copy stands.
     *
     * @param phase   what is being copied: {@code keys}, {@code credentials}, {@code apiKeys}, {@code providerCalls},
     *                {@code journal}, {@code catch-up} or {@code settings}
     * @param done    rows copied so far, all phases together
     * @param total   rows the source held when the copy started
     * @param elapsed time since the copy started
     */
    public record Progress(String phase, long done, long total, Duration elapsed) {
        /**
         * The copy's rate so far.
         *
         * @return rows per second
         */
        public double ratePerSecond() {
            return done / Math.max(elapsed.toNanos() / 1e9, 1e-9);
        }
    }

    /**
     * What a copy did.
     *
     * @param copied         rows copied per table ({@code keys}, {@code settings}, {@code credentials},
     *                       {@code journal}, {@code apiKeys}, {@code providerCalls}), catch-up copies included
     * @param catchUpPasses  passes over the journal written while the copy ran (1 when nothing changed)
     * @param sourceCounts   rows per table in the source at the end
     * @param targetCounts   rows per table in the target at the end: equal to {@code sourceCounts} unless the source
     *                       changed after the last pass
     * @param elapsed        how long it took
     */
    public record Report(Map<String, Long> copied, int catchUpPasses, Map<String, Long> sourceCounts,
                         Map<String, Long> targetCounts, Duration elapsed) {
        /**
         * Copies the maps.
         *
         * @param copied        rows copied per table
         * @param catchUpPasses passes over the journal written meanwhile
         * @param sourceCounts  rows per table in the source
         * @param targetCounts  rows per table in the target
         * @param elapsed       how long it took
         */
        public Report {
            copied = Map.copyOf(copied);
            sourceCounts = Map.copyOf(sourceCounts);
            targetCounts = Map.copyOf(targetCounts);
        }

        /**
         * Whether every table holds as many rows in the target as in the source.
         *
         * @return true if the counts match
         */
        public boolean countsMatch() {
            return sourceCounts.equals(targetCounts);
        }
    }

    private final VaultBackend source;
    private final VaultBackend target;
    private final Consumer<Progress> progress;
    private final long started = System.nanoTime();
    private final Map<String, Long> copied = new TreeMap<>();
    private long total;
    private String phase = "keys";

    private VaultCopy(VaultBackend source, VaultBackend target, Consumer<Progress> progress) {
        this.source = source;
        this.target = target;
        this.progress = progress;
    }

    /**
     * Copies the vault in {@code source} into the empty {@code target}.
     *
     * @param source   a vault's backend (not opened as a vault: the copy reads it as stored)
     * @param target   an empty backend: no credential, journal entry, key or setting
     * @param progress told where the copy stands after every batch
     * @return what was copied, and the row counts of both at the end
     * @throws VaultNotFoundException if {@code source} holds no vault
     * @throws ConflictException      if {@code target} is not empty
     * @throws IntegrityException     if the source kept changing through {@value #MAX_PASSES} catch-up passes
     */
    public static Report copy(VaultBackend source, VaultBackend target, Consumer<Progress> progress) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(progress, "progress");
        if (source.setting(Keyring.CHECK_SETTING).isEmpty()) {
            throw new VaultNotFoundException("the source holds no vault (no key check in its keyring)");
        }
        Map<String, Long> present = new TreeMap<>(target.contents());
        present.values().removeIf(n -> n == 0);
        if (!present.isEmpty()) {
            throw new ConflictException("the target is not empty: " + present + "; a copy goes into an empty database");
        }
        return new VaultCopy(source, target, progress).run();
    }

    private Report run() {
        total = source.contents().values().stream().mapToLong(Long::longValue).sum();
        long startSeq = lastSeq();
        copyKeys();
        copyAllCredentials();
        copyApiKeys();
        long lastCall = copyProviderCalls(0);
        phase = "journal";
        Set<CredentialId> touched = new LinkedHashSet<>();
        long copiedSeq = copyJournal(0, startSeq, touched);
        int passes = 0;
        phase = "catch-up";
        while (true) {
            passes++;
            if (passes > MAX_PASSES) {
                throw new IntegrityException("the source kept changing through " + MAX_PASSES + " catch-up passes; copy it while "
                        + "it is quieter");
            }
            recopy(touched);
            touched.clear();
            long next = copyJournal(copiedSeq, copiedSeq, touched);
            if (next == copiedSeq && touched.isEmpty()) {
                // quiet: what changes without a journal entry (key counters, API keys, calls) is copied last
                copyKeys();
                copyApiKeys();
                lastCall = copyProviderCalls(lastCall);
                copySettings();
                if (lastSeq() == copiedSeq) {
                    break;
                }
            }
            copiedSeq = next;
        }
        return new Report(copied, passes, source.contents(), target.contents(), elapsed());
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private void count(String table, long n) {
        copied.merge(table, n, Long::sum);
        long done = copied.values().stream().mapToLong(Long::longValue).sum();
        progress.accept(new Progress(phase, done, Math.max(total, done), elapsed()));
    }

    private long lastSeq() {
        List<JournalEvent> last = source.events(new EventQuery(null, null, Set.of(), null, null, 0, true, 1));
        return last.isEmpty() ? 0 : last.get(0).seq();
    }

    private void copyKeys() {
        phase = "keys";
        List<KeyRecord> keys = source.keys();
        target.useTransaction(tx -> keys.forEach(tx.keyring()::putKey));
        count("keys", keys.size());
    }

    private void copySettings() {
        phase = "settings";
        Map<String, String> settings = new TreeMap<>(source.settings());
        String check = settings.remove(Keyring.CHECK_SETTING);
        target.useTransaction(tx -> {
            settings.forEach(tx.keyring()::putSetting);
            if (check != null) {
                tx.keyring().putSetting(Keyring.CHECK_SETTING, check); // last: until now the target is no vault
            }
        });
        count("settings", settings.size() + (check == null ? 0 : 1));
    }

    private void copyAllCredentials() {
        phase = "credentials";
        List<Integer> versions = source.keys().stream().map(KeyRecord::version).toList();
        CredentialId after = null;
        while (true) {
            List<StoredCredential> batch = source.sealedUnder(versions, after, BATCH);
            if (batch.isEmpty()) {
                return;
            }
            target.useTransaction(tx -> batch.forEach(tx.credentials()::insert));
            count("credentials", batch.size());
            after = batch.get(batch.size() - 1).id();
        }
    }

    /** Copies again the credentials the journal says changed: as they are now, or gone. */
    private void recopy(Set<CredentialId> ids) {
        List<CredentialId> all = new ArrayList<>(ids);
        for (int i = 0; i < all.size(); i += BATCH) {
            List<CredentialId> batch = all.subList(i, Math.min(all.size(), i + BATCH));
            List<Optional<StoredCredential>> now = batch.stream().map(source::find).toList();
            target.useTransaction(tx -> {
                for (int k = 0; k < batch.size(); k++) {
                    tx.credentials().delete(batch.get(k));
                    Optional<StoredCredential> c = now.get(k);
                    if (c.isPresent()) {
                        tx.credentials().insert(c.get());
                    } else {
                        CredentialId gone = batch.get(k);
                        tx.providerCalls().ifPresent(calls -> calls.remove(gone, null));
                    }
                }
            });
            count("credentials", batch.size());
        }
    }

    /** Copies journal entries after {@code after}; collects the credentials of those after {@code touchedAfter}. */
    private long copyJournal(long after, long touchedAfter, Set<CredentialId> touched) {
        long cursor = after;
        while (true) {
            List<JournalEvent> batch = source.events(new EventQuery(null, null, Set.of(), null, null, cursor, false, BATCH));
            if (batch.isEmpty()) {
                return cursor;
            }
            target.useTransaction(tx -> tx.journal().appendAll(batch));
            for (JournalEvent e : batch) {
                if (e.seq() > touchedAfter && e.credentialId() != null) {
                    touched.add(e.credentialId());
                }
            }
            count("journal", batch.size());
            cursor = batch.get(batch.size() - 1).seq();
        }
    }

    private void copyApiKeys() {
        Optional<ApiKeyStore> keys = source.apiKeys();
        if (keys.isEmpty()) {
            return;
        }
        phase = "apiKeys";
        String after = null;
        while (true) {
            List<ApiKeyRow> batch = keys.get().page(after, BATCH);
            if (batch.isEmpty()) {
                return;
            }
            target.useTransaction(tx -> batch.forEach(tx.apiKeys().orElseThrow(() -> missing("API keys"))::put));
            count("apiKeys", batch.size());
            after = batch.get(batch.size() - 1).id();
        }
    }

    /** Copies provider calls after id {@code after}; returns the last id copied. */
    private long copyProviderCalls(long after) {
        Optional<ProviderCallStore> calls = source.providerCalls();
        if (calls.isEmpty()) {
            return after;
        }
        phase = "providerCalls";
        long cursor = after;
        while (true) {
            List<ProviderCallRow> batch = calls.get().page(cursor, BATCH);
            if (batch.isEmpty()) {
                return cursor;
            }
            target.useTransaction(tx -> {
                ProviderCallStore.Table table = tx.providerCalls().orElseThrow(() -> missing("provider calls"));
                batch.forEach(table::add);
            });
            count("providerCalls", batch.size());
            cursor = batch.get(batch.size() - 1).id();
        }
    }

    private static IllegalStateException missing(String what) {
        return new IllegalStateException("the target backend does not keep " + what + ", which the source holds");
    }

    /**
     * What {@link #verify} found.
     *
     * @param targetJournal   the target's journal verification
     * @param revealsCompared credentials revealed in both and compared
     * @param mismatches      what differs, one line each (ids and field names, never a value)
     */
    public record Verification(JournalVerification targetJournal, int revealsCompared, List<String> mismatches) {
        /**
         * Copies the mismatches.
         *
         * @param targetJournal   the target's journal verification
         * @param revealsCompared credentials revealed in both and compared
         * @param mismatches      what differs
         */
        public Verification {
            mismatches = List.copyOf(mismatches);
        }

        /**
         * Whether the copy verified: the target's chain is intact and every sampled credential is the same.
         *
         * @return true if it verified
         */
        public boolean ok() {
            return targetJournal.intact() && mismatches.isEmpty();
        }
    }

    /**
     * Checks a copy with the master key: the target's journal chain verifies, and the first {@code sample}
     * credentials (of every owner) reveal the same metadata and secrets in both. The reveals are journaled, in both
     * vaults, by the actor {@code vault-copy-verification}.
     *
     * @param source the source, opened as a vault
     * @param target the target, opened as a vault with the same master key
     * @param sample how many credentials to reveal and compare, 0..1000
     * @return what was found
     */
    public static Verification verify(Vault source, Vault target, int sample) {
        JournalVerification journal = target.journal().verify();
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        if (sample > 0) {
            Vault from = source.withActor("vault-copy-verification");
            Vault to = target.withActor("vault-copy-verification");
            for (CredentialMetadata m : from.listAllOwners(ListFilter.active(), PageRequest.first(Math.min(sample, 1000))).items()) {
                RevealedCredential a = from.reveal(m.owner(), m.id());
                RevealedCredential b;
                try {
                    b = to.reveal(m.owner(), m.id());
                } catch (CredentialNotFoundException e) {
                    mismatches.add(m.id() + ": missing in the target");
                    continue;
                }
                compared++;
                if (a.metadata().version() != b.metadata().version() || !a.metadata().fingerprint().equals(b.metadata().fingerprint())
                        || a.metadata().status() != b.metadata().status()) {
                    mismatches.add(m.id() + ": metadata differs (version, status or fingerprint)");
                }
                for (String field : a.secrets().names()) {
                    if (!b.secrets().get(field).map(v -> v.reveal().equals(a.secrets().require(field).reveal())).orElse(false)) {
                        mismatches.add(m.id() + ": secret field '" + field + "' differs");
                    }
                }
            }
        }
        return new Verification(journal, compared, mismatches);
    }
}
