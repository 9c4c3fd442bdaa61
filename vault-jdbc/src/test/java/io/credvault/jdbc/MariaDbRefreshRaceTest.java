package io.credvault.jdbc;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Single-flight refresh across two JVMs on mariadb ({@code CREDVAULT_TEST_MARIADB_URL}), and a holder killed mid-refresh. */
class MariaDbRefreshRaceTest {
    @Test
    @DisplayName("2 JVMs x 8 threads read a 1-second access token: no invalid grant, one refresher call per rotation")
    void twoJvms() throws Exception {
        RefreshRaces.twoJvms(TestDatabases.MARIADB, "mariadb");
    }

    @Test
    @DisplayName("a holder killed with SIGKILL mid-refresh leaves a lease that lapses; the credential still refreshes")
    void killedHolder() throws Exception {
        RefreshRaces.killedHolder(TestDatabases.MARIADB);
    }
}
