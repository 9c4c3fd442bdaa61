package io.credvault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.credvault.CredentialId;
import io.credvault.CredentialStatus;
import io.credvault.ListFilter;
import io.credvault.OwnerId;
import io.credvault.spi.ExpiryPosition;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A keyset page walks the (owner_id, id) index from the cursor on H2: no sort of the owner's rows. */
class ListPlanTest {
    @Test
    @DisplayName("every filter combination's page plan uses the owner index and needs no sort")
    void listPage_walksTheOwnerIndex() {
        onH2((backend, h) -> {
            List<ListFilter> filters = List.of(ListFilter.active(), ListFilter.all(), ListFilter.active().withProvider("github"),
                    ListFilter.all().withDeletion(ListFilter.Deletion.DELETED).withCategory("ci").withStatus(CredentialStatus.OK)
                            .withNamePrefix("prod"));
            for (ListFilter filter : filters) {
                for (CredentialId after : new CredentialId[] {null, CredentialId.of("C0000000000000000000000000")}) {
                    Map<String, Object> args = new LinkedHashMap<>();
                    String sql = backend.listSql(OwnerId.of("o"), filter, after, 51, args);
                    String plan = explain(h, sql, args);
                    System.out.println("[plan] " + plan.replace('\n', ' '));
                    assertThat(plan.toUpperCase(Locale.ROOT)).contains("CV_CREDENTIALS_OWNER").contains("INDEX SORTED");
                }
            }
        });
    }

    @Test
    @DisplayName("an expiry page, of one owner or of all, walks its expiry index from the cursor and needs no sort")
    void expiringPage_walksTheExpiryIndex() {
        onH2((backend, h) -> {
            Instant before = Instant.parse("2030-01-01T00:00:00Z");
            for (OwnerId owner : new OwnerId[] {null, OwnerId.of("o")}) {
                for (ExpiryPosition after : new ExpiryPosition[] {null,
                        new ExpiryPosition(Instant.parse("2029-01-01T00:00:00Z"), CredentialId.of("C0000000000000000000000000"))}) {
                    Map<String, Object> args = new LinkedHashMap<>();
                    String plan = explain(h, Queries.expiring("cv_credentials", owner, before, after, 51, args), args);
                    System.out.println("[plan] " + plan.replace('\n', ' '));
                    assertThat(plan.toUpperCase(Locale.ROOT))
                            .contains(owner == null ? "CV_CREDENTIALS_EXPIRY" : "CV_CREDENTIALS_OWNER_EXPIRY").contains("INDEX SORTED");
                    if (after != null) {
                        assertThat(plan.toUpperCase(Locale.ROOT)).as("the walk starts at the cursor").containsPattern(
                                "CV_CREDENTIALS_(OWNER_)?EXPIRY: [^*]*NEXT_EXPIRY >= \\?");
                    }
                }
            }
        });
    }

    /** Runs {@code test} with a new in-memory H2 backend and a handle on its database, the column mappers registered. */
    static void onH2(BiConsumer<JdbcBackend, Handle> test) {
        String name = "plan-" + UUID.randomUUID();
        try (JdbcBackend backend = JdbcBackend.h2Memory(name);
             Handle h = Jdbi.create("jdbc:h2:mem:" + name, "sa", "").open()) {
            Columns.register(h);
            test.accept(backend, h);
        }
    }

    static String explain(Handle h, String sql, Map<String, Object> args) {
        return h.createQuery("EXPLAIN " + sql).bindMap(args).mapTo(String.class).one();
    }
}
