package io.credvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.ConflictException;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialUpdate;
import io.credvault.ListFilter;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.PageRequest;
import io.credvault.ProviderCall;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.core.VaultCopy;
import io.credvault.crypto.MasterKey;
import io.credvault.spi.ForwardingBackend;
import io.credvault.spi.VaultBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The copy of a whole vault from one backend to another ({@link VaultCopy}), checked the same way for every pair of
 * backends: keyring, credentials, journal, API keys and provider calls arrive; changes made while the copy runs are
 * caught up; the target's chain verifies and its secrets reveal; a non-empty target is refused.
 */
public final class CopyScenario {
    private static final MasterKey KEY = MasterKey.of(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});

    private CopyScenario() {
    }

    /**
     * Fills a vault in {@code source}, copies it into the empty {@code target} while changing the source, and checks
     * the result. Neither backend is closed.
     *
     * @param source an empty backend for the source vault
     * @param target an empty backend for the copy
     * @param credentials how many credentials to create first (more than one copy batch of 500 is worth testing)
     */
    public static void run(VaultBackend source, VaultBackend target, int credentials) {
        VaultBackend src = unclosed(source);
        VaultBackend dst = unclosed(target);
        Vault vault = CredVault.builder().createIfEmpty(true).backend(src).masterKey(KEY).reservationBlock(10).build();
        List<CredentialMetadata> made = new ArrayList<>();
        for (int i = 0; i < credentials; i++) {
            made.add(vault.create(OwnerId.of("owner-" + (i % 5)), NewCredential.builder("generic", "c" + i)
                    .secrets("secret", "value-" + i).category(i % 2 == 0 ? "even" : null).build()));
        }
        vault.keys().rotate();
        vault.health().record(made.get(0).owner(), made.get(0).id(), ProviderCall.status(401));
        vault.reveal(made.get(1).owner(), made.get(1).id());
        vault.delete(made.get(2).owner(), made.get(2).id());
        vault.apiKeys().create(OwnerId.of("tenant-1"));
        vault.close(); // flushes the reveal journal

        Vault live = CredVault.builder().backend(src).masterKey(KEY).build();
        AtomicBoolean changed = new AtomicBoolean();
        VaultCopy.Report report = VaultCopy.copy(src, dst, p -> {
            if (p.phase().equals("credentials") && changed.compareAndSet(false, true)) {
                // writes while the copy runs: caught up from the journal
                CredentialMetadata m = made.get(3);
                live.update(m.owner(), m.id(), m.version(), CredentialUpdate.builder().secrets("secret", "changed").build());
                live.purge(made.get(4).owner(), made.get(4).id());
                live.create(OwnerId.of("late"), NewCredential.builder("generic", "late").secrets("secret", "late-value").build());
                live.apiKeys().create(OwnerId.of("tenant-2"));
                live.health().record(made.get(5).owner(), made.get(5).id(), ProviderCall.timeout());
            }
        });
        assertThat(changed).isTrue();
        assertThat(report.countsMatch()).as("source %s, target %s", report.sourceCounts(), report.targetCounts()).isTrue();
        assertThat(report.targetCounts().get("credentials")).isEqualTo(credentials); // one purged, one created late
        assertThat(report.catchUpPasses()).isGreaterThanOrEqualTo(1);

        Vault copy = CredVault.builder().backend(dst).masterKey(KEY).build();
        VaultCopy.Verification verification = VaultCopy.verify(live, copy, 1000);
        assertThat(verification.mismatches()).isEmpty();
        assertThat(verification.targetJournal().intact()).isTrue();
        assertThat(verification.revealsCompared()).isEqualTo(Math.min(credentials - 1, 1000)); // active ones, at most 1,000
        assertThat(copy.reveal(made.get(3).owner(), made.get(3).id()).secrets().require("secret").reveal()).isEqualTo("changed");
        assertThat(copy.listAllOwners(ListFilter.all(), PageRequest.first(1000)).items()).extracting(CredentialMetadata::id)
                .containsExactlyElementsOf(live.listAllOwners(ListFilter.all(), PageRequest.first(1000)).items().stream()
                        .map(CredentialMetadata::id).toList());
        assertThat(copy.describe(made.get(0).owner(), made.get(0).id()).status()).isEqualTo(live.describe(made.get(0).owner(),
                made.get(0).id()).status());
        assertThat(copy.apiKeys().list(OwnerId.of("tenant-2"))).hasSize(1);
        assertThat(copy.health().calls(made.get(5).owner(), made.get(5).id(), PageRequest.first(10)).items()).hasSize(1);
        assertThat(copy.keys().usage().primaryVersion()).isEqualTo(2);
        // the copy is a working vault: new writes chain onto the copied journal
        copy.create(OwnerId.of("after"), NewCredential.builder("generic", "after").secrets("secret", "s").build());
        assertThat(copy.journal().verify().intact()).isTrue();

        assertThatThrownBy(() -> VaultCopy.copy(src, dst, p -> { })).isInstanceOf(ConflictException.class)
                .hasMessageContaining("the target is not empty");
        live.close();
        copy.close();
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
