package io.credvault.jdbc;

import io.credvault.spi.VaultBackend;
import io.credvault.testkit.CredentialStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC backend on an H2 file passes the contract kit unchanged; a new file for each test. */
class H2FileContractTest extends CredentialStoreContract {
    @TempDir
    Path dir;
    private int n;

    @Override
    protected VaultBackend newBackend() {
        return JdbcBackend.h2File(dir.resolve("vault-" + n++));
    }
}
