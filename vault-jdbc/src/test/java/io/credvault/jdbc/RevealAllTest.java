package io.credvault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.credvault.CredentialId;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RevealAllTest {
    @Test
    @DisplayName("revealAll of 50 credentials reads them in one statement, where 50 reveals take 50")
    void oneRoundTrip() {
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:reveal-all-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        FailingDataSource ds = new FailingDataSource(pool);
        OwnerId owner = OwnerId.of("o");
        try (Vault v = CredVault.builder().createIfEmpty(true).backend(JdbcBackend.builder(ds).build()).masterKey(MasterKey.generate())
                .revealFlushInterval(Duration.ofMinutes(1)).build()) {
            List<CredentialId> ids = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ids.add(v.create(owner, NewCredential.builder("generic", "c" + i).secrets("secret", "s" + i).build()).id());
            }
            ds.failAt(Integer.MAX_VALUE); // counts statements from here
            assertThat(v.revealAll(owner, ids)).hasSize(50);
            assertThat(ds.seen()).isEqualTo(1);
            ds.failAt(Integer.MAX_VALUE);
            ids.forEach(id -> v.reveal(owner, id));
            assertThat(ds.seen()).isEqualTo(50);
            ds.disarm();
        } finally {
            pool.dispose();
        }
    }
}
