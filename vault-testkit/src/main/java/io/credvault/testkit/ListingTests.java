package io.credvault.testkit;

import static io.credvault.testkit.CredentialStoreContract.ALICE;
import static io.credvault.testkit.CredentialStoreContract.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialStatus;
import io.credvault.ListFilter;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.Page;
import io.credvault.PageRequest;
import io.credvault.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The contract kit's "list" group; joined to {@link CredentialStoreContract} by a nested class. */
abstract class ListingTests {
    abstract CredentialStoreContract kit();

    @Test
    @DisplayName("lists only the owner's active credentials, in creation order, metadata only")
    void list_ownerActive() {
        CredentialMetadata a = kit().github(ALICE, "a");
        kit().clock.advance(Duration.ofMillis(1));
        CredentialMetadata b = kit().github(ALICE, "b");
        kit().clock.advance(Duration.ofMillis(1));
        CredentialMetadata c = kit().github(ALICE, "c");
        kit().github(BOB, "bob's");
        kit().store.delete(ALICE, b.id());
        Page<CredentialMetadata> p = kit().store.list(ALICE, ListFilter.active(), PageRequest.first(10));
        assertThat(p.items()).extracting(CredentialMetadata::id).containsExactly(a.id(), c.id());
        assertThat(p.hasNext()).isFalse();
        assertThat(kit().store.list(ALICE, ListFilter.active().withDeletion(ListFilter.Deletion.DELETED), PageRequest.first(10)).items())
                .extracting(CredentialMetadata::id).containsExactly(b.id());
        assertThat(kit().store.list(ALICE, ListFilter.all(), PageRequest.first(10)).items()).hasSize(3);
    }

    @Test
    @DisplayName("filters by provider, category, status and name prefix")
    void list_filters() {
        kit().github(ALICE, "prod-github");
        CredentialMetadata aws = kit().store.create(ALICE, NewCredential.builder("aws", "prod-aws").category("cloud")
                .secrets("accessKey", "AKIA", "secretKey", "s").build());
        CredentialMetadata dev = kit().github(ALICE, "dev-github");
        kit().store.setStatus(ALICE, dev.id(), CredentialStatus.OK);
        Function<ListFilter, List<String>> names = f -> kit().store.list(ALICE, f, PageRequest.first(100)).items().stream()
                .map(CredentialMetadata::name).toList();
        assertThat(names.apply(ListFilter.active().withProvider("aws"))).containsExactly("prod-aws");
        assertThat(names.apply(ListFilter.active().withCategory("cloud"))).containsExactly("prod-aws");
        assertThat(names.apply(ListFilter.active().withStatus(CredentialStatus.OK))).containsExactly("dev-github");
        assertThat(names.apply(ListFilter.active().withNamePrefix("prod-"))).containsExactlyInAnyOrder("prod-github", "prod-aws");
        assertThat(names.apply(ListFilter.active().withNamePrefix("prod-").withProvider("github"))).containsExactly("prod-github");
        assertThat(names.apply(ListFilter.active().withNamePrefix("%"))).isEmpty();
        assertThat(names.apply(ListFilter.active().withNamePrefix("prod_"))).isEmpty();
        assertThat(aws.category()).isEqualTo("cloud");
    }

    @Test
    @DisplayName("the operator's list walks every owner's credentials in id order, filtered, page by page")
    void listAllOwners_everyOwnerInIdOrder() {
        List<CredentialId> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(kit().github(i % 2 == 0 ? ALICE : BOB, "c" + i).id());
            kit().clock.advance(Duration.ofMillis(1));
        }
        kit().store.delete(BOB, created.get(3));
        List<CredentialId> seen = new ArrayList<>();
        String cursor = null;
        do {
            Page<CredentialMetadata> p = kit().store.listAllOwners(ListFilter.active(), new PageRequest(cursor, 2));
            assertThat(p.items()).hasSizeLessThanOrEqualTo(2);
            p.items().forEach(m -> seen.add(m.id()));
            cursor = p.nextCursor();
        } while (cursor != null);
        List<CredentialId> expected = new ArrayList<>(created);
        expected.remove(3);
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(kit().store.listAllOwners(ListFilter.all(), PageRequest.first(100)).items()).hasSize(7)
                .extracting(CredentialMetadata::owner).containsOnly(ALICE, BOB);
        assertThat(kit().store.listAllOwners(ListFilter.active().withDeletion(ListFilter.Deletion.DELETED), PageRequest.first(100))
                .items()).extracting(CredentialMetadata::id).containsExactly(created.get(3));
    }

    @Test
    @DisplayName("pages follow cursors to the end, each item once")
    void list_pages() {
        List<CredentialId> created = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            created.add(kit().github(ALICE, "c" + i).id());
            kit().clock.advance(Duration.ofMillis(1));
        }
        List<CredentialId> seen = walk(ALICE, 5, p -> { });
        assertThat(seen).containsExactlyElementsOf(created);
    }

    @Test
    @DisplayName("pagination stays correct while others insert and delete: survivors appear exactly once")
    void list_pagination_underConcurrentChanges() {
        List<CredentialId> initial = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            initial.add(kit().github(ALICE, "init-" + i).id());
            kit().clock.advance(Duration.ofMillis(1));
        }
        Set<CredentialId> deleted = new HashSet<>();
        int[] round = {0};
        List<CredentialId> seen = walk(ALICE, 7, page -> {
            int r = round[0]++;
            kit().github(ALICE, "added-" + r);
            kit().clock.advance(Duration.ofMillis(1));
            CredentialId victim = initial.get((r * 11 + 3) % initial.size());
            if (deleted.add(victim)) {
                kit().store.delete(ALICE, victim);
            }
        });
        assertThat(new HashSet<>(seen)).hasSameSizeAs(seen);
        for (CredentialId id : initial) {
            if (!deleted.contains(id)) {
                assertThat(seen).contains(id);
            }
        }
    }

    @Test
    @DisplayName("a malformed cursor or limit is refused with a validation error")
    void list_badPageRequest() {
        assertThat(((ValidationException) catchThrowable(() -> new PageRequest("x y", 10))).field()).isEqualTo("cursor");
        assertThat(((ValidationException) catchThrowable(() -> PageRequest.first(0))).field()).isEqualTo("limit");
        assertThat(((ValidationException) catchThrowable(() -> PageRequest.first(1001))).getMessage()).contains("1..1000");
    }

    private List<CredentialId> walk(OwnerId owner, int size, Consumer<Page<CredentialMetadata>> between) {
        List<CredentialId> seen = new ArrayList<>();
        PageRequest req = PageRequest.first(size);
        while (true) {
            Page<CredentialMetadata> p = kit().store.list(owner, ListFilter.active(), req);
            assertThat(p.items().size()).isLessThanOrEqualTo(size);
            p.items().forEach(m -> seen.add(m.id()));
            if (!p.hasNext()) {
                return seen;
            }
            between.accept(p);
            req = req.next(java.util.Objects.requireNonNull(p.nextCursor()));
        }
    }
}
