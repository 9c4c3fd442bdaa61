package io.credvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialUpdate;
import io.credvault.ListFilter;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.Page;
import io.credvault.PageRequest;
import io.credvault.ValidationException;
import io.credvault.Vault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Expiry of credentials and of single secret fields, and the expiry queries. Part of the contract kit. */
abstract class ExpiryTests {
    private static final OwnerId OWNER = OwnerId.of("expiry-owner");
    private static final OwnerId OTHER = OwnerId.of("expiry-other");

    abstract CredentialStoreContract kit();

    private Vault store() {
        return kit().store;
    }

    private Instant now() {
        return kit().clock.instant();
    }

    private CredentialMetadata oauth(OwnerId owner, String name, Duration access, Duration refresh) {
        return store().create(owner, NewCredential.builder("sentera", name).secrets("accessToken", "at-" + name,
                        "refreshToken", "rt-" + name, "privateKey", "pk", "publicKey", "pub")
                .secretExpiresAt("accessToken", now().plus(access)).secretExpiresAt("refreshToken", now().plus(refresh)).build());
    }

    @Test
    @DisplayName("field expiries are kept per field; the next expiry is the earliest of them and the credential's own")
    void fieldExpiries_kept() {
        CredentialMetadata m = store().create(OWNER, NewCredential.builder("sentera", "fields").secrets("accessToken", "a",
                        "refreshToken", "r", "privateKey", "p", "publicKey", "q").expiresAt(now().plus(Duration.ofDays(365)))
                .secretExpiresAt("accessToken", now().plus(Duration.ofHours(1)))
                .secretExpiresAt("refreshToken", now().plus(Duration.ofDays(90))).build());
        assertThat(m.secretExpiries()).isEqualTo(Map.of("accessToken", now().plus(Duration.ofHours(1)),
                "refreshToken", now().plus(Duration.ofDays(90))));
        assertThat(m.nextExpiry()).isEqualTo(now().plus(Duration.ofHours(1)));
        assertThat(store().describe(OWNER, m.id())).isEqualTo(m);
    }

    @Test
    @DisplayName("a replaced value loses its expiry unless the update sets one; null clears one; a removed field takes its own")
    void fieldExpiries_followTheValues() {
        CredentialMetadata m = store().create(OWNER, NewCredential.builder("aws", "keys").secrets("accessKey", "AKIA1",
                        "secretKey", "s1", "sessionToken", "st1").secretExpiresAt("sessionToken", now().plus(Duration.ofHours(1)))
                .secretExpiresAt("accessKey", now().plus(Duration.ofDays(30))).build());
        CredentialMetadata rotated = store().update(OWNER, m.id(), 1, CredentialUpdate.builder().secrets("sessionToken", "st2").build());
        assertThat(rotated.secretExpiries()).containsOnlyKeys("accessKey");
        CredentialMetadata renewed = store().update(OWNER, m.id(), 2, CredentialUpdate.builder().secrets("sessionToken", "st3")
                .secretExpiresAt("sessionToken", now().plus(Duration.ofHours(2))).build());
        assertThat(renewed.secretExpiries()).containsEntry("sessionToken", now().plus(Duration.ofHours(2)));
        CredentialMetadata cleared = store().update(OWNER, m.id(), 3, CredentialUpdate.builder()
                .secretExpiresAt("accessKey", null).build());
        assertThat(cleared.secretExpiries()).containsOnlyKeys("sessionToken");
        assertThat(cleared.version()).isEqualTo(4);
        CredentialMetadata removed = store().update(OWNER, m.id(), 4, CredentialUpdate.builder().removeSecret("sessionToken").build());
        assertThat(removed.secretExpiries()).isEmpty();
        assertThat(removed.nextExpiry()).isNull();
    }

    @Test
    @DisplayName("an expiry for a field the credential lacks, or not in the future, is refused naming it; nothing changes")
    void fieldExpiries_validated() {
        assertThatThrownBy(() -> store().create(OWNER, NewCredential.builder("github", "gh").secrets("accessToken", "t")
                .secretExpiresAt("refreshToken", now().plusSeconds(60)).build()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("secretExpiries.refreshToken"))
                .hasMessageContaining("accessToken");
        assertThatThrownBy(() -> store().create(OWNER, NewCredential.builder("github", "gh").secrets("accessToken", "t")
                .secretExpiresAt("accessToken", now()).build()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("secretExpiries.accessToken"))
                .hasMessageContaining("future");
        assertThat(store().list(OWNER, ListFilter.all(), PageRequest.first(10)).items()).isEmpty();
        CredentialMetadata m = store().create(OWNER, NewCredential.builder("github", "gh").secrets("accessToken", "t").build());
        assertThatThrownBy(() -> store().update(OWNER, m.id(), 1, CredentialUpdate.builder()
                .secretExpiresAt("username", now().plusSeconds(60)).build()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("secretExpiries.username"));
        assertThat(store().describe(OWNER, m.id())).isEqualTo(m);
    }

    @Test
    @DisplayName("expiring(owner, within): earliest first across field and credential expiries, expired included, deleted and other owners left out, paged")
    void expiring_perOwner() {
        CredentialMetadata soon = oauth(OWNER, "soon", Duration.ofMinutes(30), Duration.ofDays(60));
        CredentialMetadata later = oauth(OWNER, "later", Duration.ofDays(3), Duration.ofDays(60));
        CredentialMetadata own = store().create(OWNER, NewCredential.builder("github", "own").secrets("accessToken", "t")
                .expiresAt(now().plus(Duration.ofDays(1))).build());
        oauth(OWNER, "far", Duration.ofDays(30), Duration.ofDays(60));
        store().create(OWNER, NewCredential.builder("github", "never").secrets("accessToken", "t").build());
        CredentialMetadata gone = oauth(OWNER, "gone", Duration.ofMinutes(1), Duration.ofDays(60));
        store().delete(OWNER, gone.id());
        oauth(OTHER, "other", Duration.ofMinutes(5), Duration.ofDays(60));

        assertThat(ids(p -> store().expiring(OWNER, Duration.ofDays(7), p))).containsExactly(soon.id(), own.id(), later.id());
        kit().clock.advance(Duration.ofHours(1)); // soon's access token has now expired: it still comes first
        assertThat(ids(p -> store().expiring(OWNER, Duration.ZERO, p))).containsExactly(soon.id());
        assertThat(ids(p -> store().expiring(OWNER, Duration.ofDays(7), p))).containsExactly(soon.id(), own.id(), later.id());
    }

    @Test
    @DisplayName("lifecycle().expiring(within) walks every owner in expiry order, page by page")
    void expiring_allOwners() {
        List<CredentialId> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            expected.add(oauth(i % 2 == 0 ? OWNER : OTHER, "c" + i, Duration.ofMinutes(10 + i), Duration.ofDays(60)).id());
        }
        oauth(OTHER, "outside", Duration.ofDays(10), Duration.ofDays(60));
        assertThat(ids(p -> store().lifecycle().expiring(Duration.ofDays(1), p))).containsExactlyElementsOf(expected);
    }

    @Test
    @DisplayName("a negative window or a foreign cursor is refused naming the field")
    void expiring_badInput() {
        assertThatThrownBy(() -> store().expiring(OWNER, Duration.ofSeconds(-1), PageRequest.first(5)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("within"));
        assertThatThrownBy(() -> store().lifecycle().expiring(Duration.ofDays(1), new PageRequest("not-a-cursor", 5)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("cursor"));
    }

    /** Every id the query returns, walking pages of 2. */
    private static List<CredentialId> ids(java.util.function.Function<PageRequest, Page<CredentialMetadata>> query) {
        List<CredentialId> out = new ArrayList<>();
        PageRequest p = PageRequest.first(2);
        while (true) {
            Page<CredentialMetadata> page = query.apply(p);
            page.items().forEach(m -> out.add(m.id()));
            if (!page.hasNext()) {
                return out;
            }
            p = new PageRequest(page.nextCursor(), 2);
        }
    }
}
