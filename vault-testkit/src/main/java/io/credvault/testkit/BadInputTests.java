package io.credvault.testkit;

import static io.credvault.testkit.CredentialStoreContract.ALICE;
import static io.credvault.testkit.CredentialStoreContract.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialNotFoundException;
import io.credvault.ListFilter;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.PageRequest;
import io.credvault.SecretFields;
import io.credvault.ValidationException;
import io.credvault.VaultException;
import io.credvault.spi.EventQuery;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The contract kit's "bad input" group; joined to {@link CredentialStoreContract} by a nested class. */
abstract class BadInputTests {
    abstract CredentialStoreContract kit();

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("null", null),
                Arguments.of("empty", ""),
                Arguments.of("whitespace", "   \t "),
                Arguments.of("10k", "x".repeat(10_000)),
                Arguments.of("quotes", "O'Brien \"quoted\" back\\slash"),
                Arguments.of("unicode", "名前 🔑 émoji Ω"),
                Arguments.of("sql", "'; DROP TABLE credentials; --"),
                Arguments.of("nul", "a\u0000b"),
                Arguments.of("newline", "line1\nline2"),
                Arguments.of("surrogate", "bad\uD800"));
    }

    /** Runs {@code op}; returns the stored value, or asserts a validation error naming {@code field}. */
    private void storedVerbatimOrRefused(String field, String value, java.util.function.Supplier<String> op) {
        long before = kit().backend.events(EventQuery.all(10_000)).size();
        Throwable t = catchThrowable(() -> {
            String stored = op.get();
            assertThat(stored).as("%s stored verbatim", field).isEqualTo(value);
        });
        if (t != null) {
            assertThat(t).as("%s=%s", field, value == null ? null : value.length() > 20 ? value.substring(0, 20) : value)
                    .isInstanceOf(ValidationException.class);
            assertThat(((ValidationException) t).field()).isEqualTo(field);
            assertThat(t.getMessage()).doesNotContain("x".repeat(300));
            assertThat(kit().backend.events(EventQuery.all(10_000))).hasSize((int) before);
        }
    }

    @ParameterizedTest(name = "name {0}")
    @MethodSource("values")
    @DisplayName("name: stored verbatim or refused naming 'name'")
    void name(String label, String value) {
        storedVerbatimOrRefused("name", value, () -> {
            CredentialMetadata m = kit().store.create(ALICE, NewCredential.builder("github", value).secrets("accessToken", TOKEN).build());
            return kit().store.describe(ALICE, m.id()).name();
        });
    }

    @ParameterizedTest(name = "description {0}")
    @MethodSource("values")
    @DisplayName("description: stored verbatim or refused naming 'description'")
    void description(String label, String value) {
        storedVerbatimOrRefused("description", value, () -> {
            CredentialMetadata m = kit().store.create(ALICE, NewCredential.builder("github", "d-" + label).description(value)
                    .secrets("accessToken", TOKEN).build());
            return kit().store.describe(ALICE, m.id()).description();
        });
    }

    @ParameterizedTest(name = "category {0}")
    @MethodSource("values")
    @DisplayName("category: stored verbatim or refused naming 'category'")
    void category(String label, String value) {
        storedVerbatimOrRefused("category", value, () -> {
            CredentialMetadata m = kit().store.create(ALICE, NewCredential.builder("github", "c-" + label).category(value)
                    .secrets("accessToken", TOKEN).build());
            return kit().store.describe(ALICE, m.id()).category();
        });
    }

    @ParameterizedTest(name = "owner {0}")
    @MethodSource("values")
    @DisplayName("owner: stored verbatim or refused naming 'owner'")
    void owner(String label, String value) {
        storedVerbatimOrRefused("owner", value, () -> {
            OwnerId owner = OwnerId.of(value);
            CredentialMetadata m = kit().store.create(owner, NewCredential.builder("github", "o").secrets("accessToken", TOKEN).build());
            assertThat(kit().store.list(owner, ListFilter.active(), PageRequest.first(10)).items()).hasSize(1);
            return kit().store.describe(owner, m.id()).owner().value();
        });
    }

    @ParameterizedTest(name = "provider {0}")
    @MethodSource("values")
    @DisplayName("provider: refused naming 'provider' unless registered")
    void provider(String label, String value) {
        storedVerbatimOrRefused("provider", value, () -> kit().store.create(ALICE, NewCredential.builder(value, "p")
                .secrets("accessToken", TOKEN).build()).provider());
    }

    @ParameterizedTest(name = "secret value {0}")
    @MethodSource("values")
    @DisplayName("secret value: revealed verbatim or refused naming the field")
    void secretValue(String label, String value) {
        storedVerbatimOrRefused("secrets.accessToken", value, () -> {
            CredentialMetadata m = kit().store.create(ALICE, NewCredential.builder("github", "s-" + label)
                    .secrets(SecretFields.builder().put("accessToken", value).build()).build());
            return kit().store.reveal(ALICE, m.id()).secrets().require("accessToken").reveal();
        });
    }

    @ParameterizedTest(name = "secret field name {0}")
    @MethodSource("values")
    @DisplayName("secret field name (generic provider): kept or refused naming the field")
    void secretFieldName(String label, String value) {
        Throwable t = catchThrowable(() -> {
            CredentialMetadata m = kit().store.create(ALICE, NewCredential.builder("generic", "f-" + label)
                    .secrets(SecretFields.builder().put(value, "v").build()).build());
            assertThat(kit().store.reveal(ALICE, m.id()).secrets().names()).containsExactly(value);
        });
        if (t != null) {
            assertThat(t).isInstanceOf(ValidationException.class);
            assertThat(((ValidationException) t).field()).startsWith("secrets");
        }
    }

    @ParameterizedTest(name = "name prefix {0}")
    @MethodSource("values")
    @DisplayName("list name prefix: matches literally or is refused naming 'namePrefix'")
    void namePrefix(String label, String value) {
        kit().github(ALICE, "plain");
        Throwable t = catchThrowable(() -> {
            List<CredentialMetadata> items = kit().store.list(ALICE, ListFilter.active().withNamePrefix(value),
                    PageRequest.first(10)).items();
            if (value == null) {
                assertThat(items).extracting(CredentialMetadata::name).containsExactly("plain");
            } else {
                assertThat(items).allSatisfy(m -> assertThat(m.name()).startsWith(value));
            }
        });
        if (t != null) {
            assertThat(t).isInstanceOf(ValidationException.class);
            assertThat(((ValidationException) t).field()).isEqualTo("namePrefix");
        }
    }

    @ParameterizedTest(name = "credential id {0}")
    @MethodSource("values")
    @DisplayName("credential id: unknown ids are not found, malformed ones refused naming 'credentialId'")
    void credentialId(String label, String value) {
        Throwable t = catchThrowable(() -> kit().store.describe(ALICE, CredentialId.of(value)));
        assertThat(t).isInstanceOf(VaultException.class);
        if (t instanceof ValidationException v) {
            assertThat(v.field()).isEqualTo("credentialId");
        } else {
            assertThat(t).isInstanceOf(CredentialNotFoundException.class);
        }
    }
}
