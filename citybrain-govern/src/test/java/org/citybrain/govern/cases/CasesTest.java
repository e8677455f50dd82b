package org.citybrain.govern.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citybrain.govern.cases.CaseStoreContractTest.DONGCHENG;
import static org.citybrain.govern.cases.CaseStoreContractTest.MONDAY_10;
import static org.citybrain.govern.cases.CaseStoreContractTest.act;
import static org.citybrain.govern.cases.CaseStoreContractTest.citizen;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routing, deadlines and the embedded log's crash handling; what every store does is in {@link CaseStoreContractTest}. */
class CasesTest {
    static final GeoPoint XICHENG = new GeoPoint(39.92, 116.36);
    static final GeoPoint ELSEWHERE = new GeoPoint(40.2, 116.7);

    final MutableClock clock = new MutableClock(MONDAY_10);

    @Test
    void casesAreRoutedByCategoryAndDistrict() {
        Cases cases = Cases.inMemory(GovernanceConfig.defaults(), clock);
        assertThat(cases.report(citizen("pothole", DONGCHENG)).department()).contains("dongcheng-urban-management");
        assertThat(cases.report(citizen("pothole", XICHENG)).department()).contains("xicheng-urban-management");
        assertThat(cases.report(citizen("pothole", ELSEWHERE)).department()).contains("city-operations");
        assertThat(cases.report(citizen("gas-leak", DONGCHENG)).department()).contains("gas-group");
    }

    @Test
    void deadlinesFollowTheBeijing12345TableAndTheWorkingCalendar() {
        Cases cases = Cases.inMemory(GovernanceConfig.defaults(), clock);
        assertThat(cases.report(citizen("gas-leak", DONGCHENG)).deadline()).contains(MONDAY_10.plus(Duration.ofHours(2)));
        assertThat(cases.report(citizen("water-outage", DONGCHENG)).deadline()).contains(MONDAY_10.plus(Duration.ofHours(24)));
        // 7 working days of 9 h from Monday 10:00: Monday has 8 h left, then 6 more whole days and 1 h on the next
        // (Tue..Fri, Mon, Tue whole; Wednesday 10:00) — the weekend does not count
        assertThat(cases.report(citizen("pothole", DONGCHENG)).deadline()).contains(Instant.parse("2026-12-09T02:00:00Z"));
        assertThat(cases.report(citizen("illegal-construction", DONGCHENG)).deadline())
                .contains(Instant.parse("2026-12-21T02:00:00Z"));
    }

    @Test
    void holidaysAndMakeUpWorkdaysMoveWorkingDeadlines() {
        WorkingCalendar plain = WorkingCalendar.BEIJING;
        WorkingCalendar holiday = new WorkingCalendar(plain.zone(), plain.weekdays(), plain.start(), plain.end(),
                java.util.Set.of(java.time.LocalDate.of(2026, 12, 1)), java.util.Set.of(java.time.LocalDate.of(2026, 12, 5)));
        Instant fridayEvening = Instant.parse("2026-12-04T11:00:00Z"); // 19:00 Beijing, after hours
        assertThat(plain.plusWorkingTime(fridayEvening, Duration.ofHours(2))).isEqualTo(Instant.parse("2026-12-07T03:00:00Z"));
        // Saturday the 5th is a make-up working day
        assertThat(holiday.plusWorkingTime(fridayEvening, Duration.ofHours(2))).isEqualTo(Instant.parse("2026-12-05T03:00:00Z"));
        // Tuesday the 1st is a holiday: Monday 17:00 + 2 h working = Wednesday 10:00
        assertThat(holiday.plusWorkingTime(Instant.parse("2026-11-30T09:00:00Z"), Duration.ofHours(2)))
                .isEqualTo(Instant.parse("2026-12-02T02:00:00Z"));
    }

    @Test
    void casesSurviveAReopenAndATornLastLineIsCutOff(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cases.log");
        String id;
        try (Cases cases = Cases.open(file, GovernanceConfig.defaults(), clock)) {
            Case c = cases.report(citizen("pothole", DONGCHENG));
            act(cases, c, Action.REGISTER, "d");
            id = c.id();
        }
        Files.writeString(file, "{\"case\":{\"id\":\"C-2\",\"sour", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (Cases cases = Cases.open(file, GovernanceConfig.defaults(), clock)) {
            assertThat(cases.find(id).orElseThrow().status()).isEqualTo(CaseStatus.REGISTERED);
            assertThat(cases.history(id)).hasSize(2);
            assertThat(cases.report(citizen("noise", DONGCHENG)).id()).isEqualTo("C-2");
        }
        try (Cases cases = Cases.open(file, GovernanceConfig.defaults(), clock)) {
            assertThat(cases.list(c -> true)).extracting(Case::id).containsExactly("C-1", "C-2");
        }
    }
}
