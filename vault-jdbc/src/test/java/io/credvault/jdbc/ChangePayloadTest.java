package io.credvault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.credvault.CredentialId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The change notification's payloads: within PostgreSQL's 8,000 bytes, every id once, each with the journal position. */
class ChangePayloadTest {
    @Test
    @DisplayName("a rewrap batch of 1,000 ids is split into payloads under the limit that together name each id once")
    void manyIds_split() {
        List<CredentialId> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(CredentialId.generate(1_700_000_000_000L + i));
        }
        List<String> payloads = PgChangeFeed.payloads(42, ids);
        assertThat(payloads.size()).isGreaterThan(1);
        List<String> named = new ArrayList<>();
        for (String p : payloads) {
            assertThat(p.length()).isLessThanOrEqualTo(PgChangeFeed.MAX_PAYLOAD);
            assertThat(p).startsWith("42:");
            named.addAll(List.of(p.substring(3).split(",")));
        }
        assertThat(named).containsExactlyElementsOf(ids.stream().map(CredentialId::value).toList());
    }

    @Test
    @DisplayName("a rewrap batch's range is one short payload, delivered as the same range and journal position")
    void range_roundTrip() {
        CredentialId first = CredentialId.generate(1_700_000_000_000L);
        CredentialId last = CredentialId.generate(1_700_000_000_999L);
        String payload = PgChangeFeed.rangePayload(42, first, last);
        assertThat(payload.length()).isLessThan(64);
        List<String> told = new ArrayList<>();
        PgChangeFeed.deliver(payload, new RecordingListener(told));
        assertThat(told).containsExactly("between 42 " + first + " " + last);
    }

    @Test
    @DisplayName("one id is one payload")
    void oneId() {
        CredentialId id = CredentialId.generate(1_700_000_000_000L);
        assertThat(PgChangeFeed.payloads(7, List.of(id))).containsExactly("7:" + id.value());
    }
}
