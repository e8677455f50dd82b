package org.citybrain.govern.cases;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The cases of one city: reported from any source, routed and given a deadline by the
 * {@link GovernanceConfig}, moved through their lifecycle by {@link #act}, escalated when their
 * deadline passes, every change on the record ({@link #history}).
 *
 * <h2>Concurrency</h2>
 * Optimistic locking: every action names the version of the case the actor saw; if the case has
 * moved on since, the action fails with {@link CaseException.Kind#CONFLICT} and changes nothing,
 * so two dispatchers acting on one case cannot both win, whether on one server or on two sharing
 * a database: the {@link CaseStore} writes a transition only at the version it follows. An action
 * is durable in the store before it is visible or returned. Safe for concurrent use.
 */
public final class Cases implements AutoCloseable {
    /** The actor of what the system does by itself (alerts, escalation). */
    public static final String SYSTEM = "system";

    /** Overdue cases escalated at most by one {@link #escalateOverdue} round. */
    static final int ESCALATIONS_PER_ROUND = 1000;

    private final Clock clock;
    private final CaseStore store;
    private volatile GovernanceConfig config;

    /** What a reporter gives. */
    public record Report(CaseSource source, String category, String description, Optional<GeoPoint> location,
            Optional<String> address, String reporter, Optional<String> externalRef, List<URI> attachments) {
        public Report {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(reporter, "reporter");
            Objects.requireNonNull(externalRef, "externalRef");
            attachments = List.copyOf(attachments);
        }
    }

    private Cases(CaseStore store, GovernanceConfig config, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Cases kept in {@code store}, which they close. */
    public static Cases in(CaseStore store, GovernanceConfig config, Clock clock) {
        return new Cases(store, config, clock);
    }

    /** Cases kept in {@code file} (an append-only log, created if missing), replayed now. */
    public static Cases open(Path file, GovernanceConfig config, Clock clock) {
        return new Cases(EmbeddedCaseStore.open(file), config, clock);
    }

    /** Cases in memory only, for tests and evaluations. */
    public static Cases inMemory(GovernanceConfig config, Clock clock) {
        return new Cases(EmbeddedCaseStore.inMemory(), config, clock);
    }

    public GovernanceConfig config() {
        return config;
    }

    /** Uses {@code next} for cases reported from now on; existing deadlines and departments stay. */
    public void configure(GovernanceConfig next) {
        this.config = Objects.requireNonNull(next, "next");
    }

    /**
     * Records a new case: routed to a department by category and location, its deadline from its
     * category's class counted from now. Cases from alerts are registered and dispatched at once by
     * the system (a rule is a trusted reporter); the others wait at {@code REPORTED} for a dispatcher.
     * An alert that already has a case is not reported twice: the existing case is returned.
     */
    public Case report(Report r) {
        if (r.description().isBlank()) {
            throw new CaseException(CaseException.Kind.INVALID, "a case needs a description");
        }
        if (r.externalRef().isPresent()) {
            Optional<Case> existing = store.findByExternalRef(r.externalRef().get());
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        Instant now = clock.instant();
        GovernanceConfig cfg = config;
        String id = "C-" + store.nextNumber();
        Optional<String> department = cfg.routing().department(r.category(), r.location());
        Case c = new Case(id, r.source(), r.externalRef(), r.category(), r.description(), r.location(), r.address(), department,
                CaseStatus.REPORTED, r.reporter(), now, Optional.of(cfg.deadline(r.category(), now)), 1, now, Optional.empty(),
                Optional.empty(), Optional.empty());
        List<CaseStore.Entry> entries = new ArrayList<>();
        entries.add(new CaseStore.Entry(c, new Transition(id, 1, Action.NOTE, Optional.empty(), CaseStatus.REPORTED, r.reporter(),
                now, Optional.empty(), Optional.of("reported by " + r.source().name().toLowerCase(java.util.Locale.ROOT)),
                r.attachments())));
        if (r.source() == CaseSource.ALERT) {
            c = next(entries, c, Action.REGISTER, SYSTEM, now, Optional.empty(), Optional.empty(), List.of());
            if (department.isPresent()) {
                c = next(entries, c, Action.DISPATCH, SYSTEM, now, department, Optional.empty(), List.of());
            }
        }
        return store.insert(entries);
    }

    /** Adds a case as it stood in another system (status, dates, department), on the record as one IMPORT note. */
    public Case importCase(Case historical, String actor) {
        String id = "C-" + store.nextNumber();
        Case c = new Case(id, CaseSource.IMPORT, historical.externalRef(), historical.category(), historical.description(),
                historical.location(), historical.address(), historical.department(), historical.status(), historical.reporter(),
                historical.reportedAt(), historical.deadline(), 1, historical.updatedAt(), historical.closedAt(),
                historical.escalatedTo(), historical.statusNote());
        return store.insert(List.of(new CaseStore.Entry(c, new Transition(id, 1, Action.NOTE, Optional.empty(), c.status(),
                actor, clock.instant(), Optional.empty(), Optional.of("imported"), List.of()))));
    }

    /**
     * Does {@code action} to the case, if the actor saw its current version.
     *
     * @param target for DISPATCH the department (default: the routed one)
     * @throws CaseException NOT_FOUND, CONFLICT (stale version), ILLEGAL_TRANSITION, INVALID, STORAGE
     */
    public Case act(String id, long expectedVersion, Action action, String actor, Optional<String> target,
            Optional<String> note, List<URI> attachments) {
        Case c = find(id).orElseThrow(() -> new CaseException(CaseException.Kind.NOT_FOUND, "no case " + id));
        if (c.version() != expectedVersion) {
            throw CaseException.conflict(c, expectedVersion);
        }
        if (action == Action.ESCALATE) {
            target = target.or(() -> Optional.of(config.supervisor(c.department())));
        }
        List<CaseStore.Entry> entries = new ArrayList<>();
        Case after = next(entries, c, action, actor, clock.instant(), target, note, attachments);
        store.append(expectedVersion, entries);
        return after;
    }

    private Case next(List<CaseStore.Entry> entries, Case c, Action action, String actor, Instant at, Optional<String> target,
            Optional<String> note, List<URI> attachments) {
        if (!action.appliesTo(c.status())) {
            throw new CaseException(CaseException.Kind.ILLEGAL_TRANSITION, action + " does not apply to case " + c.id()
                    + " in status " + c.status() + " (it applies to " + action.from() + ")");
        }
        if (action == Action.DISPATCH) {
            target = target.or(c::department);
            if (target.isEmpty()) {
                throw new CaseException(CaseException.Kind.INVALID, "case " + c.id() + " has no route: DISPATCH needs a department");
            }
        }
        CaseStatus to = action.next(c.status());
        Case after = c.moved(to, c.version() + 1, at, action == Action.DISPATCH ? target : Optional.empty(), note,
                action == Action.ESCALATE ? target : Optional.empty());
        entries.add(new CaseStore.Entry(after, new Transition(c.id(), after.version(), action, Optional.of(c.status()), to, actor,
                at, target, note, attachments)));
        return after;
    }

    /**
     * Escalates every open case whose deadline has passed and that was not escalated yet to its
     * department's supervisor, as the system (at most {@value #ESCALATIONS_PER_ROUND} a round). A
     * case someone acted on meanwhile (here or on another server) is left to the next round.
     *
     * @return the cases escalated now
     */
    public List<Case> escalateOverdue() {
        Instant now = clock.instant();
        List<Case> out = new ArrayList<>();
        for (Case c : store.overdueUnescalated(now, ESCALATIONS_PER_ROUND)) {
            String deadline = c.deadline().map(Instant::toString).orElse("");
            try {
                out.add(act(c.id(), c.version(), Action.ESCALATE, SYSTEM, Optional.empty(),
                        Optional.of("deadline " + deadline + " passed"), List.of()));
            } catch (CaseException e) {
                if (e.kind() != CaseException.Kind.CONFLICT && e.kind() != CaseException.Kind.ILLEGAL_TRANSITION) {
                    throw e;
                }
            }
        }
        return out;
    }

    public Optional<Case> find(String id) {
        return store.find(id);
    }

    public Optional<Case> findByExternalRef(String ref) {
        return store.findByExternalRef(ref);
    }

    /** The cases that match, oldest first: every case is read; use {@link #query} for a page. */
    public List<Case> list(Predicate<Case> filter) {
        List<Case> out = new ArrayList<>();
        int offset = 0;
        while (true) {
            List<Case> page = store.query(CaseQuery.newest(CaseQuery.MAX_LIMIT).page(false, offset, CaseQuery.MAX_LIMIT)).cases();
            page.stream().filter(filter).forEach(out::add);
            if (page.size() < CaseQuery.MAX_LIMIT) {
                return out;
            }
            offset += page.size();
        }
    }

    /** A page of the cases, filtered and ordered in the store. */
    public CasePage query(CaseQuery query) {
        return store.query(query);
    }

    /**
     * The KPIs of {@code [from, to)} at {@code now} per department, every department of a case
     * included, as {@link Kpis#byDepartment} over every case gives them, computed over only the cases
     * they depend on (found in the store's indexes).
     */
    public Map<String, Kpis> kpisByDepartment(Instant from, Instant to, Instant now) {
        return Kpis.byDepartment(store.forKpis(from, to), store.departments(), from, to, now);
    }

    /** The KPIs of {@code [from, to)} at {@code now} over all cases, as {@code "all"}. */
    public Kpis kpis(Instant from, Instant to, Instant now) {
        return Kpis.of("all", store.forKpis(from, to), from, to, now);
    }

    /** The cases the KPIs of {@code [from, to)} depend on (see {@link CaseStore#forKpis}). */
    public List<Case> forKpis(Instant from, Instant to) {
        return store.forKpis(from, to);
    }

    /** Whether {@code c} counts in any KPI of {@code [from, to)} at {@code now} (see {@link Kpis#of}). */
    static boolean countsForKpis(Case c, Instant from, Instant to) {
        return c.deadline().filter(d -> !d.isBefore(from) && d.isBefore(to)).isPresent()
                || c.closedAt().filter(d -> !d.isBefore(from) && d.isBefore(to)).isPresent()
                || !c.status().terminal(); // open now (overdue or not) counts in openNow and overdueNow
    }

    /** Every transition of the case, oldest first (the report itself first). */
    public List<Transition> history(String id) {
        return store.history(id);
    }

    @Override
    public void close() {
        store.close();
    }
}
