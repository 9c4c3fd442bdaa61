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
        isValue("cred_1", CredentialId.of("cred_1"), CredentialId.of(new String("cred_1")), CredentialId.of("cred_2"),
                OwnerId.of("cred_1"));
    }

    @Test
    @DisplayName("an owner id equals another of the same text (and hashes alike), and nothing else")
    void ownerIds() {
        isValue("tenant_1", OwnerId.of("tenant_1"), OwnerId.of(new String("tenant_1")), OwnerId.of("tenant_2"),
                CredentialId.of("tenant_1"));
    }

    /** {@code id} (of {@code text}) equals {@code same} and finds it in a map; it equals neither other id nor the text. */
    private static void isValue(String text, Object id, Object same, Object otherText, Object otherKind) {
        assertThat(id).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(id.hashCode()).isEqualTo(text.hashCode());
        assertThat(id).isNotEqualTo(otherText).isNotEqualTo(otherKind).isNotEqualTo(text);
        assertThat(id.equals(null)).isFalse();
        Map<Object, String> byId = new HashMap<>(Map.of(id, "found"));
        assertThat(byId).containsEntry(same, "found").doesNotContainKey(otherText);
    }
}
