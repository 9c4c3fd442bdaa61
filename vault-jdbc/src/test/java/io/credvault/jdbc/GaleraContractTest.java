package io.credvault.jdbc;

/**
 * The contract kit on a three-node MariaDB Galera cluster, its connections spread over the nodes
 * ({@code CREDVAULT_TEST_GALERA_URL}, a {@code loadbalance} URL): conflicts show at commit, as certification failures.
 */
class GaleraContractTest extends ServerContractTest {
    @Override
    String variable() {
        return TestDatabases.GALERA;
    }
}
