package io.credvault.jdbc;

/** {@link ServerMoveTests} on PostgreSQL ({@code CREDVAULT_TEST_POSTGRES_URL}). */
class PostgresMoveTest extends ServerMoveTests {
    @Override
    String variable() {
        return TestDatabases.POSTGRES;
    }
}
