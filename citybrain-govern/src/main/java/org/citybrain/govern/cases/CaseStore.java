package org.citybrain.govern.cases;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where cases and their transitions are kept: {@link EmbeddedCaseStore} (an append-only file in
 * the data directory, decision 0018) or {@code PostgresCaseStore} (production mode, decision 0019).
 * {@link Cases} holds the rules of the lifecycle; a store keeps what they decided, atomically.
 *
 * <p>Contract, the same for both ({@code CaseStoreContractTest}): a change is durable before it is
 * visible or returned; transitions are never rewritten; {@link #append} succeeds only at the version
 * the caller read, so of two writers acting on one case (two threads, or two servers on one
 * database) exactly one wins and the other gets {@link CaseException.Kind#CONFLICT}.
 */
public interface CaseStore extends AutoCloseable {

    /** One step on the record: the case as it stands after the transition, and the transition. */
    record Entry(Case after, Transition transition) {
        public Entry {
            if (!after.id().equals(transition.caseId()) || after.version() != transition.version()) {
                throw new IllegalArgumentException("entry of case " + after.id() + " v" + after.version()
                        + " with a transition of " + transition.caseId() + " v" + transition.version());
            }
        }
    }

    /** A case number never handed out before (ids are {@code C-<number>}); numbers may have gaps. */
    long nextNumber();

    /**
     * Records a new case: {@code entries} are its first transitions, versions 1, 2, ..., the last
     * one's case being the case as it stands. If the case has an external reference that another
     * case holds already, nothing is written and that case is returned.
     *
     * @return the case stored: the new one, or the one holding its external reference
     * @throws CaseException STORAGE if it could not be made durable (nothing was written)
     */
    Case insert(List<Entry> entries);

    /**
     * Records transitions of an existing case, if it is still at {@code expectedVersion}; the
     * entries' versions follow on from it.
     *
     * @throws CaseException NOT_FOUND, CONFLICT (someone else's transition came first), STORAGE
     */
    void append(long expectedVersion, List<Entry> entries);

    Optional<Case> find(String id);

    Optional<Case> findByExternalRef(String ref);

    /**
     * Every transition of the case, oldest first (the report itself first).
     *
     * @throws CaseException NOT_FOUND
     */
    List<Transition> history(String id);

    /** The page of cases {@code query} asks for, in its order. */
    CasePage query(CaseQuery query);

    /** Open cases whose deadline is before {@code now} and that were not escalated yet, at most {@code limit}. */
    List<Case> overdueUnescalated(Instant now, int limit);

    /**
     * The cases the KPIs of {@code [from, to)} depend on: deadline in the period, closed in the
     * period, or open (for {@code openNow} and {@code overdueNow}, whatever the period; {@link Kpis#of}).
     */
    List<Case> forKpis(Instant from, Instant to);

    /** The department of every case, empty for cases without one: each value once. */
    Set<Optional<String>> departments();

    @Override
    void close();
}
