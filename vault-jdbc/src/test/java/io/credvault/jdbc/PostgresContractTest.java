package io.credvault.jdbc;

/** The contract kit on PostgreSQL ({@code CREDVAULT_TEST_POSTGRES_URL}). */
class PostgresContractTest extends ServerContractTest {
    @Override
    String variable() {
        return TestDatabases.POSTGRES;
    }
}
