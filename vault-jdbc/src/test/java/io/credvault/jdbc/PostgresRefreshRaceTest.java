package io.credvault.jdbc;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Single-flight refresh across two JVMs on postgresql ({@code CREDVAULT_TEST_POSTGRES_URL}), and a holder killed mid-refresh. */
class PostgresRefreshRaceTest {
    @Test
    @DisplayName("2 JVMs x 8 threads read a 1-second access token: no invalid grant, one refresher call per rotation")
    void twoJvms() throws Exception {
        RefreshRaces.twoJvms(TestDatabases.POSTGRES, "postgresql");
    }

    @Test
    @DisplayName("a holder killed with SIGKILL mid-refresh leaves a lease that lapses; the credential still refreshes")
    void killedHolder() throws Exception {
        RefreshRaces.killedHolder(TestDatabases.POSTGRES);
    }
}
