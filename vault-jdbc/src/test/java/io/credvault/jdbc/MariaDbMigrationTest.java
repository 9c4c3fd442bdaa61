package io.credvault.jdbc;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Schema creation on MariaDB ({@code CREDVAULT_TEST_MARIADB_URL}). */
class MariaDbMigrationTest {
    @Test
    @DisplayName("instances starting at once on an empty database all open one schema")
    void concurrentFirstStart() throws Exception {
        SchemaTest.concurrentFirstStart(TestDatabases.MARIADB);
    }

    @Test
    @DisplayName("three vaults open an empty database at once: one schema, one keyring, each reads the others' writes")
    void threeVaultsAtOnce() throws Exception {
        SchemaTest.threeVaultsOpenAtOnce(TestDatabases.MARIADB);
    }

    @Test
    @DisplayName("a vault with data on a release 0.1 database upgrades in place")
    void upgradeWithData() throws Exception {
        try (var pool = TestDatabases.pool(TestDatabases.MARIADB)) {
            SchemaTest.upgradeWithData(pool, "up_");
        }
    }
}
