package io.credvault.jdbc;

/** The contract kit on MariaDB ({@code CREDVAULT_TEST_MARIADB_URL}). */
class MariaDbContractTest extends ServerContractTest {
    @Override
    String variable() {
        return TestDatabases.MARIADB;
    }
}
