package org.citybrain.govern.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CaseStore} must do, through {@link Cases}: the record, optimistic locking,
 * one case per external reference, escalation, searches and KPIs, durability across a reopen. Run
 * by {@link EmbeddedCaseStoreTest} and {@link PostgresCaseStoreIT}.
 */
abstract class CaseStoreContractTest {
    // Monday 2026-11-30 10:00 in Beijing
    static final Instant MONDAY_10 = Instant.parse("2026-11-30T02:00:00Z");
    static final GeoPoint DONGCHENG = new GeoPoint(39.92, 116.41);

    final MutableClock clock = new MutableClock(MONDAY_10);
    Cases cases;

    /** A store on this test's backing (the same data each time it is called). */
    abstract CaseStore open();

    /** Removes this test's backing; called after the last store is closed. */
    abstract void drop();

    @BeforeEach
    void openCases() {
        cases = Cases.in(open(), GovernanceConfig.defaults(), clock);
    }

    @AfterEach
    void closeCases() {
        if (cases != null) {
            cases.close();
        }
        drop();
    }

    /** Closes the store and opens it again on the same data. */
    Cases reopen() {
        cases.close();
        cases = Cases.in(open(), GovernanceConfig.defaults(), clock);
        return cases;
    }

    static Cases.Report citizen(String category, GeoPoint where) {
        return new Cases.Report(CaseSource.CITIZEN, category, "something is wrong", Optional.of(where), Optional.empty(),
                "citizen-1", Optional.empty(), List.of(URI.create("https://photos.example/1.jpg")));
    }

    static Case act(Cases cases, Case c, Action action, String actor) {
        return cases.act(c.id(), c.version(), action, actor, Optional.empty(), Optional.of(action + " by " + actor), List.of());
    }

    @Test
    void aCaseGoesThroughItsLifecycleWithReworkAndEveryStepIsOnTheRecord() {
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
        assertThat(cases.find(c.id())).contains(c);
        List<Transition> h = cases.history(c.id());
        assertThat(h).extracting(Transition::action).containsExactly(Action.NOTE, Action.REGISTER, Action.DISPATCH,
                Action.SEND_BACK, Action.DISPATCH, Action.ACCEPT, Action.START, Action.HANDLE, Action.RETURN, Action.HANDLE,
                Action.VERIFY, Action.CLOSE);
        assertThat(h).extracting(Transition::version).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
        assertThat(h.get(0).attachments()).containsExactly(URI.create("https://photos.example/1.jpg"));
        assertThat(h.get(8).from()).contains(CaseStatus.HANDLED);
        assertThat(h.get(8).to()).isEqualTo(CaseStatus.IN_PROGRESS);
        assertThat(h.get(8).actor()).isEqualTo("inspector");
        assertThat(h.get(8).note()).contains("RETURN by inspector");
        assertThatThrownBy(() -> cases.history("C-999")).isInstanceOfSatisfying(CaseException.class,
                e -> assertThat(e.kind()).isEqualTo(CaseException.Kind.NOT_FOUND));
        assertThat(cases.find("C-999")).isEmpty();
    }

    @Test
    void anActionThatDoesNotApplyIsRefusedAndChangesNothing() {
        Case c = cases.report(citizen("pothole", DONGCHENG));
        assertThatThrownBy(() -> act(cases, c, Action.CLOSE, "x"))
                .isInstanceOfSatisfying(CaseException.class, e -> assertThat(e.kind()).isEqualTo(CaseException.Kind.ILLEGAL_TRANSITION))
                .hasMessageContaining("CLOSE does not apply to case " + c.id() + " in status REPORTED");
        assertThat(cases.history(c.id())).hasSize(1);
        Case rejected = act(cases, c, Action.REJECT, "dispatcher");
        assertThat(rejected.status()).isEqualTo(CaseStatus.REJECTED);
        assertThat(cases.history(c.id())).hasSize(2);
    }

    @Test
    void aStaleVersionIsAConflictAndChangesNothing() {
        Case c = cases.report(citizen("pothole", DONGCHENG));
        Case registered = act(cases, c, Action.REGISTER, "a");
        assertThatThrownBy(() -> act(cases, c, Action.REJECT, "b"))
                .isInstanceOfSatisfying(CaseException.class, e -> assertThat(e.kind()).isEqualTo(CaseException.Kind.CONFLICT))
                .hasMessageContaining("is at version 2, not 1");
        assertThat(cases.find(c.id())).contains(registered);
        assertThat(cases.history(c.id())).hasSize(2);
        assertThatThrownBy(() -> cases.act("C-999", 1, Action.REGISTER, "a", Optional.empty(), Optional.empty(), List.of()))
                .isInstanceOfSatisfying(CaseException.class, e -> assertThat(e.kind()).isEqualTo(CaseException.Kind.NOT_FOUND));
    }

    /** Two dispatchers on {@code a} and {@code b} (one store, or two sharing a database) race 100 times. */
    static void raceDispatchers(Cases a, Cases b) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 100; round++) {
                Case c = act(a, a.report(citizen("pothole", DONGCHENG)), Action.REGISTER, "d");
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (Cases side : List.of(a, b)) {
                    String department = side == a ? "east" : "west";
                    results.add(pool.submit(() -> {
                        go.await();
                        try {
                            side.act(c.id(), c.version(), Action.DISPATCH, "dispatcher-" + department, Optional.of(department),
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
                List<Transition> dispatches = b.history(c.id()).stream().filter(t -> t.action() == Action.DISPATCH).toList();
                assertThat(dispatches).hasSize(1);
                assertThat(a.find(c.id()).orElseThrow().department()).isEqualTo(dispatches.get(0).target());
                assertThat(b.find(c.id()).orElseThrow().version()).isEqualTo(3);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoDispatchersRacingOnOneCaseNeverBothWin() throws Exception {
        raceDispatchers(cases, cases);
    }

    @Test
    void overdueCasesAreEscalatedToTheSupervisorOnce() {
        Case gas = cases.report(citizen("gas-leak", DONGCHENG));
        Case pothole = cases.report(citizen("pothole", DONGCHENG));
        Case closedGas = cases.report(citizen("gas-leak", DONGCHENG));
        act(cases, closedGas, Action.REJECT, "d");
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
        Cases.Report alert = new Cases.Report(CaseSource.ALERT, "airPollution", "PM2.5 above 75", Optional.of(DONGCHENG),
                Optional.empty(), "rule:pm25", Optional.of("alert:pm25-1"), List.of());
        Case c = cases.report(alert);
        assertThat(c.status()).isEqualTo(CaseStatus.DISPATCHED);
        assertThat(c.department()).contains("ecology-bureau");
        assertThat(cases.history(c.id())).extracting(Transition::action).containsExactly(Action.NOTE, Action.REGISTER,
                Action.DISPATCH);
        assertThat(cases.report(alert).id()).isEqualTo(c.id());
        assertThat(cases.findByExternalRef("alert:pm25-1")).contains(c);
        assertThat(cases.findByExternalRef("alert:other")).isEmpty();
        assertThat(cases.list(x -> true)).hasSize(1);
    }

    @Test
    void casesAndTheirRecordSurviveAReopenAndNumbersGoOn() {
        Case c = cases.report(citizen("pothole", DONGCHENG));
        Case registered = act(cases, c, Action.REGISTER, "d");
        reopen();
        assertThat(cases.find(c.id())).contains(registered);
        assertThat(cases.history(c.id())).extracting(Transition::action).containsExactly(Action.NOTE, Action.REGISTER);
        Case next = cases.report(citizen("noise", DONGCHENG));
        assertThat(next.number()).isGreaterThan(c.number());
        assertThat(act(cases, registered, Action.DISPATCH, "d").version()).isEqualTo(3);
    }

    // ---------------------------------------------------------------- searches and KPIs

    private static final List<String> CATEGORIES = List.of("pothole", "noise", "gas-leak", "streetlight");
    private static final List<String> DEPARTMENTS = List.of("road-works", "city-operations", "gas-group");

    /** {@code n} cases as imported history: random report times over 60 days, statuses, departments, deadlines. */
    private List<Case> history(Random random, int n) {
        List<Case> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // whole minutes, some reported at the same instant (ties are ordered by number)
            Instant reported = MONDAY_10.minus(Duration.ofMinutes(random.nextInt(60 * 24 * 60 / 30) * 30L));
            CaseStatus status = CaseStatus.values()[random.nextInt(CaseStatus.values().length)];
            Instant deadline = reported.plus(Duration.ofHours(1 + random.nextInt(24 * 20)));
            Optional<Instant> closed = status == CaseStatus.CLOSED
                    ? Optional.of(reported.plus(Duration.ofHours(1 + random.nextInt(24 * 25)))) : Optional.empty();
            Optional<String> department = random.nextInt(8) == 0 ? Optional.empty()
                    : Optional.of(DEPARTMENTS.get(random.nextInt(DEPARTMENTS.size())));
            Case historical = new Case("x", CaseSource.IMPORT, Optional.of("import:" + i), CATEGORIES.get(random.nextInt(
                    CATEGORIES.size())), "case " + i, Optional.empty(), Optional.empty(), department, status, "nyc", reported,
                    Optional.of(deadline), 1, closed.orElse(reported), closed, Optional.empty(), Optional.empty());
            out.add(cases.importCase(historical, "importer"));
        }
        return out;
    }

    private static <T> Set<T> some(Random random, List<T> values) {
        return values.stream().filter(v -> random.nextInt(3) == 0).collect(Collectors.toSet());
    }

    @Test
    void searchesFilterOrderAndPageInTheStoreAsAPlainFilterOverAllCasesDoes() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        List<Case> all = history(random, 150);
        for (int q = 0; q < 200; q++) {
            Optional<Instant> from = random.nextBoolean() ? Optional.empty()
                    : Optional.of(MONDAY_10.minus(Duration.ofMinutes(30L * random.nextInt(60 * 24 * 60 / 30))));
            Optional<Instant> to = random.nextBoolean() ? Optional.empty()
                    : Optional.of(MONDAY_10.minus(Duration.ofMinutes(30L * random.nextInt(60 * 24 * 60 / 30))));
            CaseQuery query = CaseQuery.newest(1 + random.nextInt(40))
                    .withStatuses(some(random, List.of(CaseStatus.values())))
                    .withCategories(some(random, CATEGORIES))
                    .withDepartments(some(random, DEPARTMENTS))
                    .reported(from, to)
                    .counting(random.nextBoolean());
            query = query.page(random.nextBoolean(), random.nextInt(60), query.limit());
            Comparator<Case> order = Comparator.comparing(Case::reportedAt).thenComparingLong(Case::number);
            List<Case> expected = all.stream().filter(query::matches)
                    .sorted(query.newestFirst() ? order.reversed() : order).toList();
            CasePage page = cases.query(query);
            assertThat(page.cases()).as("seed %d, %s", seed, query)
                    .containsExactlyElementsOf(expected.subList(Math.min(query.offset(), expected.size()),
                            Math.min(query.offset() + query.limit(), expected.size())));
            if (query.count()) {
                assertThat(page.total()).as("seed %d, %s", seed, query).hasValue(expected.size());
            } else {
                assertThat(page.total()).isEmpty();
            }
        }
    }

    @Test
    void reportTimeBoundsIncludeBothEnds() {
        Case c = cases.report(citizen("pothole", DONGCHENG));
        CaseQuery exactly = CaseQuery.newest(10).reported(Optional.of(MONDAY_10), Optional.of(MONDAY_10));
        assertThat(cases.query(exactly).cases()).containsExactly(c);
        CaseQuery after = CaseQuery.newest(10).reported(Optional.of(MONDAY_10.plusSeconds(1)), Optional.empty());
        assertThat(cases.query(after).cases()).isEmpty();
        CaseQuery before = CaseQuery.newest(10).reported(Optional.empty(), Optional.of(MONDAY_10.minusSeconds(1)));
        assertThat(cases.query(before).cases()).isEmpty();
    }

    @Test
    void theKpisOverTheCasesTheStoreFindsForThemAreThoseOverAllCases() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        history(random, 150);
        // a department whose only case counts in no KPI of the periods below: it still has its row
        Case quiet = cases.report(citizen("pothole", DONGCHENG));
        cases.act(quiet.id(), 1, Action.REGISTER, "d", Optional.empty(), Optional.empty(), List.of());
        cases.act(quiet.id(), 2, Action.DISPATCH, "d", Optional.of("quiet-department"), Optional.empty(), List.of());
        List<Case> all = cases.list(c -> true);
        assertThat(all).hasSize(151);
        Instant now = MONDAY_10;
        for (int days : List.of(7, 30, 90)) {
            Instant from = now.minus(Duration.ofDays(days));
            assertThat(cases.forKpis(from, now).size()).as("seed %d", seed).isLessThan(all.size());
            assertThat(cases.kpis(from, now, now).toString()).as("seed %d, %d days", seed, days)
                    .isEqualTo(Kpis.of("all", all, from, now, now).toString());
            assertThat(cases.kpisByDepartment(from, now, now).toString()).as("seed %d, %d days", seed, days)
                    .isEqualTo(Kpis.byDepartment(all, from, now, now).toString())
                    .contains("quiet-department");
        }
    }
}
