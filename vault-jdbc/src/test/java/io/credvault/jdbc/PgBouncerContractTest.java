package io.credvault.jdbc;

/**
 * The contract kit through PgBouncer in transaction-pooling mode ({@code CREDVAULT_TEST_PGBOUNCER_URL}): every
 * transaction may run on another server connection, so nothing may rely on session state.
 */
class PgBouncerContractTest extends ServerContractTest {
    @Override
    String variable() {
        return TestDatabases.PGBOUNCER;
    }
}
