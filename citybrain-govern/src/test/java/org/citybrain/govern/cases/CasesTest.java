package org.citybrain.govern.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CasesTest {
    // Monday 2026-11-30 10:00 in Beijing
    static final Instant MONDAY_10 = Instant.parse("2026-11-30T02:00:00Z");
    static final GeoPoint DONGCHENG = new GeoPoint(39.92, 116.41);
    static final GeoPoint XICHENG = new GeoPoint(39.92, 116.36);
    static final GeoPoint ELSEWHERE = new GeoPoint(40.2, 116.7);

    final MutableClock clock = new MutableClock(MONDAY_10);

    static Cases.Report citizen(String category, GeoPoint where) {
        return new Cases.Report(CaseSource.CITIZEN, category, "something is wrong", Optional.of(where), Optional.empty(),
                "citizen-1", Optional.empty(), List.of(URI.create("https://photos.example/1.jpg")));
    }

    Case act(Cases cases, Case c, Action action, String actor) {
        return cases.act(c.id(), c.version(), action, actor, Optional.empty(), Optional.of(action + " by " + actor), List.of());
    }

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
    void aCaseGoesThroughItsLifecycleWithReworkAndEveryStepIsOnTheRecord() {
        Cases cases = Cases.inMemory(GovernanceConfig.defaults(), clock);
        Case c = cases.report(citizen("pothole", DONGCHENG));
        c = act(cases, c, Action.REGISTER, "dispatcher");
        c = act(cases, c, Action.DISPATCH, "dispatcher");
        c = act(cases, c, Action.SEND_BACK, "dongcheng");
        c = cases.act(c.id(), c.version(), Action.DISPATCH, "dispatcher", Optional.of("road-works"), Optional.empty(), List.of());
        assertThat(c.department()).contains("road-works");
        c = act(cases, c, Action.ACCEPT, "road-works");
        c = act(cases, c, Action.START, "road-works");
        c = act(cases, c, Action.HANDLE, "road-works");
        c = act(cases, c, Action.RETURN, "inspector");
        c = act(cases, c, Action.HANDLE, "road-works");
        c = act(cases, c, Action.VERIFY, "inspector");
        clock.advance(Duration.ofHours(5));
        c = act(cases, c, Action.CLOSE, "dispatcher");
        assertThat(c.status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(c.closedAt()).contains(MONDAY_10.plus(Duration.ofHours(5)));
        List<Transition> h = cases.history(c.id());
        assertThat(h).extracting(Transition::action).containsExactly(Action.NOTE, Action.REGISTER, Action.DISPATCH,
                Action.SEND_BACK, Action.DISPATCH, Action.ACCEPT, Action.START, Action.HANDLE, Action.RETURN, Action.HANDLE,
                Action.VERIFY, Action.CLOSE);
        assertThat(h).extracting(Transition::version).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
        assertThat(h.get(0).attachments()).containsExactly(URI.create("https://photos.example/1.jpg"));
        assertThat(h.get(8).from()).contains(CaseStatus.HANDLED);
        assertThat(h.get(8).to()).isEqualTo(CaseStatus.IN_PROGRESS);
        assertThat(h.get(8).actor()).isEqualTo("inspector");
        assertThatThrownBy(() -> cases.history("C-999")).isInstanceOf(CaseException.class);
    }

    @Test
    void anActionThatDoesNotApplyIsRefusedAndChangesNothing() {
        Cases cases = Cases.inMemory(GovernanceConfig.defaults(), clock);
        Case c = cases.report(citizen("pothole", DONGCHENG));
        assertThatThrownBy(() -> act(cases, c, Action.CLOSE, "x"))
                .isInstanceOfSatisfying(CaseException.class, e -> assertThat(e.kind()).isEqualTo(CaseException.Kind.ILLEGAL_TRANSITION))
                .hasMessageContaining("CLOSE does not apply to case C-1 in status REPORTED");
        Case rejected = act(cases, c, Action.REJECT, "dispatcher");
        assertThat(rejected.status()).isEqualTo(CaseStatus.REJECTED);
        assertThat(cases.history(c.id())).hasSize(2);
    }

    @Test
    void aStaleVersionIsAConflict() {
        Cases cases = Cases.inMemory(GovernanceConfig.defaults(), clock);
        Case c = cases.report(citizen("pothole", DONGCHENG));
        act(cases, c, Action.REGISTER, "a");
        assertThatThrownBy(() -> act(cases, c, Action.REJECT, "b"))
                .isInstanceOfSatisfying(CaseException.class, e -> assertThat(e.kind()).isEqualTo(CaseException.Kind.CONFLICT));
    }

    @Test
    void twoDispatchersRacingOnOneCaseNeverBothWin() throws Exception {
        Cases cases = Cases.inMemory(GovernanceConfig.defaults(), clock);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 200; round++) {
                Case c = act(cases, cases.report(citizen("pothole", DONGCHENG)), Action.REGISTER, "d");
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (String department : List.of("east", "west")) {
                    results.add(pool.submit(() -> {
                        go.await();
                        try {
                            cases.act(c.id(), c.version(), Action.DISPATCH, "dispatcher-" + department, Optional.of(department),
                                    Optional.empty(), List.of());
                            return true;
                        } catch (CaseException e) {
                            assertThat(e.kind()).isEqualTo(CaseException.Kind.CONFLICT);
                            return false;
                        }
                    }));
                }
                go.countDown();
                int wins = 0;
                for (Future<Boolean> f : results) {
                    wins += f.get() ? 1 : 0;
                }
                assertThat(wins).as("round %d", round).isEqualTo(1);
                assertThat(cases.history(c.id())).filteredOn(t -> t.action() == Action.DISPATCH).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void overdueCasesAreEscalatedToTheSupervisorOnce() {
        Cases cases = Cases.inMemory(GovernanceConfig.defaults(), clock);
        Case gas = cases.report(citizen("gas-leak", DONGCHENG));
        Case pothole = cases.report(citizen("pothole", DONGCHENG));
        clock.advance(Duration.ofHours(3));
        assertThat(cases.escalateOverdue()).extracting(Case::id).containsExactly(gas.id());
        assertThat(cases.escalateOverdue()).isEmpty();
        Case escalated = cases.find(gas.id()).orElseThrow();
        assertThat(escalated.escalatedTo()).contains("city-supervisor");
        assertThat(cases.history(gas.id()).get(1).target()).contains("city-supervisor");
        assertThat(cases.find(pothole.id()).orElseThrow().escalatedTo()).isEmpty();
    }

    @Test
    void alertCasesAreRegisteredAndDispatchedAtOnceAndNotDuplicated() {
        Cases cases = Cases.inMemory(GovernanceConfig.defaults(), clock);
        Cases.Report alert = new Cases.Report(CaseSource.ALERT, "airPollution", "PM2.5 above 75", Optional.of(DONGCHENG),
                Optional.empty(), "rule:pm25", Optional.of("alert:pm25-1"), List.of());
        Case c = cases.report(alert);
        assertThat(c.status()).isEqualTo(CaseStatus.DISPATCHED);
        assertThat(c.department()).contains("ecology-bureau");
        assertThat(cases.report(alert).id()).isEqualTo(c.id());
        assertThat(cases.list(x -> true)).hasSize(1);
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
