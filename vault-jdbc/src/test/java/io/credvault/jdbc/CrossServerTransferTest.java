package io.credvault.jdbc;

import io.credvault.testkit.CopyScenario;
import io.credvault.testkit.TransferScenario;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** PostgreSQL and MariaDB, each way: export and import, and a copy (needs both server variables). */
class CrossServerTransferTest {
    @Test
    @DisplayName("PostgreSQL to MariaDB and MariaDB to PostgreSQL: export/import round trips and copies")
    void eachWay() {
        try (var pg = TestDatabases.pool(TestDatabases.POSTGRES); var maria = TestDatabases.pool(TestDatabases.MARIADB)) {
            for (String prefix : new String[] {"xs_", "xt_"}) {
                TestDatabases.emptySchema(pg, prefix);
                TestDatabases.emptySchema(maria, prefix);
            }
            try (JdbcBackend p = JdbcBackend.builder(pg).tablePrefix("xs_").build(); JdbcBackend m = JdbcBackend.builder(maria).tablePrefix("xs_").build()) {
                TransferScenario.roundTrip(p, m);
            }
            try (JdbcBackend m = JdbcBackend.builder(maria).tablePrefix("xt_").build(); JdbcBackend p = JdbcBackend.builder(pg).tablePrefix("xt_").build()) {
                TransferScenario.roundTrip(m, p);
            }
            for (String prefix : new String[] {"xs_", "xt_"}) {
                TestDatabases.wipe(pg, prefix);
                TestDatabases.wipe(maria, prefix);
            }
            try (JdbcBackend p = JdbcBackend.builder(pg).tablePrefix("xs_").build(); JdbcBackend m = JdbcBackend.builder(maria).tablePrefix("xs_").build()) {
                CopyScenario.run(p, m, 50);
            }
            try (JdbcBackend m = JdbcBackend.builder(maria).tablePrefix("xt_").build(); JdbcBackend p = JdbcBackend.builder(pg).tablePrefix("xt_").build()) {
                CopyScenario.run(m, p, 50);
            }
        }
    }
}
