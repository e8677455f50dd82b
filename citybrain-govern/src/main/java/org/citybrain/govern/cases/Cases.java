package org.citybrain.govern.cases;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * so two dispatchers acting on one case cannot both win. Methods are synchronized; an action is
 * durable in the case log before it is visible or returned.
 */
public final class Cases implements AutoCloseable {
    /** The actor of what the system does by itself (alerts, escalation). */
    public static final String SYSTEM = "system";

    private final Clock clock;
    private final CaseLog log;
    private volatile GovernanceConfig config;
    private final Map<String, Case> cases = new LinkedHashMap<>();
    private final Map<String, List<Transition>> histories = new HashMap<>();
    private final Map<String, String> byExternalRef = new HashMap<>();
    private long lastNumber;

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

    private Cases(GovernanceConfig config, Clock clock, Path file) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = file == null ? null : CaseLog.open(file, e -> apply(e.after(), e.transition()));
    }

    /** Cases kept in {@code file} (an append-only log, created if missing), replayed now. */
    public static Cases open(Path file, GovernanceConfig config, Clock clock) {
        return new Cases(config, clock, file);
    }

    /** Cases in memory only, for tests and evaluations. */
    public static Cases inMemory(GovernanceConfig config, Clock clock) {
        return new Cases(config, clock, null);
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
    public synchronized Case report(Report r) {
        if (r.description().isBlank()) {
            throw new CaseException(CaseException.Kind.INVALID, "a case needs a description");
        }
        if (r.externalRef().isPresent() && byExternalRef.containsKey(r.externalRef().get())) {
            return cases.get(byExternalRef.get(r.externalRef().get()));
        }
        Instant now = clock.instant();
        GovernanceConfig cfg = config;
        String id = "C-" + (lastNumber + 1);
        Optional<String> department = cfg.routing().department(r.category(), r.location());
        Case c = new Case(id, r.source(), r.externalRef(), r.category(), r.description(), r.location(), r.address(), department,
                CaseStatus.REPORTED, r.reporter(), now, Optional.of(cfg.deadline(r.category(), now)), 1, now, Optional.empty(),
                Optional.empty(), Optional.empty());
        List<CaseLog.Entry> entries = new ArrayList<>();
        entries.add(new CaseLog.Entry(c, new Transition(id, 1, Action.NOTE, Optional.empty(), CaseStatus.REPORTED, r.reporter(),
                now, Optional.empty(), Optional.of("reported by " + r.source().name().toLowerCase(java.util.Locale.ROOT)),
                r.attachments())));
        if (r.source() == CaseSource.ALERT) {
            c = next(entries, c, Action.REGISTER, SYSTEM, now, Optional.empty(), Optional.empty(), List.of());
            if (department.isPresent()) {
                c = next(entries, c, Action.DISPATCH, SYSTEM, now, department, Optional.empty(), List.of());
            }
        }
        commit(entries);
        return c;
    }

    /** Adds a case as it stood in another system (status, dates, department), on the record as one IMPORT note. */
    public synchronized Case importCase(Case historical, String actor) {
        String id = "C-" + (lastNumber + 1);
        Case c = new Case(id, CaseSource.IMPORT, historical.externalRef(), historical.category(), historical.description(),
                historical.location(), historical.address(), historical.department(), historical.status(), historical.reporter(),
                historical.reportedAt(), historical.deadline(), 1, historical.updatedAt(), historical.closedAt(),
                historical.escalatedTo(), historical.statusNote());
        commit(List.of(new CaseLog.Entry(c, new Transition(id, 1, Action.NOTE, Optional.empty(), c.status(), actor,
                clock.instant(), Optional.empty(), Optional.of("imported"), List.of()))));
        return c;
    }

    /**
     * Does {@code action} to the case, if the actor saw its current version.
     *
     * @param target for DISPATCH the department (default: the routed one)
     * @throws CaseException NOT_FOUND, CONFLICT (stale version), ILLEGAL_TRANSITION, INVALID, STORAGE
     */
    public synchronized Case act(String id, long expectedVersion, Action action, String actor, Optional<String> target,
            Optional<String> note, List<URI> attachments) {
        Case c = find(id).orElseThrow(() -> new CaseException(CaseException.Kind.NOT_FOUND, "no case " + id));
        if (c.version() != expectedVersion) {
            throw new CaseException(CaseException.Kind.CONFLICT, "case " + id + " is at version " + c.version()
                    + ", not " + expectedVersion + ": someone acted on it first (" + c.status() + "); read it again");
        }
        if (action == Action.ESCALATE) {
            target = target.or(() -> Optional.of(config.supervisor(c.department())));
        }
        List<CaseLog.Entry> entries = new ArrayList<>();
        Case after = next(entries, c, action, actor, clock.instant(), target, note, attachments);
        commit(entries);
        return after;
    }

    private Case next(List<CaseLog.Entry> entries, Case c, Action action, String actor, Instant at, Optional<String> target,
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
        entries.add(new CaseLog.Entry(after, new Transition(c.id(), after.version(), action, Optional.of(c.status()), to, actor,
                at, target, note, attachments)));
        return after;
    }

    /**
     * Escalates every open case whose deadline has passed and that was not escalated yet to its
     * department's supervisor, as the system.
     *
     * @return the cases escalated now
     */
    public synchronized List<Case> escalateOverdue() {
        Instant now = clock.instant();
        List<Case> out = new ArrayList<>();
        for (Case c : List.copyOf(cases.values())) {
            if (c.overdue(now) && c.escalatedTo().isEmpty()) {
                String deadline = c.deadline().map(Instant::toString).orElse("");
                out.add(act(c.id(), c.version(), Action.ESCALATE, SYSTEM, Optional.empty(),
                        Optional.of("deadline " + deadline + " passed"), List.of()));
            }
        }
        return out;
    }

    private void commit(List<CaseLog.Entry> entries) {
        if (log != null) {
            log.append(entries);
        }
        entries.forEach(e -> apply(e.after(), e.transition()));
    }

    private void apply(Case c, Transition t) {
        cases.put(c.id(), c);
        histories.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(t);
        c.externalRef().ifPresent(ref -> byExternalRef.put(ref, c.id()));
        try {
            lastNumber = Math.max(lastNumber, Long.parseLong(c.id().substring(2)));
        } catch (NumberFormatException e) {
            // ids of another form never collide with C-<n>
        }
    }

    public synchronized Optional<Case> find(String id) {
        return Optional.ofNullable(cases.get(id));
    }

    public synchronized Optional<Case> findByExternalRef(String ref) {
        return Optional.ofNullable(byExternalRef.get(ref)).map(cases::get);
    }

    /** The cases that match, oldest first. */
    public synchronized List<Case> list(Predicate<Case> filter) {
        return cases.values().stream().filter(filter).toList();
    }

    /** Every transition of the case, oldest first (the report itself first). */
    public synchronized List<Transition> history(String id) {
        List<Transition> h = histories.get(id);
        if (h == null) {
            throw new CaseException(CaseException.Kind.NOT_FOUND, "no case " + id);
        }
        return List.copyOf(h);
    }

    @Override
    public void close() {
        if (log != null) {
            log.close();
        }
    }
}
