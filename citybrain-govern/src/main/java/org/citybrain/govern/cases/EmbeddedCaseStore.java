package org.citybrain.govern.cases;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Cases in memory, kept in an append-only {@link CaseLog} in the data directory (or nowhere, for
 * tests and evaluations): the embedded mode's {@link CaseStore}. Every method holds the store's
 * monitor, so the version check and the append of {@link #append} are one step. Cases are indexed
 * by report time for {@link #query}: a page costs the cases it skips and returns, plus, with
 * filters, the ones they reject.
 */
public final class EmbeddedCaseStore implements CaseStore {
    /** Report time, then number: the order of queries. */
    private record Key(Instant reportedAt, long number, String id) {
    }

    private static final Comparator<Key> ORDER = Comparator.comparing(Key::reportedAt).thenComparingLong(Key::number)
            .thenComparing(Key::id);

    private final CaseLog log;
    private final Map<String, Case> cases = new HashMap<>();
    private final NavigableMap<Key, Case> byReport = new TreeMap<>(ORDER);
    private final Map<String, List<Transition>> histories = new HashMap<>();
    private final Map<String, String> byExternalRef = new HashMap<>();
    private long lastNumber;

    private EmbeddedCaseStore(Path file) {
        this.log = file == null ? null : CaseLog.open(file, this::apply);
    }

    /** Cases kept in {@code file} (an append-only log, created if missing), replayed now. */
    public static EmbeddedCaseStore open(Path file) {
        return new EmbeddedCaseStore(file);
    }

    /** Cases in memory only, lost on close. */
    public static EmbeddedCaseStore inMemory() {
        return new EmbeddedCaseStore(null);
    }

    @Override
    public synchronized long nextNumber() {
        return ++lastNumber;
    }

    @Override
    public synchronized Case insert(List<Entry> entries) {
        Case first = entries.get(0).after();
        if (cases.containsKey(first.id())) {
            throw new CaseException(CaseException.Kind.INVALID, "case " + first.id() + " exists");
        }
        Optional<String> ref = first.externalRef();
        if (ref.isPresent() && byExternalRef.containsKey(ref.get())) {
            return cases.get(byExternalRef.get(ref.get()));
        }
        commit(entries);
        return entries.get(entries.size() - 1).after();
    }

    @Override
    public synchronized void append(long expectedVersion, List<Entry> entries) {
        String id = entries.get(0).after().id();
        Case c = cases.get(id);
        if (c == null) {
            throw new CaseException(CaseException.Kind.NOT_FOUND, "no case " + id);
        }
        if (c.version() != expectedVersion) {
            throw CaseException.conflict(c, expectedVersion);
        }
        commit(entries);
    }

    private void commit(List<Entry> entries) {
        if (log != null) {
            log.append(entries);
        }
        entries.forEach(this::apply);
    }

    private void apply(Entry e) {
        Case c = e.after();
        cases.put(c.id(), c);
        byReport.put(new Key(c.reportedAt(), c.number(), c.id()), c);
        histories.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(e.transition());
        c.externalRef().ifPresent(ref -> byExternalRef.putIfAbsent(ref, c.id()));
        lastNumber = Math.max(lastNumber, c.number());
    }

    @Override
    public synchronized Optional<Case> find(String id) {
        return Optional.ofNullable(cases.get(id));
    }

    @Override
    public synchronized Optional<Case> findByExternalRef(String ref) {
        return Optional.ofNullable(byExternalRef.get(ref)).map(cases::get);
    }

    @Override
    public synchronized List<Transition> history(String id) {
        List<Transition> h = histories.get(id);
        if (h == null) {
            throw new CaseException(CaseException.Kind.NOT_FOUND, "no case " + id);
        }
        return List.copyOf(h);
    }

    @Override
    public synchronized CasePage query(CaseQuery q) {
        NavigableMap<Key, Case> range = byReport;
        if (q.reportedFrom().isPresent() && q.reportedTo().isPresent() && q.reportedFrom().get().isAfter(q.reportedTo().get())) {
            return new CasePage(List.of(), q.count() ? OptionalLong.of(0) : OptionalLong.empty());
        }
        if (q.reportedFrom().isPresent()) {
            range = range.tailMap(new Key(q.reportedFrom().get(), Long.MIN_VALUE, ""), true);
        }
        if (q.reportedTo().isPresent()) {
            range = range.headMap(new Key(q.reportedTo().get(), Long.MAX_VALUE, "\uffff"), true);
        }
        List<Case> page = new ArrayList<>(Math.min(q.limit(), 1024));
        long matches = 0;
        for (Case c : q.newestFirst() ? range.descendingMap().values() : range.values()) {
            if (!q.matches(c)) {
                continue;
            }
            if (matches >= q.offset() && page.size() < q.limit()) {
                page.add(c);
            }
            matches++;
            if (!q.count() && page.size() == q.limit()) {
                break;
            }
        }
        return new CasePage(page, q.count() ? OptionalLong.of(matches) : OptionalLong.empty());
    }

    @Override
    public synchronized List<Case> overdueUnescalated(Instant now, int limit) {
        List<Case> out = new ArrayList<>();
        for (Case c : byReport.values()) {
            if (out.size() == limit) {
                break;
            }
            if (c.overdue(now) && c.escalatedTo().isEmpty()) {
                out.add(c);
            }
        }
        return out;
    }

    @Override
    public synchronized List<Case> forKpis(Instant from, Instant to) {
        return byReport.values().stream().filter(c -> Cases.countsForKpis(c, from, to)).toList();
    }

    @Override
    public synchronized Set<Optional<String>> departments() {
        Set<Optional<String>> out = new HashSet<>();
        cases.values().forEach(c -> out.add(c.department()));
        return out;
    }

    @Override
    public void close() {
        if (log != null) {
            log.close();
        }
    }
}
