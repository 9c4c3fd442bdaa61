package io.credvault.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.credvault.CredentialId;
import io.credvault.OwnerId;
import io.credvault.spi.JournalEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The canonical bytes a journal entry's chain MAC covers: every field, unambiguously. */
class JournalEncodingTest {
    private static final Instant AT = Instant.parse("2026-01-15T10:00:00.000001Z");
    private static final OwnerId OWNER = OwnerId.of("tenant-1");
    private static final CredentialId ID = CredentialId.of("C0000000000000000000000001");

    private static JournalEvent event(long seq, Instant at, OwnerId owner, CredentialId id, String type, String actor,
                                      Map<String, String> details) {
        return new JournalEvent(seq, at, owner, id, type, actor, details, "");
    }

    private static JournalEvent base() {
        return event(7, AT, OWNER, ID, "credential.updated", "admin", Map.of("fields", "a,b"));
    }

    @Test
    @DisplayName("the same entry always encodes to the same bytes")
    void deterministic() {
        assertThat(JournaledBackend.canonical(base())).isEqualTo(JournaledBackend.canonical(base()));
    }

    @Test
    @DisplayName("a change to any field, by one microsecond or one character, changes the bytes")
    void everyFieldCovered() {
        byte[] b = JournaledBackend.canonical(base());
        List<JournalEvent> changed = List.of(
                event(8, AT, OWNER, ID, "credential.updated", "admin", Map.of("fields", "a,b")),
                event(7, AT.plusNanos(1000), OWNER, ID, "credential.updated", "admin", Map.of("fields", "a,b")),
                event(7, AT, OwnerId.of("tenant-2"), ID, "credential.updated", "admin", Map.of("fields", "a,b")),
                event(7, AT, OWNER, CredentialId.of("C0000000000000000000000002"), "credential.updated", "admin", Map.of("fields", "a,b")),
                event(7, AT, OWNER, ID, "credential.deleted", "admin", Map.of("fields", "a,b")),
                event(7, AT, OWNER, ID, "credential.updated", null, Map.of("fields", "a,b")),
                event(7, AT, OWNER, ID, "credential.updated", "admin", Map.of("fields", "a,c")),
                event(7, AT, OWNER, ID, "credential.updated", "admin", Map.of()));
        for (JournalEvent e : changed) {
            assertThat(JournaledBackend.canonical(e)).as(e.toString()).isNotEqualTo(b);
        }
    }

    @Test
    @DisplayName("no two different entries share an encoding by moving text between fields")
    void unambiguous() {
        assertThat(JournaledBackend.canonical(event(1, AT, OWNER, ID, "t", "x", Map.of("a", "bc"))))
                .isNotEqualTo(JournaledBackend.canonical(event(1, AT, OWNER, ID, "t", "x", Map.of("ab", "c"))));
        assertThat(JournaledBackend.canonical(event(1, AT, null, ID, "t", "x", Map.of())))
                .isNotEqualTo(JournaledBackend.canonical(event(1, AT, OWNER, null, "t", "x", Map.of())));
        assertThat(JournaledBackend.canonical(event(1, AT, OWNER, ID, "ab", "c", Map.of())))
                .isNotEqualTo(JournaledBackend.canonical(event(1, AT, OWNER, ID, "a", "bc", Map.of())));
    }
}
