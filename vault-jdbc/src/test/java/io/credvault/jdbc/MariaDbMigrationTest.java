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
}
