package io.credvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.CredentialMetadata;
import io.credvault.CredentialNotFoundException;
import io.credvault.CredentialStatus;
import io.credvault.CredentialUpdate;
import io.credvault.JournalEntry;
import io.credvault.JournalQuery;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.Page;
import io.credvault.PageRequest;
import io.credvault.ProviderCall;
import io.credvault.ProviderCallRecord;
import io.credvault.Vault;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Provider-call outcomes, the status they drive, and redaction. Part of the contract kit. */
abstract class HealthTests {
    private static final OwnerId OWNER = OwnerId.of("health-owner");
    private static final String ACCESS = "ya29.access-token-value";
    private static final String REFRESH = "1//refresh-token-value";

    abstract CredentialStoreContract kit();

    private Vault store() {
        return kit().store;
    }

    private CredentialMetadata sentera() {
        return store().create(OWNER, NewCredential.builder("sentera", "field data").secrets("accessToken", ACCESS,
                "refreshToken", REFRESH, "privateKey", "pk-value-1234", "publicKey", "pub-value-1234").build());
    }

    @Test
    @DisplayName("status mapping: 2xx OK, 401 UNAUTHENTICATED, 403 MISSING_PERMISSION, 429/5xx/timeout TEMPORARILY_UNAVAILABLE, others unchanged")
    void statusMapping() {
        CredentialMetadata m = sentera();
        Map<ProviderCall, CredentialStatus> table = new LinkedHashMap<>();
        table.put(ProviderCall.status(200), CredentialStatus.OK);
        table.put(ProviderCall.status(401), CredentialStatus.UNAUTHENTICATED);
        table.put(ProviderCall.status(204), CredentialStatus.OK);
        table.put(ProviderCall.status(403), CredentialStatus.MISSING_PERMISSION);
        table.put(ProviderCall.status(429), CredentialStatus.TEMPORARILY_UNAVAILABLE);
        table.put(ProviderCall.status(404), CredentialStatus.TEMPORARILY_UNAVAILABLE); // unchanged from before
        table.put(ProviderCall.status(201), CredentialStatus.OK);
        table.put(ProviderCall.status(500), CredentialStatus.TEMPORARILY_UNAVAILABLE);
        table.put(ProviderCall.status(400), CredentialStatus.TEMPORARILY_UNAVAILABLE); // unchanged
        table.put(ProviderCall.status(299), CredentialStatus.OK);
        table.put(ProviderCall.status(503), CredentialStatus.TEMPORARILY_UNAVAILABLE);
        table.put(ProviderCall.status(202), CredentialStatus.OK);
        table.put(ProviderCall.timeout(), CredentialStatus.TEMPORARILY_UNAVAILABLE);
        table.forEach((call, expected) ->
                assertThat(store().health().record(OWNER, m.id(), call).status()).as(call.toString()).isEqualTo(expected));
    }

    @Test
    @DisplayName("a status change is journaled with its cause; an unchanged status is not")
    void statusChange_isJournaled() {
        CredentialMetadata m = sentera();
        store().health().record(OWNER, m.id(), ProviderCall.status(401));
        store().health().record(OWNER, m.id(), ProviderCall.status(401));
        store().health().record(OWNER, m.id(), ProviderCall.status(200));
        List<JournalEntry> changes = store().journal().query(JournalQuery.of(OWNER)
                .ofTypes("credential.status_changed", "credential.recovered"), PageRequest.first(10)).items();
        assertThat(changes).extracting(JournalEntry::type).containsExactly("credential.status_changed", "credential.recovered");
        assertThat(changes).extracting(e -> e.details().get("to")).containsExactly("UNAUTHENTICATED", "OK");
        assertThat(changes.get(0).details()).containsEntry("cause", "http 401").containsEntry("from", "NEVER_CHECKED");
        assertThat(changes.get(1).details()).containsEntry("from", "UNAUTHENTICATED").containsEntry("failures", "2");
    }

    @Test
    @DisplayName("secret values and credential headers are redacted before anything is stored")
    void redaction() {
        CredentialMetadata m = sentera();
        store().health().record(OWNER, m.id(), ProviderCall.status(401)
                .withHeaders(Map.of("Authorization", "Bearer " + ACCESS, "Cookie", "session=abc", "X-Request-Id", "req-1",
                        "WWW-Authenticate", "Bearer error=\"invalid_token\" token=" + ACCESS))
                .withBody("{\"error\":\"invalid_token\",\"token\":\"" + ACCESS + "\",\"refresh\":\"" + REFRESH + "\"}"));
        ProviderCallRecord r = store().health().calls(OWNER, m.id(), PageRequest.first(1)).items().get(0);
        assertThat(r.headers()).doesNotContain(ACCESS).contains("Authorization: [REDACTED]").contains("Cookie: [REDACTED]")
                .contains("X-Request-Id: req-1").contains("token=[REDACTED:accessToken]");
        assertThat(r.body()).doesNotContain(ACCESS).doesNotContain(REFRESH)
                .contains("[REDACTED:accessToken]").contains("[REDACTED:refreshToken]").contains("invalid_token");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.status()).isEqualTo(CredentialStatus.UNAUTHENTICATED);
    }

    @Test
    @DisplayName("calls are listed newest first across pages; a long body is cut to 2000 characters")
    void listing() {
        CredentialMetadata m = sentera();
        for (int code : new int[] {200, 500, 401, 403, 200}) {
            kit().clock.advance(Duration.ofSeconds(1));
            store().health().record(OWNER, m.id(), ProviderCall.status(code).withBody("x".repeat(3000)));
        }
        Page<ProviderCallRecord> first = store().health().calls(OWNER, m.id(), PageRequest.first(2));
        Page<ProviderCallRecord> second = store().health().calls(OWNER, m.id(), PageRequest.first(2).next(java.util.Objects.requireNonNull(first.nextCursor())));
        Page<ProviderCallRecord> third = store().health().calls(OWNER, m.id(), PageRequest.first(2).next(java.util.Objects.requireNonNull(second.nextCursor())));
        assertThat(first.items()).extracting(ProviderCallRecord::statusCode).containsExactly(200, 403);
        assertThat(second.items()).extracting(ProviderCallRecord::statusCode).containsExactly(401, 500);
        assertThat(third.items()).extracting(ProviderCallRecord::statusCode).containsExactly(200);
        assertThat(third.hasNext()).isFalse();
        assertThat(first.items().get(0).body()).hasSize(ProviderCall.MAX_BODY);
    }

    @Test
    @DisplayName("purging the credential removes its calls; retention removes old calls; audit entries stay")
    void purgeAndRetention() {
        CredentialMetadata a = sentera();
        CredentialMetadata b = store().create(OWNER, NewCredential.builder("github", "gh").secrets("accessToken", "t").build());
        store().health().record(OWNER, a.id(), ProviderCall.status(200));
        store().health().record(OWNER, b.id(), ProviderCall.status(200));
        store().purge(OWNER, a.id());
        assertThat(kit().backend.providerCalls().orElseThrow().calls(a.id(), 0, 10)).isEmpty();
        assertThat(store().journal().query(JournalQuery.of(OWNER).forCredential(a.id()), PageRequest.first(10)).items())
                .extracting(JournalEntry::type).contains("credential.created", "credential.purged");
        kit().clock.advance(Duration.ofDays(31));
        store().journal().purgeExpired();
        assertThat(store().health().calls(OWNER, b.id(), PageRequest.first(10)).items()).isEmpty();
    }

    @Test
    @DisplayName("a provider's mapping can be overridden")
    void customMapping() {
        Vault custom = kit().build(kit().builder(kit().backend).statusMapping("github",
                call -> Optional.of(call.statusCode() != null && call.statusCode() == 404
                        ? CredentialStatus.MISSING_PERMISSION : CredentialStatus.OK)));
        CredentialMetadata m = custom.create(OWNER, NewCredential.builder("github", "gh").secrets("accessToken", "t").build());
        assertThat(custom.health().record(OWNER, m.id(), ProviderCall.status(404)).status()).isEqualTo(CredentialStatus.MISSING_PERMISSION);
    }

    @Test
    @DisplayName("another owner's credential is not found; a bad status code is refused")
    void isolationAndValidation() {
        CredentialMetadata m = sentera();
        assertThatThrownBy(() -> store().health().record(OwnerId.of("intruder"), m.id(), ProviderCall.status(200)))
                .isInstanceOf(CredentialNotFoundException.class);
        assertThatThrownBy(() -> store().health().calls(OwnerId.of("intruder"), m.id(), PageRequest.first(5)))
                .isInstanceOf(CredentialNotFoundException.class);
        assertThatThrownBy(() -> ProviderCall.status(99)).hasMessageStartingWith("statusCode:");
    }

    @Test
    @DisplayName("provider calls move neither the version nor lastUpdated; lastCheckedAt and the failures in a row follow them")
    void checks_areVersionNeutral() {
        CredentialMetadata m = sentera();
        Instant t = m.dateCreated().plusSeconds(10);
        CredentialMetadata after503 = store().health().record(OWNER, m.id(), ProviderCall.status(503).at(t));
        assertThat(after503.status()).isEqualTo(CredentialStatus.TEMPORARILY_UNAVAILABLE);
        assertThat(after503.consecutiveFailures()).isEqualTo(1);
        assertThat(after503.lastCheckedAt()).isEqualTo(t);
        assertThat(store().health().record(OWNER, m.id(), ProviderCall.timeout().at(t.plusSeconds(1))).consecutiveFailures())
                .isEqualTo(2);
        CredentialMetadata unmapped = store().health().record(OWNER, m.id(), ProviderCall.status(404).at(t.plusSeconds(2)));
        assertThat(unmapped.consecutiveFailures()).as("an outcome that maps to no status counts as nothing").isEqualTo(2);
        assertThat(unmapped.lastCheckedAt()).isEqualTo(t.plusSeconds(2));
        assertThat(unmapped.version()).isEqualTo(m.version());
        assertThat(unmapped.lastUpdated()).isEqualTo(m.lastUpdated());

        // an update prepared against the version read before the calls still commits
        CredentialMetadata renamed = store().update(OWNER, m.id(), m.version(), CredentialUpdate.builder().name("renamed").build());
        assertThat(renamed.version()).isEqualTo(m.version() + 1);
        assertThat(renamed.status()).isEqualTo(CredentialStatus.TEMPORARILY_UNAVAILABLE);
        assertThat(renamed.consecutiveFailures()).isEqualTo(2);

        CredentialMetadata recovered = store().health().record(OWNER, m.id(), ProviderCall.status(200).at(t.plusSeconds(3)));
        assertThat(recovered.status()).isEqualTo(CredentialStatus.OK);
        assertThat(recovered.consecutiveFailures()).isZero();
        JournalEntry last = store().journal().query(JournalQuery.of(OWNER).ofTypes("credential.recovered"), PageRequest.first(5))
                .items().get(0);
        assertThat(last.details()).containsEntry("from", "TEMPORARILY_UNAVAILABLE").containsEntry("to", "OK")
                .containsEntry("failures", "2");
        assertThat(store().describe(OWNER, m.id())).isEqualTo(recovered);
    }

    @Test
    @DisplayName("new secrets set a credential that needed reconnecting back to NEVER_CHECKED; other edits keep the status")
    void newSecrets_resetReconnectStatus() {
        CredentialMetadata m = sentera();
        store().health().record(OWNER, m.id(), ProviderCall.status(401));
        CredentialMetadata described = store().update(OWNER, m.id(), 1, CredentialUpdate.builder().description("d").build());
        assertThat(described.status()).isEqualTo(CredentialStatus.UNAUTHENTICATED);
        CredentialMetadata reconnected = store().update(OWNER, m.id(), 2,
                CredentialUpdate.builder().secrets("accessToken", "ya29.new-access-token").build());
        assertThat(reconnected.status()).isEqualTo(CredentialStatus.NEVER_CHECKED);
        assertThat(reconnected.consecutiveFailures()).isZero();
        assertThat(kit().events(m.id()).get(kit().events(m.id()).size() - 1).details())
                .containsEntry("status", "UNAUTHENTICATED -> NEVER_CHECKED (new secrets)");
    }

    @Test
    @DisplayName("a status change committed while an update is being prepared is kept by the update")
    void concurrentStatusChange_keptByUpdate() {
        CredentialMetadata m = sentera();
        FaultyBackend faulty = new FaultyBackend(kit().backend);
        Vault updater = kit().open(faulty);
        faulty.beforeTransaction(n -> {
            if (n == 1) {
                store().health().record(OWNER, m.id(), ProviderCall.status(403));
            }
        });
        CredentialMetadata updated = updater.update(OWNER, m.id(), 1, CredentialUpdate.builder().name("moved").build());
        assertThat(updated.status()).isEqualTo(CredentialStatus.MISSING_PERMISSION);
        assertThat(store().describe(OWNER, m.id()).status()).isEqualTo(CredentialStatus.MISSING_PERMISSION);
        assertThat(store().describe(OWNER, m.id()).name()).isEqualTo("moved");
    }
}
