package io.credvault.testkit;

import static io.credvault.testkit.CredentialStoreContract.ALICE;
import static io.credvault.testkit.CredentialStoreContract.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialUpdate;
import io.credvault.NewCredential;
import io.credvault.RevealedCredential;
import io.credvault.SecretFields;
import io.credvault.SecretValue;
import io.credvault.ValidationException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The contract kit's "redaction" group; joined to {@link CredentialStoreContract} by a nested class. */
abstract class RedactionTests {
    abstract CredentialStoreContract kit();

    @Test
    @DisplayName("toString of secrets, metadata, revealed credentials and stored rows never shows a secret")
    void toString_neverShowsSecret() {
        CredentialMetadata m = kit().github(ALICE, "gh");
        RevealedCredential r = kit().store.reveal(ALICE, m.id());
        assertThat(SecretValue.of(TOKEN).toString()).doesNotContain(TOKEN);
        assertThat(r.secrets().toString()).doesNotContain(TOKEN).contains("accessToken");
        assertThat(r.toString()).doesNotContain(TOKEN);
        assertThat(kit().backend.find(m.id()).orElseThrow().toString()).doesNotContain(TOKEN);
        assertThat(NewCredential.builder("github", "x").secrets("accessToken", TOKEN).build().toString()).doesNotContain(TOKEN);
        assertThat(CredentialUpdate.builder().secrets("accessToken", TOKEN).build().toString()).doesNotContain(TOKEN);
    }

    @Test
    @DisplayName("Jackson does not serialize secret values by accident")
    void jackson_doesNotSerializeSecrets() throws Exception {
        CredentialMetadata m = kit().github(ALICE, "gh");
        RevealedCredential r = kit().store.reveal(ALICE, m.id());
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        for (Object o : new Object[] {SecretValue.of(TOKEN), r.secrets(), r}) {
            String json;
            try {
                json = mapper.writeValueAsString(o);
            } catch (Exception refused) {
                json = String.valueOf(refused.getMessage());
            }
            assertThat(json).doesNotContain(TOKEN);
        }
    }

    @Test
    @DisplayName("secret values are equal by content in constant time, with a content-free hash code")
    void secretValue_equality() {
        assertThat(SecretValue.of(TOKEN)).isEqualTo(SecretValue.of(TOKEN)).isNotEqualTo(SecretValue.of(TOKEN + "x"));
        assertThat(SecretValue.of("a").hashCode()).isEqualTo(SecretValue.of("b").hashCode());
    }

    @Test
    @DisplayName("a secret-fields builder used again after kit().build() leaves what it built unchanged")
    void secretFields_builderReuse() {
        SecretFields.Builder b = SecretFields.builder().put("accessToken", TOKEN);
        SecretFields first = b.build();
        SecretFields second = b.put("refreshToken", "r").build();
        assertThat(first.names()).containsExactly("accessToken");
        assertThat(second.names()).containsExactly("accessToken", "refreshToken");
        assertThatThrownBy(() -> b.put("accessToken", "again")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("secrets.accessToken");
    }

    @Test
    @DisplayName("no error message carries a secret value")
    void errors_neverShowSecret() {
        List<Throwable> errors = new ArrayList<>();
        errors.add(catchThrowable(() -> kit().store.create(ALICE, NewCredential.builder("github", "x").secrets("bogus", TOKEN).build())));
        errors.add(catchThrowable(() -> kit().store.create(ALICE, NewCredential.builder("nope", "x").secrets("accessToken", TOKEN).build())));
        errors.add(catchThrowable(() -> kit().store.create(ALICE, NewCredential.builder("aws", "x").secrets("accessKey", TOKEN).build())));
        errors.add(catchThrowable(() -> SecretFields.of("accessToken", TOKEN, "accessToken", TOKEN)));
        errors.add(catchThrowable(() -> SecretFields.of("a", TOKEN + "\uD800")));
        assertThat(errors).allSatisfy(e -> {
            assertThat(e).isInstanceOf(ValidationException.class);
            assertThat(e.getMessage()).doesNotContain(TOKEN);
        });
    }
}
