package io.credvault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.credvault.CredentialId;
import io.credvault.OwnerId;
import io.credvault.jdbc.internal.Dialect;
import io.credvault.spi.EventQuery;
import io.credvault.spi.JournalEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * On H2 the journal's owner and credential indexes hold a 32-bit hash of the id (a random insert into an index of
 * short fixed-size keys costs H2 about half what one into an index of strings does): a query by owner or credential
 * walks the hashed index in sequence order, and ids whose hashes collide are still told apart.
 */
class JournalIndexTest {
    /** Two credential ids (and, as owners, two owner ids) with the same {@code ORA_HASH}; the test checks they collide. */
    private static final String COLLIDING_A = "C19133";
    private static final String COLLIDING_B = "C325252";

    @Test
    @DisplayName("a journal page by credential or by owner walks the hashed index in sequence order, either direction")
    void journalPage_walksTheHashedIndex() {
        ListPlanTest.onH2((backend, h) -> {
            for (boolean newestFirst : new boolean[] {false, true}) {
                for (long cursor : new long[] {0, 1_000}) {
                    EventQuery byCredential = new EventQuery(null, CredentialId.of("C1"), Set.of(), null, null, cursor, newestFirst, 50);
                    assertThat(plan(h, byCredential)).contains("CV_JOURNAL_CREDENTIAL_KEY").contains("INDEX SORTED");
                    EventQuery byOwner = new EventQuery(OwnerId.of("o"), null, Set.of("credential.revealed"), null, null, cursor,
                            newestFirst, 50);
                    assertThat(plan(h, byOwner)).contains("CV_JOURNAL_OWNER_KEY").contains("INDEX SORTED");
                }
            }
        });
    }

    @Test
    @DisplayName("entries of two credentials, and of two owners, whose ids hash alike are each found alone")
    void collidingHashes_areToldApart() {
        ListPlanTest.onH2((backend, h) -> {
            assertThat(h.createQuery("SELECT ORA_HASH(:a) = ORA_HASH(:b)").bind("a", COLLIDING_A).bind("b", COLLIDING_B)
                    .mapTo(Boolean.class).one()).as("the ids collide, or the test proves nothing").isTrue();
            Instant at = Instant.parse("2026-01-01T00:00:00Z");
            String mac = "0".repeat(64);
            backend.useTransaction(tx -> tx.journal().appendAll(List.of(
                    JournalEvent.of(at, OwnerId.of(COLLIDING_A), CredentialId.of(COLLIDING_A), "credential.created", null, Map.of())
                            .chained(1, mac),
                    JournalEvent.of(at, OwnerId.of(COLLIDING_B), CredentialId.of(COLLIDING_B), "credential.created", null, Map.of())
                            .chained(2, mac))));
            for (String id : new String[] {COLLIDING_A, COLLIDING_B}) {
                assertThat(backend.events(EventQuery.of(CredentialId.of(id), 10))).extracting(JournalEvent::credentialId)
                        .containsExactly(CredentialId.of(id));
                assertThat(backend.events(new EventQuery(OwnerId.of(id), null, Set.of(), null, null, 0, true, 10)))
                        .extracting(JournalEvent::owner).containsExactly(OwnerId.of(id));
            }
        });
    }

    private static String plan(Handle h, EventQuery q) {
        Map<String, Object> args = new LinkedHashMap<>();
        String plan = ListPlanTest.explain(h, Queries.events("cv_", Dialect.H2, q, args), args);
        System.out.println("[plan] " + plan.replace('\n', ' '));
        return plan.toUpperCase(Locale.ROOT);
    }
}
