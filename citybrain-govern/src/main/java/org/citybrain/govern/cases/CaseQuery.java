package org.citybrain.govern.cases;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A search of the cases: every filter given must hold (an empty set is no filter), ordered by
 * report time (ties by case number), a page of {@code limit} from {@code offset}.
 *
 * @param reportedFrom reported at or after, if given
 * @param reportedTo   reported at or before, if given
 * @param newestFirst  newest first (else oldest first)
 * @param count        whether to count every match too ({@link CasePage#total()}), which costs a scan
 */
public record CaseQuery(Set<CaseStatus> statuses, Set<String> categories, Set<String> departments,
        Optional<Instant> reportedFrom, Optional<Instant> reportedTo, boolean newestFirst, int offset, int limit,
        boolean count) {
    /** The largest page. */
    public static final int MAX_LIMIT = 10_000;

    public CaseQuery {
        statuses = Set.copyOf(statuses);
        categories = Set.copyOf(categories);
        departments = Set.copyOf(departments);
        Objects.requireNonNull(reportedFrom, "reportedFrom");
        Objects.requireNonNull(reportedTo, "reportedTo");
        if (offset < 0) {
            throw new CaseException(CaseException.Kind.INVALID, "offset must not be negative: " + offset);
        }
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new CaseException(CaseException.Kind.INVALID, "limit must be 0.." + MAX_LIMIT + ": " + limit);
        }
    }

    /** Every case, newest first, the first {@code limit}. */
    public static CaseQuery newest(int limit) {
        return new CaseQuery(Set.of(), Set.of(), Set.of(), Optional.empty(), Optional.empty(), true, 0, limit, false);
    }

    public CaseQuery withStatuses(Set<CaseStatus> s) {
        return new CaseQuery(s, categories, departments, reportedFrom, reportedTo, newestFirst, offset, limit, count);
    }

    public CaseQuery withCategories(Set<String> c) {
        return new CaseQuery(statuses, c, departments, reportedFrom, reportedTo, newestFirst, offset, limit, count);
    }

    public CaseQuery withDepartments(Set<String> d) {
        return new CaseQuery(statuses, categories, d, reportedFrom, reportedTo, newestFirst, offset, limit, count);
    }

    /** Reported in {@code [from, to]} (both ends included, either optional). */
    public CaseQuery reported(Optional<Instant> from, Optional<Instant> to) {
        return new CaseQuery(statuses, categories, departments, from, to, newestFirst, offset, limit, count);
    }

    public CaseQuery page(boolean newest, int off, int lim) {
        return new CaseQuery(statuses, categories, departments, reportedFrom, reportedTo, newest, off, lim, count);
    }

    public CaseQuery counting(boolean c) {
        return new CaseQuery(statuses, categories, departments, reportedFrom, reportedTo, newestFirst, offset, limit, c);
    }

    /** Whether {@code c} passes the filters (not the page). */
    public boolean matches(Case c) {
        return (statuses.isEmpty() || statuses.contains(c.status()))
                && (categories.isEmpty() || categories.contains(c.category()))
                && (departments.isEmpty() || c.department().filter(departments::contains).isPresent())
                && reportedFrom.map(f -> !c.reportedAt().isBefore(f)).orElse(true)
                && reportedTo.map(t -> !c.reportedAt().isAfter(t)).orElse(true);
    }
}
