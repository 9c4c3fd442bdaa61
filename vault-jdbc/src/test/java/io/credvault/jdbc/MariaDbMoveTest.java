package io.credvault.jdbc;

/** {@link ServerMoveTests} on MariaDB ({@code CREDVAULT_TEST_MARIADB_URL}). */
class MariaDbMoveTest extends ServerMoveTests {
    @Override
    String variable() {
        return TestDatabases.MARIADB;
    }
}
