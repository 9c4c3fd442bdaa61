package io.credvault.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialStatus;
import io.credvault.OwnerId;
import io.credvault.spi.StoredCredential;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A stored credential is its metadata plus the sealed payload; copies change only what they name. */
class StoredCredentialTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static CredentialMetadata metadata() {
        return CredentialMetadata.builder(OwnerId.of("user-1"), CredentialId.generate(T0.toEpochMilli())).name("gh")
                .description("ci token").provider("github").category("repositories").status(CredentialStatus.OK)
                .dateCreated(T0).lastUpdated(T0).version(3).expiresAt(T0.plusSeconds(3600))
                .secret("f".repeat(32), Set.of("accessToken"), 2).build();
    }

    @Test
    @DisplayName("toBuilder().build() is the same metadata; a change through the builder changes that component alone")
    void builderCopies() {
        CredentialMetadata m = metadata();
        assertThat(m.toBuilder().build()).isEqualTo(m);
        CredentialMetadata next = m.toBuilder().status(CredentialStatus.UNAUTHENTICATED).version(4).build();
        assertThat(next).isEqualTo(new CredentialMetadata(m.id(), m.owner(), m.name(), m.description(), m.provider(),
                m.category(), CredentialStatus.UNAUTHENTICATED, m.deletedAt(), m.lastUsed(), m.dateCreated(), m.lastUpdated(), 4,
                m.expiresAt(), m.fingerprint(), m.secretFieldNames(), m.keyVersion(), m.secretExpiries(), m.lastCheckedAt(),
                m.consecutiveFailures()));
    }

    @Test
    @DisplayName("build() names the required component that was not set")
    void requiredComponents() {
        assertThatThrownBy(() -> CredentialMetadata.builder(OwnerId.of("u"), CredentialId.generate(1)).provider("github").build())
                .isInstanceOf(NullPointerException.class).hasMessage("name");
    }

    @Test
    @DisplayName("with() keeps the sealed payload; withSealed() swaps it and the key version; the payload is copied in and out")
    void copies() {
        byte[] sealed = {1, 2, 3};
        StoredCredential c = new StoredCredential(metadata(), sealed);
        sealed[0] = 9;
        c.sealed()[1] = 9;
        assertThat(c.sealed()).containsExactly(1, 2, 3);

        StoredCredential used = c.with(m -> m.lastUsed(T0.plusSeconds(5)));
        assertThat(used.metadata().lastUsed()).isEqualTo(T0.plusSeconds(5));
        assertThat(used.sealed()).isEqualTo(c.sealed());
        assertThat(used).isNotEqualTo(c);

        StoredCredential rewrapped = c.withSealed(new byte[] {7}, 5);
        assertThat(rewrapped.keyVersion()).isEqualTo(5);
        assertThat(rewrapped.metadata().toBuilder().keyVersion(2).build()).isEqualTo(c.metadata());
        assertThat(rewrapped.sealed()).containsExactly(7);
        assertThat(rewrapped.toString()).contains("sealed=1 bytes").doesNotContain("[7]");
    }
}
