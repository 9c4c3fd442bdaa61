package io.credvault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.credvault.CredentialId;
import io.credvault.OwnerId;
import io.credvault.jdbc.internal.Dialect;
import io.credvault.spi.EventQuery;
import io.credvault.spi.JournalEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * On H2 the journal's owner and credential indexes lead with the block of {@link Queries#JOURNAL_BLOCK} sequence
 * numbers an entry falls in, then a 32-bit hash of the id: appends land in the newest block's few pages. A query by
 * owner or credential probes the id's hash in each block, in spans that double, and tells apart ids whose hashes
 * collide; its pages are those of a plain filter over the whole journal, in either direction, from any cursor.
 */
class JournalIndexTest {
    /** Two credential ids (and, as owners, two owner ids) with the same {@code ORA_HASH}; the test checks they collide. */
    private static final String COLLIDING_A = "C19133";
    private static final String COLLIDING_B = "C325252";

    @Test
    @DisplayName("a journal page by credential or by owner probes the id's hash in each block of the range, either direction")
    void journalPage_probesEachBlock() {
        ListPlanTest.onH2((backend, h) -> {
            for (boolean newestFirst : new boolean[] {false, true}) {
                for (long cursor : new long[] {0, 1_000}) {
                    EventQuery byCredential = new EventQuery(null, CredentialId.of("C1"), Set.of(), null, null, cursor, newestFirst, 50);
                    assertThat(plan(h, byCredential)).contains("CV_JOURNAL_CREDENTIAL_BLOCK:").contains("SEQ_BLOCK = B.X")
                            .contains("CREDENTIAL_KEY = ORA_HASH(?");
                    EventQuery byOwner = new EventQuery(OwnerId.of("o"), null, Set.of("credential.revealed"), null, null, cursor,
                            newestFirst, 50);
                    assertThat(plan(h, byOwner)).contains("CV_JOURNAL_OWNER_BLOCK:").contains("SEQ_BLOCK = B.X")
                            .contains("OWNER_KEY = ORA_HASH(?");
                }
            }
        });
    }

    @Test
    @DisplayName("pages by credential or owner over many blocks are those of a filter over the whole journal, either direction, from any cursor")
    void pagesOverManyBlocks_matchAFilterOfTheWholeJournal() {
        ListPlanTest.onH2((backend, h) -> {
            String mac = "0".repeat(64);
            Instant at = Instant.parse("2026-01-01T00:00:00Z");
            List<JournalEvent> all = new ArrayList<>();
            // 41 blocks: past the first three spans of a page (4 + 8 + 16 blocks), into the fourth
            long entries = 40 * Queries.JOURNAL_BLOCK + 7;
            for (long seq = 1; seq <= entries; seq++) {
                // a busy credential in every entry of three, one in every 97th, a sparse one at the two ends only
                String id = seq % 3 == 0 ? "busy" : seq % 97 == 0 ? "C" + seq % 5 : seq == 2 || seq == entries ? "sparse" : "x" + seq;
                String type = seq % 2 == 0 ? "credential.revealed" : "credential.updated";
                all.add(JournalEvent.of(at.plusMillis(seq), OwnerId.of("o" + seq % 4), CredentialId.of(id), type, null, Map.of())
                        .chained(seq, mac));
            }
            backend.useTransaction(tx -> tx.journal().appendAll(all));
            assertThat(h.createQuery("SELECT COUNT(*) FROM cv_journal WHERE seq_block <> seq / " + Queries.JOURNAL_BLOCK)
                    .mapTo(Long.class).one()).as("the blocks Queries reads are those the migration indexes").isZero();
            List<EventQuery> queries = new ArrayList<>();
            for (boolean newestFirst : new boolean[] {false, true}) {
                for (long cursor : new long[] {0, 1, 2, Queries.JOURNAL_BLOCK - 1, Queries.JOURNAL_BLOCK, 20_000, entries, entries + 5}) {
                    for (int limit : new int[] {1, 7, 600, 50_000}) {
                        for (String id : new String[] {"busy", "sparse", "C2", "absent"}) {
                            queries.add(new EventQuery(null, CredentialId.of(id), Set.of(), null, null, cursor, newestFirst, limit));
                        }
                        queries.add(new EventQuery(OwnerId.of("o1"), null, Set.of("credential.updated"), null, null, cursor, newestFirst,
                                limit));
                        queries.add(new EventQuery(OwnerId.of("o2"), CredentialId.of("busy"), Set.of(), at.plusMillis(5_000),
                                at.plusMillis(30_000), cursor, newestFirst, limit));
                    }
                }
            }
            for (EventQuery q : queries) {
                List<Long> expected = all.stream().filter(q::matches)
                        .sorted(q.newestFirst() ? Comparator.comparingLong(JournalEvent::seq).reversed() : Comparator.comparingLong(JournalEvent::seq))
                        .limit(q.limit()).map(JournalEvent::seq).toList();
                assertThat(backend.events(q)).as(q.toString()).extracting(JournalEvent::seq).containsExactlyElementsOf(expected);
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
        String sql = Queries.events("cv_", Dialect.H2, q, args);
        args.put("blockFrom", 0L);
        args.put("blockTo", 100L);
        String plan = ListPlanTest.explain(h, sql, args);
        System.out.println("[plan] " + plan.replace('\n', ' '));
        return plan.toUpperCase(Locale.ROOT);
    }
}
