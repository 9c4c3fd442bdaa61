package io.credvault.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The report's targets: pooled verdicts, each round's own figure beside them, and a warning when the rounds disagree. */
class ReportTest {
    private static Report.Row row(String impl, List<Double> rounds) {
        Report.Row first = new Report.Row("LookupBenchmark.lookup", Map.of("impl", impl), 1, rounds.get(0), 0, "ns/op", 1,
                List.of(rounds.get(0)), List.of(rounds.get(0)));
        for (double r : rounds.subList(1, rounds.size())) {
            first = first.pool(new Report.Row("LookupBenchmark.lookup", Map.of("impl", impl), 1, r, 0, "ns/op", 1, List.of(r), List.of(r)));
        }
        return first;
    }

    private static String line(Report.Measured m, double limit, boolean atMost) {
        StringBuilder md = new StringBuilder();
        Report.target(md, "t", Optional.of(m), limit, atMost, "×");
        return md.toString();
    }

    @Test
    @DisplayName("a ratio of rows measured in rounds is pooled, and paired round by round in the order the rounds ran")
    void rounds() {
        Report.Measured m = Report.ratio(row("REVEAL", List.of(120.0, 150.0, 130.0)), row("BASELINE", List.of(100.0, 100.0, 100.0)), false);
        assertThat(m.value()).isCloseTo(400.0 / 300.0, within(1e-9));
        assertThat(m.rounds()).containsExactly(1.2, 1.5, 1.3);
        Report.Measured rate = Report.ratio(row("REWRAP", List.of(200.0, 250.0)), row("BASELINE", List.of(180.0, 200.0)), true);
        assertThat(rate.rounds()).containsExactly(0.9, 0.8);
        assertThat(Report.ratio(row("REVEAL", List.of(120.0, 150.0)), row("BASELINE", List.of(100.0)), false).rounds()).isEmpty();
    }

    @Test
    @DisplayName("the verdict is the pooled figure's; rounds on both sides of the limit, or none on its side, are said to be")
    void verdicts() {
        assertThat(line(new Report.Measured(1.25, List.of(1.2, 1.25, 1.28)), 1.3, true))
                .isEqualTo("| t | 1.25× (rounds 1.20, 1.25, 1.28) | met |\n");
        assertThat(line(new Report.Measured(1.29, List.of(1.2, 1.35, 1.3)), 1.3, true))
                .isEqualTo("| t | 1.29× (rounds 1.20, 1.35, 1.30) | met (rounds on both sides) |\n");
        assertThat(line(new Report.Measured(0.88, List.of(0.95, 0.84, 0.86)), 0.9, false))
                .isEqualTo("| t | 0.88× (rounds 0.95, 0.84, 0.86) | **not met** (rounds on both sides) |\n");
        assertThat(line(new Report.Measured(1.29, List.of(1.31, 1.32)), 1.3, true))
                .isEqualTo("| t | 1.29× (rounds 1.31, 1.32) | met (in no round) |\n");
        assertThat(line(Report.Measured.of(1.85), 1.7, false)).isEqualTo("| t | 1.85× | met |\n");
    }
}
