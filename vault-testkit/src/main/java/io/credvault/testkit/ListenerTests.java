package io.credvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.CredentialMetadata;
import io.credvault.CredentialStatus;
import io.credvault.JournalEntry;
import io.credvault.LifecycleListener;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.ProviderCall;
import io.credvault.RefreshException;
import io.credvault.ValidationException;
import io.credvault.Vault;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Lifecycle listeners: told after commit, in journal order; expiry thresholds. Part of the contract kit. */
abstract class ListenerTests {
    private static final OwnerId OWNER = OwnerId.of("listener-owner");

    abstract CredentialStoreContract kit();

    private Vault store() {
        return kit().store;
    }

    private CredentialMetadata oauth(String name, Duration validFor) {
        return store().create(OWNER, NewCredential.builder("oauth2", name).secrets("accessToken", "at-0", "refreshToken", "rt-0")
                .secretExpiresAt("accessToken", kit().clock.instant().plus(validFor)).build());
    }

    @Test
    @DisplayName("status changes, refreshes, recoveries and failed refreshes are told after commit, in journal order")
    void events_inJournalOrder() throws Exception {
        CredentialMetadata m = oauth("told", Duration.ofMinutes(1));
        List<String> heard = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub = store().lifecycle().subscribe(new LifecycleListener() {
            @Override
            public void statusChanged(JournalEntry entry, CredentialStatus from, CredentialStatus to) {
                heard.add("status " + from + ">" + to);
                // after commit: what the listener is told is already readable
                assertThat(store().describe(OWNER, m.id()).status()).isEqualTo(to);
            }

            @Override
            public void recovered(JournalEntry entry, CredentialStatus from) {
                heard.add("recovered from " + from);
            }

            @Override
            public void refreshed(JournalEntry entry) {
                heard.add("refreshed");
            }

            @Override
            public void refreshFailed(JournalEntry entry, String cause) {
                heard.add("refresh failed: " + cause);
            }
        })) {
            store().health().record(OWNER, m.id(), ProviderCall.status(503));
            store().refresh(OWNER, m.id(), new RefreshTests.TokenEndpoint(kit().clock, Duration.ofHours(1)));
            assertThatThrownBy(() -> store().refresh(OWNER, m.id(), (c, s) -> {
                throw new IOException("down");
            })).isInstanceOf(RefreshException.class);
            store().setStatus(OWNER, m.id(), CredentialStatus.MISSING_PERMISSION);
        }
        store().setStatus(OWNER, m.id(), CredentialStatus.OK);
        assertThat(heard).containsExactly("status NEVER_CHECKED>TEMPORARILY_UNAVAILABLE", "refreshed",
                "recovered from TEMPORARILY_UNAVAILABLE", "refresh failed: refresher failed: IOException",
                "status OK>TEMPORARILY_UNAVAILABLE", "status TEMPORARILY_UNAVAILABLE>MISSING_PERMISSION");
    }

    @Test
    @DisplayName("watchExpiring tells each credential once per threshold as its next expiry comes within it")
    void expiringSoon_perThreshold() throws Exception {
        CredentialMetadata soon = oauth("soon", Duration.ofSeconds(4));
        oauth("later", Duration.ofMinutes(30));
        List<String> heard = new CopyOnWriteArrayList<>();
        CountDownLatch within5 = new CountDownLatch(1);
        CountDownLatch within2 = new CountDownLatch(1);
        LifecycleListener listener = new LifecycleListener() {
            @Override
            public void expiringSoon(CredentialMetadata credential, Duration threshold) {
                heard.add(credential.name() + " within " + threshold.toSeconds() + "s");
                (threshold.toSeconds() == 5 ? within5 : within2).countDown();
            }
        };
        try (AutoCloseable watch = store().lifecycle().watchExpiring(List.of(Duration.ofSeconds(5), Duration.ofSeconds(2)), listener)) {
            assertThat(within5.await(20, TimeUnit.SECONDS)).as("told within 5 s").isTrue();
            kit().clock.advance(Duration.ofSeconds(3));
            assertThat(within2.await(20, TimeUnit.SECONDS)).as("told within 2 s").isTrue();
        }
        // the scans that ran meanwhile (one a second) told nothing twice
        assertThat(heard).containsExactly("soon within 5s", "soon within 2s");
        assertThat(soon.nextExpiry()).isNotNull();
        assertThatThrownBy(() -> store().lifecycle().watchExpiring(List.of(), listener))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("thresholds"));
    }
}
