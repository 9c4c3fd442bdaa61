package io.credvault.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.credvault.JournalVerification;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import io.credvault.memory.InMemoryBackend;
import io.credvault.spi.EventQuery;
import io.credvault.spi.ForwardingBackend;
import io.credvault.spi.JournalEvent;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Verify reads the head and the entries in separate statements; on a database a commit can show in one before
 * the other. A journal whose tail shows late is intact; one whose tail stays missing is not.
 */
class JournalVerifyConcurrencyTest {
    /** Hides journal entries above a sequence number from the next {@code reads} entry reads. */
    static final class LaggingBackend extends ForwardingBackend {
        volatile long hideAbove;
        volatile int reads;

        LaggingBackend() {
            super(new InMemoryBackend());
        }

        @Override
        public List<JournalEvent> events(EventQuery q) {
            List<JournalEvent> all = super.events(q);
            if (reads > 0) {
                reads--;
                return all.stream().filter(e -> e.seq() <= hideAbove).toList();
            }
            return all;
        }
    }

    private static Vault vault(LaggingBackend backend) {
        Vault v = CredVault.builder().createIfEmpty(true).backend(backend).masterKey(MasterKey.of(new byte[32])).build();
        for (int i = 0; i < 5; i++) {
            v.create(OwnerId.of("o"), NewCredential.builder("generic", "c" + i).secrets("k", "v").build());
        }
        return v;
    }

    private static long head(LaggingBackend b) {
        return b.events(new EventQuery(null, null, java.util.Set.of(), null, null, 0, true, 1)).get(0).seq();
    }

    @Test
    @DisplayName("a head read that shows a commit whose entries the walk had not yet seen is not a missing tail")
    void tailShowingLate_isIntact() {
        LaggingBackend b = new LaggingBackend();
        try (Vault v = vault(b)) {
            b.hideAbove = head(b) - 2;
            b.reads = 1;
            JournalVerification j = v.journal().verify();
            assertThat(j.intact()).as(j.toString()).isTrue();
        }
    }

    @Test
    @DisplayName("a tail that stays missing behind the authenticated head is reported after the re-reads")
    void tailStayingMissing_isReported() {
        LaggingBackend b = new LaggingBackend();
        try (Vault v = vault(b)) {
            long head = head(b);
            b.hideAbove = head - 2;
            b.reads = 1000;
            JournalVerification j = v.journal().verify();
            assertThat(j.intact()).isFalse();
            assertThat(j.reason()).contains("missing").contains(String.valueOf(head));
        }
    }
}
