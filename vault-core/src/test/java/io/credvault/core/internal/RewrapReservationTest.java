package io.credvault.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.RewrapOptions;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import io.credvault.memory.InMemoryBackend;
import io.credvault.spi.ForwardingBackend;
import io.credvault.spi.VaultBackend.TransactionWork;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A rewrap reserves the encryptions it is about to make ahead, not one configured block at a time: every reservation
 * is a transaction of its own, and on an embedded H2 database it waits for the rewrap's own write of the batch before.
 */
class RewrapReservationTest {
    @Test
    @DisplayName("a rewrap of 3,000 credentials with blocks of 100 reserves once, not 30 times")
    void rewrap_reservesAhead() {
        AtomicInteger transactions = new AtomicInteger();
        ForwardingBackend counting = new ForwardingBackend(new InMemoryBackend()) {
            @Override
            public <T> T inTransaction(TransactionWork<T> work) {
                transactions.incrementAndGet();
                return super.inTransaction(work);
            }
        };
        try (Vault v = CredVault.builder().createIfEmpty(true).backend(counting).masterKey(MasterKey.of(new byte[32]))
                .reservationBlock(100).build()) {
            for (int i = 0; i < 3000; i++) {
                v.create(OwnerId.of("o" + i % 10), NewCredential.builder("generic", "c" + i).secrets("k", "v" + i).build());
            }
            v.keys().rotate();
            transactions.set(0);
            assertThat(v.keys().rewrap(RewrapOptions.builder().batchSize(1000).build()).rewrapped()).isEqualTo(3000);
            // started, three batches, finished, and one reservation
            assertThat(transactions.get()).isEqualTo(6);
            // the stored count is what was reserved; once the vault gives back what it did not use, what was made
            v.close();
        }
        try (Vault v = CredVault.builder().backend(counting).masterKey(MasterKey.of(new byte[32])).build()) {
            assertThat(v.keys().usage().keys().stream().filter(k -> k.version() == 2).findFirst().orElseThrow().encryptions())
                    .isEqualTo(3000);
        }
    }
}
