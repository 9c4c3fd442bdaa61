package io.credvault.testkit;

import static io.credvault.testkit.CredentialStoreContract.ALICE;
import static io.credvault.testkit.CredentialStoreContract.BOB;
import static io.credvault.testkit.CredentialStoreContract.START;
import static io.credvault.testkit.CredentialStoreContract.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.credvault.ConflictException;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialStatus;
import io.credvault.NewCredential;
import io.credvault.ProviderRegistry;
import io.credvault.ProviderSchema;
import io.credvault.SecretFields;
import io.credvault.ValidationException;
import io.credvault.Vault;
import io.credvault.spi.JournalEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The contract kit's "create and describe" group; joined to {@link CredentialStoreContract} by a nested class. */
abstract class CreateTests {
    abstract CredentialStoreContract kit();

    @Test
    @DisplayName("create returns metadata with a generated id, version 1 and no secret")
    void create_returnsMetadata() {
        CredentialMetadata m = kit().github(ALICE, "GitHub corporate");
        assertThat(m.id().value()).hasSize(26);
        assertThat(m.owner()).isEqualTo(ALICE);
        assertThat(m.name()).isEqualTo("GitHub corporate");
        assertThat(m.description()).isEqualTo("corporate account");
        assertThat(m.provider()).isEqualTo("github");
        assertThat(m.category()).isEqualTo("repositories");
        assertThat(m.status()).isEqualTo(CredentialStatus.NEVER_CHECKED);
        assertThat(m.deleted()).isFalse();
        assertThat(m.lastUsed()).isNull();
        assertThat(m.dateCreated()).isEqualTo(START);
        assertThat(m.lastUpdated()).isEqualTo(START);
        assertThat(m.version()).isEqualTo(1);
        assertThat(m.secretFieldNames()).containsExactlyInAnyOrder("accessToken", "username");
        assertThat(m.fingerprint()).hasSize(32);
        assertThat(m.toString()).doesNotContain(TOKEN);
    }

    @Test
    @DisplayName("describe returns what create returned")
    void describe_matchesCreate() {
        CredentialMetadata m = kit().github(ALICE, "gh");
        assertThat(kit().store.describe(ALICE, m.id())).isEqualTo(m);
    }

    @Test
    @DisplayName("every built-in provider accepts its required fields")
    void builtInProviders_acceptRequiredFields() {
        Map<String, String[]> samples = new LinkedHashMap<>();
        samples.put("sentera", new String[] {"accessToken", "a", "refreshToken", "r", "privateKey", "k", "publicKey", "p"});
        samples.put("agleader", new String[] {"accessToken", "a", "refreshToken", "r", "privateKey", "k", "publicKey", "p"});
        samples.put("raven-slingshot", new String[] {"apiKey", "a", "accessKey", "b", "sharedSecret", "c"});
        samples.put("github", new String[] {"accessToken", "a"});
        samples.put("gitlab", new String[] {"accessToken", "a"});
        samples.put("bitbucket", new String[] {"username", "u", "password", "p"});
        samples.put("google", new String[] {"serviceAccountKey", "{\"type\":\"service_account\"}"});
        samples.put("aws", new String[] {"accessKey", "AKIA", "secretKey", "s"});
        samples.put("azure", new String[] {"batchKey", "b", "storageKey", "s"});
        samples.put("ssh", new String[] {"privateKey", "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n"});
        samples.put("generic", new String[] {"anything", "x"});
        samples.forEach((provider, fields) -> {
            CredentialMetadata m = kit().store.create(ALICE, NewCredential.builder(provider, provider + " creds").secrets(fields).build());
            assertThat(kit().store.reveal(ALICE, m.id()).secrets()).isEqualTo(SecretFields.of(fields));
        });
    }

    @Test
    @DisplayName("a host-registered provider is validated like a built-in")
    void registeredProvider_isValidated() {
        kit().store.providers().register(ProviderSchema.of("acme-crm", Set.of("clientId", "clientSecret"), Set.of("scope")));
        CredentialMetadata m = kit().store.create(ALICE, NewCredential.builder("acme-crm", "crm")
                .secrets("clientId", "id", "clientSecret", "s").build());
        assertThat(m.secretFieldNames()).containsExactlyInAnyOrder("clientId", "clientSecret");
        assertThatThrownBy(() -> kit().store.create(ALICE, NewCredential.builder("acme-crm", "crm2").secrets("clientId", "id").build()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("acme-crm").hasMessageContaining("clientSecret");
    }

    @Test
    @DisplayName("a name used by an active credential of the same owner conflicts; other owners may use it")
    void create_duplicateName_conflicts() {
        kit().github(ALICE, "gh");
        assertThatThrownBy(() -> kit().github(ALICE, "gh")).isInstanceOf(ConflictException.class).hasMessageContaining("'gh'");
        assertThat(kit().github(BOB, "gh").owner()).isEqualTo(BOB);
    }

    @Test
    @DisplayName("create journals credential.created without secret material")
    void create_isJournaled() {
        CredentialMetadata m = kit().github(ALICE, "gh");
        List<JournalEvent> ev = kit().events(m.id());
        assertThat(ev).extracting(JournalEvent::type).containsExactly("credential.created");
        assertThat(ev.get(0).owner()).isEqualTo(ALICE);
        assertThat(ev.get(0).toString()).doesNotContain(TOKEN);
    }

    @Test
    @DisplayName("expiry is kept and must lie in the future")
    void create_expiry() {
        Instant later = START.plus(Duration.ofDays(30));
        CredentialMetadata m = kit().store.create(ALICE, NewCredential.builder("github", "gh").secrets("accessToken", TOKEN)
                .expiresAt(later).build());
        assertThat(kit().store.describe(ALICE, m.id()).expiresAt()).isEqualTo(later);
        assertThat(m.isExpired(START)).isFalse();
        assertThat(m.isExpired(later)).isTrue();
        ValidationException e = (ValidationException) catchThrowable(() -> kit().store.create(ALICE,
                NewCredential.builder("github", "old").secrets("accessToken", TOKEN).expiresAt(START.minusSeconds(1)).build()));
        assertThat(e.field()).isEqualTo("expiresAt");
    }

    @Test
    @DisplayName("the built-in oauth2 kind takes an access token and, optionally, refresh token, token type, scope and id token")
    void oauth2_builtIn() {
        CredentialMetadata m = kit().store.create(ALICE, NewCredential.builder("oauth2", "calendar").secrets("accessToken", "at",
                "refreshToken", "rt", "tokenType", "Bearer", "scope", "calendar.read").build());
        assertThat(m.secretFieldNames()).containsExactlyInAnyOrder("accessToken", "refreshToken", "tokenType", "scope");
        assertThatThrownBy(() -> kit().store.create(ALICE, NewCredential.builder("oauth2", "no token")
                .secrets("refreshToken", "rt").build()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("secrets.accessToken"));
    }

    @Test
    @DisplayName("a host replaces a built-in provider's schema (privateKey optional for sentera); registering it anew is refused")
    void providerSchema_replaced() {
        ProviderRegistry providers = ProviderRegistry.withBuiltIns();
        ProviderSchema relaxed = ProviderSchema.of("sentera", Set.of("accessToken", "refreshToken", "publicKey"), Set.of("privateKey"));
        assertThatThrownBy(() -> providers.register(relaxed)).isInstanceOf(ConflictException.class).hasMessageContaining("replace");
        Vault relaxedVault = kit().build(kit().builder(kit().backend).providers(providers.replace(relaxed)));
        NewCredential noKey = NewCredential.builder("sentera", "no private key").secrets("accessToken", "a", "refreshToken", "r",
                "publicKey", "p").build();
        assertThat(relaxedVault.create(ALICE, noKey).secretFieldNames()).containsExactlyInAnyOrder("accessToken", "refreshToken", "publicKey");
        assertThatThrownBy(() -> kit().store.create(BOB, noKey)).as("the built-in schema still requires it elsewhere")
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("secrets.privateKey"));
        assertThat(providers.schemas()).contains(relaxed);
    }
}
