package io.credvault.jdbc;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Three vaults opening an empty database at once through PgBouncer ({@code CREDVAULT_TEST_PGBOUNCER_URL}). */
class PgBouncerMigrationTest {
    @Test
    @DisplayName("three vaults, each its own pool through PgBouncer, open an empty database at once: one schema, one keyring")
    void threeVaultsRaceToMigrate() throws Exception {
        SchemaTest.threeVaultsOpenAtOnce(TestDatabases.PGBOUNCER);
    }
}
