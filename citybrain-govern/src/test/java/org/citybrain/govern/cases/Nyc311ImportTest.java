package org.citybrain.govern.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The NYC 311 sample as historical cases; the KPIs must give the figures of scenarios/SOURCES.md. */
class Nyc311ImportTest {
    static final Path CSV = Path.of(System.getProperty("citybrain.scenarios.dir", "../scenarios"), "cases",
            "nyc311_2018_sample_1000.csv");

    @Test
    void theKpisOfTheImportedCasesMatchThePublishedFigures() {
        Cases cases = Cases.inMemory(GovernanceConfig.defaults(), Clock.systemUTC());
        Nyc311Import.Result result = Nyc311Import.load(CSV, cases);
        assertThat(result.rows()).isEqualTo(1000);
        assertThat(result.imported()).isEqualTo(1000);
        assertThat(result.skipped()).isEmpty();
        assertThat(result.closedBeforeCreated()).isEqualTo(10);
        assertThat(result.closed()).isEqualTo(976);

        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        Kpis all = Kpis.of("all", cases.list(c -> true), Instant.EPOCH, now, now);
        // median time to close 12.0 h; 89.1 % closed by the due date among those with both dates
        assertThat(all.medianHours()).isCloseTo(12.0, within(0.05));
        assertThat(all.onTimeAmongClosed()).isCloseTo(0.891, within(0.0005));
        assertThat(all.closed()).isEqualTo(479);
        assertThat(all.closedOnTime()).isEqualTo(427);
        // 90th percentile 18 days
        assertThat(all.p90Hours() / 24).isCloseTo(18, within(0.5));
        // open now: the 1,000 imported less the 976 closed, whatever the period
        assertThat(all.openNow()).isEqualTo(1000 - 976);
        assertThat(Kpis.of("all", cases.list(c -> true), now, now.plusSeconds(1), now).openNow()).isEqualTo(24);

        Map<String, Kpis> byAgency = Kpis.byDepartment(cases.list(c -> true), Instant.EPOCH, now, now);
        assertThat(byAgency.get("NYPD").medianHours()).isCloseTo(2.2, within(0.05));
        assertThat(byAgency.get("DOT").medianHours()).isCloseTo(21.5, within(0.05));
        assertThat(byAgency.get("DSNY").medianHours()).isCloseTo(75.7, within(0.05));
        assertThat(byAgency.get("HPD").medianHours()).isCloseTo(290, within(0.5));
        System.out.printf("NYC 311 sample: %d closed, median %.2f h, p90 %.1f days, on time among closed with a due date "
                + "%.4f (%d of %d), due %d, closure rate %.3f, on-time rate %.3f%n", result.closed(), all.medianHours(),
                all.p90Hours() / 24, all.onTimeAmongClosed(), all.closedOnTime(), all.closed(), all.due(), all.closureRate(),
                all.onTimeRate());
    }
}
