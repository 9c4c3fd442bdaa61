package io.credvault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ColumnsTest {
    @Test
    @DisplayName("a time column's microseconds become the instant they count from the epoch, before it and after, to the ends of a long")
    void fromMicros_isTheEpochPlusThatManyMicroseconds() {
        long[] values = {0, 1, -1, 999_999, 1_000_000, -999_999, -1_000_000, -1_000_001, 1_764_000_000_123_456L,
            -62_135_596_800_000_000L, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long micros : values) {
            assertThat(Columns.fromMicros(micros)).as("%d us", micros).isEqualTo(Instant.EPOCH.plus(micros, ChronoUnit.MICROS));
        }
    }
}
