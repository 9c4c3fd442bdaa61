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

    @Test
    @DisplayName("the encoding is pinned: journals written before verify after any change to how it is computed")
    void knownAnswer() {
        JournalEvent e = event(42, AT, OwnerId.of("Zo\u00eb"), ID, "credential.revealed", "svc-\u00e9",
                Map.of("fields", "accessToken,username", "count", "3", "firstAt", "2026-01-15T09:59:59Z"));
        assertThat(java.util.HexFormat.of().formatHex(JournaledBackend.canonical(e))).isEqualTo(PINNED);
        assertThat(java.util.HexFormat.of().formatHex(JournaledBackend.canonical(event(1, AT, null, null, "t", null, Map.of()))))
                .isEqualTo(PINNED_NULLS);
    }

    @Test
    @DisplayName("an entry's details are a sorted, unmodifiable copy, shared by the entries chained from it")
    void detailsAreACopy() {
        Map<String, String> given = new java.util.HashMap<>(Map.of("count", "2", "fields", "a"));
        JournalEvent e = JournalEvent.of(AT, OWNER, ID, "t", null, given);
        given.put("extra", "x");
        assertThat(e.details()).containsExactly(Map.entry("count", "2"), Map.entry("fields", "a"));
        assertThat(e.details()).isEqualTo(Map.of("count", "2", "fields", "a")).hasSameHashCodeAs(Map.of("count", "2", "fields", "a"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> e.details().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> e.details().entrySet().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(e.chained(5, "ab").withActor("svc").details()).isSameAs(e.details());
    }

    @Test
    @DisplayName("details given in any order read back in name order; lookups, absent names and changes behave as in a sorted map")
    void detailsAreSorted() {
        Map<String, String> given = new java.util.HashMap<>();
        for (String name : List.of("zeta", "b", "mid", "a", "quote", "c", "count", "fields")) {
            given.put(name, name.toUpperCase(java.util.Locale.ROOT));
        }
        Map<String, String> d = JournalEvent.of(AT, OWNER, ID, "t", null, given).details();
        assertThat(d.keySet()).containsExactly("a", "b", "c", "count", "fields", "mid", "quote", "zeta");
        assertThat(d).isEqualTo(new java.util.TreeMap<>(given)).hasSameHashCodeAs(given).hasToString(new java.util.TreeMap<>(given).toString());
        assertThat(d.get("mid")).isEqualTo("MID");
        assertThat(d.get("m")).isNull();
        assertThat(d.get(42)).isNull();
        assertThat(d.containsKey("zeta")).isTrue();
        assertThat(d.containsKey("zz")).isFalse();
        List<String> seen = new java.util.ArrayList<>();
        d.forEach((k, v) -> seen.add(k + "=" + v));
        assertThat(seen).containsExactly("a=A", "b=B", "c=C", "count=COUNT", "fields=FIELDS", "mid=MID", "quote=QUOTE", "zeta=ZETA");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            var it = d.entrySet().iterator();
            it.next();
            it.remove();
        }).isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(JournalEvent.of(AT, OWNER, ID, "t", null, Map.of()).details()).isEmpty();
        Map<String, String> withNull = new java.util.HashMap<>();
        withNull.put("reason", null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JournalEvent.of(AT, OWNER, ID, "t", null, withNull))
                .isInstanceOf(NullPointerException.class);
    }

    private static final String PINNED = "000000000000002a0006486a49abe801" + "00000000000000045a6fc3ab"
            + "000000000000001a4330303030303030303030303030303030303030303030303031"
            + "000000000000001363726564656e7469616c2e72657665616c6564" + "00000000000000067376632dc3a9"
            + "0000000000000005636f756e74" + "000000000000000133"
            + "00000000000000066669656c6473" + "0000000000000014616363657373546f6b656e2c757365726e616d65"
            + "000000000000000766697273744174" + "0000000000000014323032362d30312d31355430393a35393a35395a";
    private static final String PINNED_NULLS = "00000000000000010006486a49abe801" + "000000000000000100" + "000000000000000100"
            + "000000000000000174" + "000000000000000100";
}
