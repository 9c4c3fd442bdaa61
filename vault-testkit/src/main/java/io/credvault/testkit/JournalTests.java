package io.credvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.ConflictException;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialStatus;
import io.credvault.CredentialUpdate;
import io.credvault.JournalEntry;
import io.credvault.JournalQuery;
import io.credvault.JournalVerification;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.Page;
import io.credvault.PageRequest;
import io.credvault.RevealAudit;
import io.credvault.StorageException;
import io.credvault.Vault;
import io.credvault.spi.EventQuery;
import io.credvault.spi.JournalEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The event journal: atomicity, queries, retention, the HMAC chain, listeners. Part of the contract kit. */
abstract class JournalTests {
    private static final OwnerId OWNER = OwnerId.of("journal-owner");
    private static final String SECRET = "s3cr3t-journal-value";

    abstract CredentialStoreContract kit();

    private Vault store() {
        return kit().store;
    }

    private CredentialMetadata create(String name) {
        return store().create(OWNER, NewCredential.builder("generic", name).secrets("token", SECRET).build());
    }

    private List<JournalEntry> all(JournalQuery q) {
        List<JournalEntry> out = new ArrayList<>();
        PageRequest req = PageRequest.first(3);
        while (true) {
            Page<JournalEntry> p = store().journal().query(q, req);
            out.addAll(p.items());
            if (!p.hasNext()) {
                return out;
            }
            req = req.next(java.util.Objects.requireNonNull(p.nextCursor()));
        }
    }

    private List<JournalEvent> rows() {
        return kit().backend.events(EventQuery.all(100_000));
    }

    @Test
    @DisplayName("every change of a credential writes its entry, in order, with no secret material")
    void everyChange_isJournaled() {
        CredentialMetadata m = create("a");
        store().update(OWNER, m.id(), 1, CredentialUpdate.builder().secrets("token", SECRET + "2").build());
        store().reveal(OWNER, m.id());
        store().journal().flush();
        store().setStatus(OWNER, m.id(), CredentialStatus.OK);
        store().delete(OWNER, m.id());
        store().restore(OWNER, m.id());
        store().purge(OWNER, m.id());
        List<JournalEntry> entries = all(JournalQuery.of(OWNER).forCredential(m.id()));
        assertThat(entries).extracting(JournalEntry::type).containsExactly("credential.created", "credential.updated",
                "credential.revealed", "credential.status_changed", "credential.deleted", "credential.restored", "credential.purged");
        assertThat(entries).allSatisfy(e -> assertThat(e.toString()).doesNotContain(SECRET));
        assertThat(entries.get(1).details()).containsEntry("secretChanged", "true");
    }

    @Test
    @DisplayName("a failed change leaves no entry; a committed change always has its entry")
    void atomicity() {
        CredentialMetadata m = create("a");
        long before = rows().size();
        assertThatThrownBy(() -> store().update(OWNER, m.id(), 7, CredentialUpdate.builder().name("x").build()))
                .isInstanceOf(ConflictException.class);
        FaultyBackend faulty = new FaultyBackend(kit().backend);
        Vault failing = kit().open(faulty);
        faulty.failTransaction(1);
        assertThatThrownBy(() -> failing.update(OWNER, m.id(), 1, CredentialUpdate.builder().name("y").build()))
                .isInstanceOf(StorageException.class);
        assertThat(rows()).hasSize((int) before);
        assertThat(store().describe(OWNER, m.id()).name()).isEqualTo("a");
        store().update(OWNER, m.id(), 1, CredentialUpdate.builder().name("z").build());
        assertThat(rows()).hasSize((int) before + 1);
    }

    @Test
    @DisplayName("query by owner, credential, type and time range, oldest or newest first, across pages")
    void query() {
        CredentialMetadata a = create("a");
        kit().clock.advance(Duration.ofMinutes(1));
        Instant middle = kit().clock.instant();
        CredentialMetadata b = create("b");
        store().setStatus(OWNER, b.id(), CredentialStatus.OK);
        kit().clock.advance(Duration.ofMinutes(1));
        store().delete(OWNER, a.id());
        store().create(OwnerId.of("someone-else"), NewCredential.builder("generic", "x").secrets("k", "v").build());

        assertThat(all(JournalQuery.of(OWNER))).extracting(JournalEntry::type)
                .containsExactly("credential.created", "credential.created", "credential.status_changed", "credential.deleted");
        assertThat(all(JournalQuery.of(OWNER).latestFirst())).extracting(JournalEntry::type)
                .containsExactly("credential.deleted", "credential.status_changed", "credential.created", "credential.created");
        assertThat(all(JournalQuery.of(OWNER).forCredential(b.id()))).hasSize(2);
        assertThat(all(JournalQuery.of(OWNER).ofTypes("credential.created"))).extracting(JournalEntry::credentialId)
                .containsExactly(a.id(), b.id());
        assertThat(all(JournalQuery.of(OWNER).between(middle, middle.plus(Duration.ofMinutes(1))))).extracting(JournalEntry::type)
                .containsExactly("credential.created", "credential.status_changed");
        List<JournalEntry> everything = all(JournalQuery.all());
        assertThat(everything).extracting(JournalEntry::seq).isSorted().doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("the chain verifies intact, and names the first broken link for an edited, a deleted and a swapped row")
    void chainVerification() {
        CredentialMetadata m = create("a");
        for (int i = 0; i < 4; i++) {
            store().update(OWNER, m.id(), i + 1, CredentialUpdate.builder().description("d" + i).build());
        }
        JournalVerification ok = store().journal().verify();
        assertThat(ok.intact()).isTrue();
        assertThat(ok.checked()).isEqualTo(rows().size());
        List<JournalEvent> rows = rows();
        JournalEvent third = rows.get(2);

        // edited: a detail changed, MAC kept
        java.util.Map<String, String> details = new java.util.TreeMap<>(third.details());
        details.put("metadata", "name");
        kit().rewriteJournalRow(third.seq(), new JournalEvent(third.seq(), third.at(), third.owner(), third.credentialId(),
                third.type(), third.actor(), details, third.mac()));
        assertThat(store().journal().verify()).satisfies(v -> {
            assertThat(v.intact()).isFalse();
            assertThat(v.firstBrokenSeq()).isEqualTo(third.seq());
            assertThat(v.reason()).contains("altered");
        });
        kit().rewriteJournalRow(third.seq(), third);
        assertThat(store().journal().verify().intact()).isTrue();

        // deleted
        kit().rewriteJournalRow(third.seq(), null);
        assertThat(store().journal().verify()).satisfies(v -> {
            assertThat(v.intact()).isFalse();
            assertThat(v.firstBrokenSeq()).isEqualTo(third.seq());
        });
        kit().rewriteJournalRow(third.seq(), third);

        // swapped: two rows exchange places (each keeps the other's MAC)
        JournalEvent fourth = rows.get(3);
        kit().rewriteJournalRow(third.seq(), fourth.chained(third.seq(), fourth.mac()));
        kit().rewriteJournalRow(fourth.seq(), third.chained(fourth.seq(), third.mac()));
        assertThat(store().journal().verify().firstBrokenSeq()).isEqualTo(third.seq());
        kit().rewriteJournalRow(third.seq(), third);
        kit().rewriteJournalRow(fourth.seq(), fourth);

        // tail removed
        JournalEvent last = rows.get(rows.size() - 1);
        kit().rewriteJournalRow(last.seq(), null);
        assertThat(store().journal().verify()).satisfies(v -> {
            assertThat(v.intact()).isFalse();
            assertThat(v.reason()).contains("missing");
        });
        kit().rewriteJournalRow(last.seq(), last);
        assertThat(store().journal().verify().intact()).isTrue();
    }

    @Test
    @DisplayName("retention deletes entries older than the cutoff, keeps the boundary, and leaves the rest verifiable")
    void retention() {
        CredentialMetadata m = create("old");
        kit().clock.advance(Duration.ofDays(31));
        Instant boundary = kit().clock.instant();
        store().update(OWNER, m.id(), 1, CredentialUpdate.builder().name("at-boundary").build());
        kit().clock.advance(Duration.ofDays(1));
        store().update(OWNER, m.id(), 2, CredentialUpdate.builder().name("new").build());
        long keyringEntries = rows().stream().filter(e -> e.at().isBefore(boundary)).count();

        long purged = store().journal().purgeBefore(boundary);
        assertThat(purged).isEqualTo(keyringEntries);
        assertThat(rows()).extracting(JournalEvent::type).startsWith("credential.updated", "credential.updated")
                .endsWith("journal.purged");
        assertThat(rows().get(0).at()).isEqualTo(boundary);
        assertThat(store().journal().verify().intact()).isTrue();
        assertThat(store().journal().purgeBefore(boundary)).isZero();

        kit().clock.advance(Duration.ofDays(40));
        assertThat(store().journal().purgeExpired()).isEqualTo(3); // both updates and the first journal.purged
        assertThat(store().journal().verify().intact()).isTrue();
    }

    @Test
    @DisplayName("listeners get committed entries only, after commit")
    void listeners() throws Exception {
        List<JournalEntry> heard = new CopyOnWriteArrayList<>();
        CredentialMetadata m = create("a");
        try (AutoCloseable sub = store().journal().subscribe(heard::add)) {
            store().update(OWNER, m.id(), 1, CredentialUpdate.builder().name("b").build());
            assertThatThrownBy(() -> store().update(OWNER, m.id(), 1, CredentialUpdate.builder().name("c").build()))
                    .isInstanceOf(ConflictException.class);
        }
        store().delete(OWNER, m.id());
        assertThat(heard).extracting(JournalEntry::type).containsExactly("credential.updated");
        assertThat(heard.get(0).seq()).isPositive();
    }

    @Test
    @DisplayName("an actor view stamps its entries with the actor")
    void actor() {
        Vault alice = store().withActor("admin:alice");
        CredentialMetadata m = alice.create(OWNER, NewCredential.builder("generic", "a").secrets("k", "v").build());
        store().delete(OWNER, m.id());
        assertThat(all(JournalQuery.of(OWNER))).extracting(JournalEntry::actor).containsExactly("admin:alice", null);
    }

    @Test
    @DisplayName("an actor view stamps every entry it causes with the actor: API keys and provider calls too")
    void actor_coversServices() {
        Vault alice = store().withActor("admin:alice");
        CredentialMetadata m = alice.create(OWNER, NewCredential.builder("generic", "svc").secrets("k", "v").build());
        alice.apiKeys().create(OWNER);
        alice.health().record(OWNER, m.id(), io.credvault.ProviderCall.status(401));
        assertThat(all(JournalQuery.of(OWNER))).extracting(JournalEntry::type, JournalEntry::actor).contains(
                org.assertj.core.groups.Tuple.tuple("apikey.created", "admin:alice"),
                org.assertj.core.groups.Tuple.tuple("credential.status_changed", "admin:alice"));
    }

    @Test
    @DisplayName("reveals: strict writes one entry per reveal; write-behind tallies a credential's reveals into one entry per flush")
    void revealAudit() {
        CredentialMetadata m = create("a");
        Vault strict = kit().build(kit().builder(kit().backend).revealAudit(RevealAudit.STRICT));
        strict.reveal(OWNER, m.id());
        assertThat(all(JournalQuery.of(OWNER).ofTypes("credential.revealed"))).hasSize(1);
        // over a wrapper that does not close the shared backend, so this vault can be closed on its own
        Vault behind = kit().builder(new FaultyBackend(kit().backend)).revealFlushInterval(Duration.ofMinutes(1)).build();
        for (int i = 0; i < 3; i++) {
            kit().clock.advance(Duration.ofMillis(10));
            behind.reveal(OWNER, m.id());
        }
        assertThat(all(JournalQuery.of(OWNER).ofTypes("credential.revealed"))).hasSize(1);
        behind.journal().flush();
        List<JournalEntry> reveals = all(JournalQuery.of(OWNER).ofTypes("credential.revealed"));
        assertThat(reveals).hasSize(2);
        assertThat(reveals.get(0).details()).containsEntry("count", "1");
        assertThat(reveals.get(1).details()).containsEntry("count", "3").containsKey("firstAt");
        assertThat(reveals.get(1).at()).isEqualTo(kit().clock.instant());
        behind.reveal(OWNER, m.id());
        behind.close();
        assertThat(all(JournalQuery.of(OWNER).ofTypes("credential.revealed")))
                .extracting(e -> Long.parseLong(e.details().get("count"))).containsExactly(1L, 3L, 1L);
        assertThat(store().journal().verify().intact()).isTrue();
    }

    @Test
    @DisplayName("write-behind keeps one tally per actor and per set of revealed fields")
    void revealAudit_talliesByActorAndFields() {
        CredentialMetadata m = create("tallies");
        Vault behind = kit().builder(new FaultyBackend(kit().backend)).revealFlushInterval(Duration.ofMinutes(1)).build();
        behind.reveal(OWNER, m.id());
        behind.withActor("svc:a").reveal(OWNER, m.id());
        behind.withActor("svc:a").reveal(OWNER, m.id());
        behind.update(OWNER, m.id(), m.version(), CredentialUpdate.builder().secrets("extra", "x").build());
        behind.reveal(OWNER, m.id());
        behind.journal().flush();
        assertThat(all(JournalQuery.of(OWNER).ofTypes("credential.revealed")))
                .extracting(e -> "svc:a".equals(e.actor()), e -> e.details().get("fields"), e -> e.details().get("count"))
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(false, "token", "1"),
                        org.assertj.core.groups.Tuple.tuple(true, "token", "2"),
                        org.assertj.core.groups.Tuple.tuple(false, "extra,token", "1"));
        behind.close();
    }

    @Test
    @DisplayName("a journal cursor that is not one is refused naming 'cursor'")
    void badCursor() {
        assertThatThrownBy(() -> store().journal().query(JournalQuery.all(), new PageRequest("abc", 5)))
                .hasMessageStartingWith("cursor:");
    }
}
