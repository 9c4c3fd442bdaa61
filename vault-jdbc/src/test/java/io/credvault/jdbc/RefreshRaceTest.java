package io.credvault.jdbc;

import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Single-flight refresh against a real token endpoint, on an H2 file and in memory (one JVM: embedded H2 is one process). */
class RefreshRaceTest {
    @Test
    @DisplayName("8 threads read a 1-second access token on an H2 file: no invalid grant, one refresher call per rotation")
    void h2File(@TempDir Path dir) throws Exception {
        try (Vault vault = CredVault.builder().createIfEmpty(true).backend(JdbcBackend.h2File(dir.resolve("race")))
                .masterKey(MasterKey.of(RefreshRaceChild.MASTER)).refreshLeaseTtl(Duration.ofSeconds(2)).build()) {
            RefreshRaces.race("h2-file", vault, null);
        }
    }

    @Test
    @DisplayName("8 threads read a 1-second access token in memory: no invalid grant, one refresher call per rotation")
    void inMemory() throws Exception {
        try (Vault vault = CredVault.inMemory()) {
            RefreshRaces.race("in-memory", vault, null);
        }
    }
}
