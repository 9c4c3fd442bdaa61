package io.credvault.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.credvault.CredentialId;
import io.credvault.OwnerId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Ids are values: equal by their text, hashed by it, never equal to an id of the other kind or another text. */
class IdentifiersTest {
    @Test
    @DisplayName("a credential id equals another of the same text (and hashes alike), and nothing else")
    void credentialIds() {
        CredentialId a = CredentialId.of("cred_1");
        CredentialId same = CredentialId.of(new String("cred_1"));
        assertThat(a).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(a.hashCode()).isEqualTo("cred_1".hashCode());
        assertThat(a).isNotEqualTo(CredentialId.of("cred_2")).isNotEqualTo(OwnerId.of("cred_1")).isNotEqualTo("cred_1");
        assertThat(a.equals(null)).isFalse();
        Map<CredentialId, String> byId = new HashMap<>(Map.of(a, "found"));
        assertThat(byId).containsEntry(same, "found").doesNotContainKey(CredentialId.of("cred_2"));
    }

    @Test
    @DisplayName("an owner id equals another of the same text (and hashes alike), and nothing else")
    void ownerIds() {
        OwnerId a = OwnerId.of("tenant_1");
        OwnerId same = OwnerId.of(new String("tenant_1"));
        assertThat(a).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(a.hashCode()).isEqualTo("tenant_1".hashCode());
        assertThat(a).isNotEqualTo(OwnerId.of("tenant_2")).isNotEqualTo(CredentialId.of("tenant_1")).isNotEqualTo("tenant_1");
        assertThat(a.equals(null)).isFalse();
    }
}
