package io.credvault.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialNotFoundException;
import io.credvault.CredentialUpdate;
import io.credvault.InvalidGrantException;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.Refreshed;
import io.credvault.RewrapOptions;
import io.credvault.SecretFields;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import io.credvault.memory.InMemoryBackend;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CredvaultMetricsTest {
    private static final OwnerId OWNER = OwnerId.of("u1");
    private static final String SECRET = "s3cr3t-value-never-a-tag";

    /** A new in-memory vault's builder, observed by {@code metrics}. */
    private static CredVault.Builder observed(CredvaultMetrics metrics) {
        return CredVault.builder().createIfEmpty(true).backend(new InMemoryBackend()).masterKey(MasterKey.generate()).observer(metrics);
    }

    @Test
    @DisplayName("calls, seals, reveal-journal flushes, rewrap progress, key usage and refresh outcomes on a SimpleMeterRegistry")
    void everyMeter() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CredvaultMetrics metrics = new CredvaultMetrics(registry, Tags.of("vault", "test"));
        Vault vault = observed(metrics).reservationBlock(100).build();
        metrics.watch(vault.lifecycle());
        CredentialMetadata m = vault.create(OWNER, NewCredential.builder("oauth2", "api").secrets("accessToken", SECRET,
                "refreshToken", "r1").build());
        for (int i = 0; i < 3; i++) {
            vault.reveal(OWNER, m.id());
        }
        vault.withActor("ops").update(OWNER, m.id(), m.version(), CredentialUpdate.builder().description("d").build());
        assertThatThrownBy(() -> vault.describe(OWNER, CredentialId.generate(0))).isInstanceOf(CredentialNotFoundException.class);
        vault.refresh(OWNER, m.id(), (c, s) -> Refreshed.of(SecretFields.builder().put("accessToken", "a2").put("refreshToken", "r2").build()));
        assertThatThrownBy(() -> vault.refresh(OWNER, m.id(), (c, s) -> {
            throw new InvalidGrantException("revoked");
        })).isInstanceOf(InvalidGrantException.class);
        vault.keys().rotate();
        vault.keys().rewrap(RewrapOptions.defaults());
        System.gc(); // the gauges must not depend on the caller keeping the vault's internals reachable

        assertThat(registry.get("credvault.calls").tags("vault", "test", "operation", "reveal", "outcome", "success").timer().count())
                .isEqualTo(3);
        assertThat(registry.get("credvault.calls").tags("operation", "update").timer().count()).isEqualTo(1);
        assertThat(registry.get("credvault.calls").tags("operation", "describe", "outcome", "failure",
                "exception", "CredentialNotFoundException").timer().count()).isEqualTo(1);
        assertThat(registry.get("credvault.calls").tags("operation", "refresh", "exception", "InvalidGrantException").timer().count())
                .isEqualTo(1);
        // create, the refresh's save and the rewrap each sealed once
        assertThat(registry.get("credvault.seals").timer().count()).isEqualTo(3);
        assertThat(registry.get("credvault.refreshes").tags("outcome", "refreshed").counter().count()).isEqualTo(1);
        assertThat(registry.get("credvault.refreshes").tags("outcome", "failed").counter().count()).isEqualTo(1);
        assertThat(registry.get("credvault.rewrap.done").gauge().value()).isEqualTo(1);
        assertThat(registry.get("credvault.rewrap.total").gauge().value()).isEqualTo(1);
        assertThat(registry.get("credvault.key.primary.version").gauge().value()).isEqualTo(2);
        assertThat(registry.get("credvault.key.encryptions").gauge().value()).isEqualTo(1);
        assertThat(registry.get("credvault.key.encryptions.limit").gauge().value()).isPositive();
        assertThat(registry.get("credvault.reveal.journal.queue").gauge().value()).as("three reveals, one tally").isEqualTo(2);

        vault.close(); // flushes the reveal journal
        assertThat(registry.get("credvault.reveal.journal.flushes").tags("outcome", "success").timer().count()).isPositive();
        assertThat(registry.get("credvault.reveal.journal.entries").counter().count()).isEqualTo(2);
        for (Meter meter : registry.getMeters()) {
            assertThat(meter.getId().toString()).doesNotContain(SECRET);
        }
    }

    @Test
    @DisplayName("a closed vault's gauges leave the registry; a vault opened after it with the same metrics reports its own")
    void gauges_followTheOpenVault() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CredvaultMetrics metrics = new CredvaultMetrics(registry, Tags.of("vault", "main"));
        Vault first = observed(metrics).build();
        first.keys().rotate();
        assertThat(registry.get("credvault.key.primary.version").gauge().value()).isEqualTo(2);
        first.close();
        assertThat(registry.find("credvault.key.primary.version").gauge()).as("a closed vault's gauge").isNull();
        assertThat(registry.find("credvault.reveal.journal.queue").gauge()).isNull();
        Vault second = observed(metrics).build();
        assertThat(registry.get("credvault.key.primary.version").gauge().value()).isEqualTo(1);
        second.withActor("ops").close();
        assertThat(registry.find("credvault.key.primary.version").gauge()).isNull();
    }
}
