package io.credvault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.RewrapOptions;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How the credentials table is laid out on PostgreSQL ({@code CREDVAULT_TEST_POSTGRES_URL}), and what that buys. */
class PostgresStorageTest {
    private static final String PREFIX = "hot_";
    private static HikariDataSource pool;

    @BeforeAll
    static void connect() {
        pool = TestDatabases.emptied(TestDatabases.POSTGRES, PREFIX);
    }

    @AfterAll
    static void disconnect() {
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    @DisplayName("a rewrap rewrites every credential on its own page: no row version moves, so no index gains an entry")
    void rewrap_staysOnThePage() {
        try (Vault vault = CredVault.builder().createIfEmpty(true).backend(JdbcBackend.builder(pool).tablePrefix(PREFIX).build())
                .masterKey(MasterKey.of(new byte[32])).build()) {
            for (int i = 0; i < 600; i++) {
                vault.create(OwnerId.of("owner-" + (i % 7)), NewCredential.builder("generic", "c" + i).secrets("token", "t" + i).build());
            }
            Map<String, String> before = pages();
            vault.keys().rotate();
            assertThat(vault.keys().rewrap(RewrapOptions.builder().batchSize(200).build()).rewrapped()).isEqualTo(600);
            Map<String, String> after = pages();
            assertThat(after.keySet()).isEqualTo(before.keySet());
            assertThat(before.keySet().stream().filter(id -> !before.get(id).equals(after.get(id))).count())
                    .as("credentials whose new row version went to another page").isZero();
        }
    }

    @Test
    @DisplayName("the expiry indexes hold only expiring credentials, and the expiry pages can still use them")
    void expiryIndexes_partialAndUsed() {
        try (Handle h = Jdbi.create(pool).open()) {
            List<String> defs = h.createQuery("SELECT indexdef FROM pg_indexes WHERE indexname IN ('hot_credentials_expiry', "
                    + "'hot_credentials_owner_expiry')").mapTo(String.class).list();
            assertThat(defs).hasSize(2).allSatisfy(d -> assertThat(d).endsWith("WHERE (next_expiry IS NOT NULL)"));
            Columns.register(h);
            h.execute("SET enable_seqscan = off"); // the table is small: make the planner show which index it can use
            for (OwnerId owner : new OwnerId[] {null, OwnerId.of("o")}) {
                Map<String, Object> args = new LinkedHashMap<>();
                String sql = Queries.expiring(PREFIX + "credentials", owner, Instant.parse("2030-01-01T00:00:00Z"), null, 51, args);
                String plan = String.join("\n", h.createQuery("EXPLAIN " + sql).bindMap(args).mapTo(String.class).list());
                // the partial indexes can serve the query (which of the two the planner picks, and whether through a bitmap
                // ("Bitmap Index Scan on i") or directly ("Index Scan using i"), depends on the table's statistics)
                assertThat(plan).containsPattern("Index (Only )?Scan (on|using) hot_credentials_(owner_)?expiry")
                        .doesNotContain("Seq Scan");
            }
            h.execute("RESET enable_seqscan");
        }
    }

    /** Each credential's heap page. */
    private static Map<String, String> pages() {
        try (Handle h = Jdbi.create(pool).open()) {
            Map<String, String> out = new LinkedHashMap<>();
            h.createQuery("SELECT id, (ctid::text::point)[0]::bigint AS page FROM hot_credentials ORDER BY id")
                    .map((rs, ctx) -> out.put(rs.getString(1), rs.getString(2))).list();
            return out;
        }
    }
}
