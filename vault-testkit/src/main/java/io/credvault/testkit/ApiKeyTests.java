package io.credvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.ApiKeyInfo;
import io.credvault.ApiKeyState;
import io.credvault.ConflictException;
import io.credvault.IssuedApiKey;
import io.credvault.JournalEntry;
import io.credvault.JournalQuery;
import io.credvault.OwnerId;
import io.credvault.PageRequest;
import io.credvault.Vault;
import io.credvault.spi.EventQuery;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issued API keys: shown once, hashed, one active per owner, rotation with grace. Part of the contract kit. */
abstract class ApiKeyTests {
    private static final OwnerId TENANT = OwnerId.of("tenant-7");

    abstract CredentialStoreContract kit();

    private Vault store() {
        return kit().store;
    }

    private String key(IssuedApiKey k) {
        return k.key().reveal();
    }

    @Test
    @DisplayName("create returns a 256-bit key with a recognisable prefix, once; only a keyed hash is stored")
    void create_andVerify() {
        IssuedApiKey issued = store().apiKeys().create(TENANT);
        assertThat(key(issued)).matches("cvk_[A-Za-z0-9_-]{43}");
        assertThat(issued.info().prefix()).isEqualTo(key(issued).substring(0, 12));
        assertThat(issued.toString()).doesNotContain(key(issued));
        assertThat(store().apiKeys().verify(key(issued))).contains(TENANT);
        List<ApiKeyInfo> listed = store().apiKeys().list(TENANT);
        assertThat(listed).singleElement().satisfies(i -> {
            assertThat(i.state()).isEqualTo(ApiKeyState.ACTIVE);
            assertThat(i.toString()).doesNotContain(key(issued));
        });
        assertThat(kit().backend.apiKeys().orElseThrow().live(TENANT).get(0).hash()).hasSize(64).doesNotContain(key(issued).substring(4));
        assertThat(kit().backend.events(EventQuery.all(1000))).allSatisfy(e -> assertThat(e.toString()).doesNotContain(key(issued)));
    }

    @Test
    @DisplayName("one active key per owner: a second create conflicts; other owners are independent")
    void oneActive() {
        store().apiKeys().create(TENANT);
        assertThatThrownBy(() -> store().apiKeys().create(TENANT)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("active API key");
        assertThat(store().apiKeys().verify(key(store().apiKeys().create(OwnerId.of("tenant-8"))))).contains(OwnerId.of("tenant-8"));
    }

    @Test
    @DisplayName("rotate without grace: the old key stops verifying at once")
    void rotate_noGrace() {
        IssuedApiKey old = store().apiKeys().create(TENANT);
        IssuedApiKey next = store().apiKeys().rotate(TENANT, Duration.ZERO);
        assertThat(store().apiKeys().verify(key(old))).isEmpty();
        assertThat(store().apiKeys().verify(key(next))).contains(TENANT);
        assertThat(store().apiKeys().list(TENANT)).extracting(ApiKeyInfo::state).containsExactly(ApiKeyState.ACTIVE);
    }

    @Test
    @DisplayName("rotate with grace: both keys verify until the grace period ends")
    void rotate_withGrace() {
        IssuedApiKey old = store().apiKeys().create(TENANT);
        IssuedApiKey next = store().apiKeys().rotate(TENANT, Duration.ofHours(1));
        assertThat(store().apiKeys().verify(key(old))).contains(TENANT);
        assertThat(store().apiKeys().verify(key(next))).contains(TENANT);
        assertThat(store().apiKeys().list(TENANT)).extracting(ApiKeyInfo::state).containsExactlyInAnyOrder(ApiKeyState.GRACE, ApiKeyState.ACTIVE);
        kit().clock.advance(Duration.ofMinutes(61));
        assertThat(store().apiKeys().verify(key(old))).isEmpty();
        assertThat(store().apiKeys().verify(key(next))).contains(TENANT);
        assertThatThrownBy(() -> store().apiKeys().rotate(TENANT, Duration.ofDays(31))).hasMessageStartingWith("grace:");
    }

    @Test
    @DisplayName("delete: the key stops verifying; a new key can be created; rotate with none active conflicts")
    void delete() {
        IssuedApiKey k = store().apiKeys().create(TENANT);
        assertThat(store().apiKeys().delete(TENANT)).isTrue();
        assertThat(store().apiKeys().verify(key(k))).isEmpty();
        assertThat(store().apiKeys().delete(TENANT)).isFalse();
        assertThatThrownBy(() -> store().apiKeys().rotate(TENANT, Duration.ZERO)).isInstanceOf(ConflictException.class);
        assertThat(store().apiKeys().verify(key(store().apiKeys().create(TENANT)))).contains(TENANT);
    }

    @Test
    @DisplayName("wrong, malformed, empty and null keys are invalid and journaled without the key")
    void verify_failures() {
        IssuedApiKey k = store().apiKeys().create(TENANT);
        String almost = key(k).substring(0, key(k).length() - 1) + (key(k).endsWith("A") ? "B" : "A");
        for (String bad : new String[] {almost, "cvk_short", "", null, "'; DROP TABLE cv_api_keys; --"}) {
            assertThat(store().apiKeys().verify(bad)).isEmpty();
        }
        List<JournalEntry> failures = store().journal().query(JournalQuery.all().ofTypes("apikey.verify_failed"),
                PageRequest.first(10)).items();
        assertThat(failures).hasSize(5);
        assertThat(failures.get(0).details()).containsEntry("reason", "unknown key").containsEntry("prefix", k.info().prefix());
        assertThat(failures).allSatisfy(e -> assertThat(e.details().values()).noneMatch(v -> v.contains(almost.substring(12))));
    }

    @Test
    @DisplayName("the lifecycle is journaled without keys, and last use is recorded")
    void lifecycle_journaled() {
        IssuedApiKey k = store().apiKeys().create(TENANT);
        kit().clock.advance(Duration.ofMinutes(5));
        store().apiKeys().verify(key(k));
        assertThat(store().apiKeys().list(TENANT).get(0).lastUsed()).isEqualTo(kit().clock.instant());
        IssuedApiKey n = store().apiKeys().rotate(TENANT, Duration.ZERO);
        store().apiKeys().delete(TENANT);
        List<JournalEntry> entries = store().journal().query(JournalQuery.of(TENANT), PageRequest.first(10)).items();
        assertThat(entries).extracting(JournalEntry::type).containsExactly("apikey.created", "apikey.rotated", "apikey.deleted");
        assertThat(entries).allSatisfy(e -> assertThat(e.toString()).doesNotContain(key(k)).doesNotContain(key(n)));
    }
}
