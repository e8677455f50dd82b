package org.citybrain.govern.store.pg;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.citybrain.govern.cases.Case;
import org.citybrain.govern.cases.CaseException;
import org.citybrain.govern.cases.CaseJson;
import org.citybrain.govern.cases.CasePage;
import org.citybrain.govern.cases.CaseQuery;
import org.citybrain.govern.cases.CaseStore;
import org.citybrain.govern.cases.Transition;
import org.citybrain.hub.store.StoreException;
import org.citybrain.hub.store.pg.PostgresDatabase;

/**
 * Cases in PostgreSQL (production mode, decision 0019): one row per case in
 * {@code citybrain_govern_case} with the searched fields in columns and the case as JSON, its record
 * in {@code citybrain_govern_transition} (append-only, enforced by a trigger). No cache: the
 * database is the one truth every server reads.
 *
 * <p>A transition is one transaction: the case's row is updated only at the version the actor read
 * ({@code WHERE version = ?}) and the transition rows are inserted under their primary key
 * (case, version), so of two servers acting on one case exactly one commits, and the other is told
 * {@link CaseException.Kind#CONFLICT}. A new case's external reference is unique: two servers
 * reporting one alert make one case.
 */
public final class PostgresCaseStore implements CaseStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TERMINAL = "('CLOSED', 'REJECTED')";
    private static final String COLUMNS = "id, number, external_ref, category, department, status, reported_at, deadline, "
            + "closed_at, escalated_to, version, body";

    private final PostgresDatabase database;

    /** The store on {@code database}, its tables created or upgraded now. */
    public PostgresCaseStore(PostgresDatabase database) {
        this.database = database;
        storage("creating the case tables", () -> {
            GovernTables.migrate(database);
            return null;
        });
    }

    @Override
    public long nextNumber() {
        return read("numbering a case", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT nextval('citybrain_govern_case_number')");
                    ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public Case insert(List<Entry> entries) {
        Case last = entries.get(entries.size() - 1).after();
        Optional<Case> holder = storage("recording case " + last.id(), () -> database.transaction("recording case " + last.id(),
                c -> {
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO citybrain_govern_case (" + COLUMNS
                            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (external_ref) DO NOTHING")) {
                        bindCase(insert, last);
                        if (insert.executeUpdate() == 0) {
                            // another case holds the reference (reported on another server, maybe)
                            return Optional.of(one(c, "external_ref", last.externalRef().orElseThrow()).orElseThrow());
                        }
                    }
                    insertTransitions(c, entries);
                    return Optional.<Case>empty();
                }));
        return holder.orElse(last);
    }

    @Override
    public void append(long expectedVersion, List<Entry> entries) {
        Case last = entries.get(entries.size() - 1).after();
        String what = "recording a transition of case " + last.id();
        // a refusal comes back as the case as it stands (none: no such case), not as an exception,
        // which would cost the connection
        Optional<Optional<Case>> refused = storage(what, () -> database.transaction(what, c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE citybrain_govern_case SET department = ?, "
                    + "status = ?, deadline = ?, closed_at = ?, escalated_to = ?, version = ?, body = ? "
                    + "WHERE id = ? AND version = ?")) {
                update.setString(1, last.department().orElse(null));
                update.setString(2, last.status().name());
                update.setTimestamp(3, last.deadline().map(Timestamp::from).orElse(null));
                update.setTimestamp(4, last.closedAt().map(Timestamp::from).orElse(null));
                update.setString(5, last.escalatedTo().orElse(null));
                update.setLong(6, last.version());
                update.setString(7, CaseJson.write(last).toString());
                update.setString(8, last.id());
                update.setLong(9, expectedVersion);
                if (update.executeUpdate() == 0) {
                    return Optional.of(one(c, "id", last.id()));
                }
            }
            insertTransitions(c, entries);
            return Optional.<Optional<Case>>empty();
        }));
        if (refused.isPresent()) {
            Case current = refused.get().orElseThrow(() -> new CaseException(CaseException.Kind.NOT_FOUND, "no case "
                    + last.id()));
            throw CaseException.conflict(current, expectedVersion);
        }
    }

    private static void bindCase(PreparedStatement s, Case c) throws SQLException {
        s.setString(1, c.id());
        s.setLong(2, c.number());
        s.setString(3, c.externalRef().orElse(null));
        s.setString(4, c.category());
        s.setString(5, c.department().orElse(null));
        s.setString(6, c.status().name());
        s.setTimestamp(7, Timestamp.from(c.reportedAt()));
        s.setTimestamp(8, c.deadline().map(Timestamp::from).orElse(null));
        s.setTimestamp(9, c.closedAt().map(Timestamp::from).orElse(null));
        s.setString(10, c.escalatedTo().orElse(null));
        s.setLong(11, c.version());
        s.setString(12, CaseJson.write(c).toString());
    }

    private static void insertTransitions(Connection c, List<Entry> entries) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO citybrain_govern_transition (case_id, version, at, body) VALUES (?, ?, ?, ?)")) {
            for (Entry e : entries) {
                Transition t = e.transition();
                insert.setString(1, t.caseId());
                insert.setLong(2, t.version());
                insert.setTimestamp(3, Timestamp.from(t.at()));
                insert.setString(4, CaseJson.write(t).toString());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    @Override
    public Optional<Case> find(String id) {
        return read("reading case " + id, c -> one(c, "id", id));
    }

    @Override
    public Optional<Case> findByExternalRef(String ref) {
        return read("reading the case of " + ref, c -> one(c, "external_ref", ref));
    }

    /** The case whose {@code column} (a constant of this class) is {@code value}. */
    private static Optional<Case> one(Connection c, String column, String value) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT body FROM citybrain_govern_case WHERE " + column + " = ?")) {
            q.setString(1, value);
            List<Case> found = cases(q);
            return found.stream().findFirst();
        }
    }

    @Override
    public List<Transition> history(String id) {
        List<Transition> history = read("reading the record of case " + id, c -> {
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT body FROM citybrain_govern_transition WHERE case_id = ? ORDER BY version")) {
                q.setString(1, id);
                List<Transition> out = new ArrayList<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(CaseJson.readTransition(parse(rs.getString(1), "a transition of case " + id)));
                    }
                }
                return out;
            }
        });
        if (history.isEmpty()) {
            throw new CaseException(CaseException.Kind.NOT_FOUND, "no case " + id);
        }
        return history;
    }

    @Override
    public CasePage query(CaseQuery query) {
        StringBuilder where = new StringBuilder(" WHERE true");
        List<Object> args = new ArrayList<>();
        any(where, args, "status", query.statuses().stream().map(Enum::name).toList());
        any(where, args, "category", List.copyOf(query.categories()));
        any(where, args, "department", List.copyOf(query.departments()));
        query.reportedFrom().ifPresent(t -> {
            where.append(" AND reported_at >= ?");
            args.add(Timestamp.from(t));
        });
        query.reportedTo().ifPresent(t -> {
            where.append(" AND reported_at <= ?");
            args.add(Timestamp.from(t));
        });
        String order = query.newestFirst() ? " ORDER BY reported_at DESC, number DESC" : " ORDER BY reported_at, number";
        return read("searching the cases", c -> {
            List<Case> page;
            try (PreparedStatement q = c.prepareStatement("SELECT body FROM citybrain_govern_case" + where + order
                    + " LIMIT ? OFFSET ?")) {
                int i = bind(c, q, args);
                q.setInt(i++, query.limit());
                q.setInt(i, query.offset());
                page = cases(q);
            }
            OptionalLong total = OptionalLong.empty();
            if (query.count()) {
                try (PreparedStatement q = c.prepareStatement("SELECT count(*) FROM citybrain_govern_case" + where)) {
                    bind(c, q, args);
                    try (ResultSet rs = q.executeQuery()) {
                        rs.next();
                        total = OptionalLong.of(rs.getLong(1));
                    }
                }
            }
            return new CasePage(page, total);
        });
    }

    /** {@code AND column = ANY(?)} for a non-empty set of values. */
    private static void any(StringBuilder where, List<Object> args, String column, List<String> values) {
        if (!values.isEmpty()) {
            where.append(" AND ").append(column).append(" = ANY(?)");
            args.add(Set.copyOf(values));
        }
    }

    private static int bind(Connection c, PreparedStatement q, List<Object> args) throws SQLException {
        int i = 1;
        for (Object a : args) {
            if (a instanceof Set<?> values) {
                q.setArray(i++, c.createArrayOf("text", values.toArray()));
            } else {
                q.setTimestamp(i++, (Timestamp) a);
            }
        }
        return i;
    }

    @Override
    public List<Case> overdueUnescalated(Instant now, int limit) {
        return read("finding overdue cases", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT body FROM citybrain_govern_case WHERE status NOT IN "
                    + TERMINAL + " AND escalated_to IS NULL AND deadline < ? ORDER BY deadline LIMIT ?")) {
                q.setTimestamp(1, Timestamp.from(now));
                q.setInt(2, limit);
                return cases(q);
            }
        });
    }

    @Override
    public List<Case> forKpis(Instant from, Instant to) {
        return read("reading the cases of the KPIs", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT body FROM citybrain_govern_case WHERE "
                    + "(deadline >= ? AND deadline < ?) OR (closed_at >= ? AND closed_at < ?) "
                    + "OR status NOT IN " + TERMINAL + " ORDER BY reported_at, number")) {
                q.setTimestamp(1, Timestamp.from(from));
                q.setTimestamp(2, Timestamp.from(to));
                q.setTimestamp(3, Timestamp.from(from));
                q.setTimestamp(4, Timestamp.from(to));
                return cases(q);
            }
        });
    }

    @Override
    public Set<Optional<String>> departments() {
        return read("reading the departments", c -> {
            Set<Optional<String>> out = new HashSet<>();
            try (PreparedStatement q = c.prepareStatement("SELECT DISTINCT department FROM citybrain_govern_case");
                    ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(Optional.ofNullable(rs.getString(1)));
                }
            }
            return out;
        });
    }

    private static List<Case> cases(PreparedStatement q) throws SQLException {
        List<Case> out = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(CaseJson.readCase(parse(rs.getString(1), "a case")));
            }
        }
        return out;
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json, String what) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new CaseException(CaseException.Kind.STORAGE, "citybrain_govern tables hold " + what
                    + " that is not JSON: " + e.getMessage(), e);
        }
    }

    private <T> T read(String what, PostgresDatabase.Work<T> work) {
        return storage(what, () -> database.read(what, work));
    }

    /** Runs {@code call}, telling a database failure as a STORAGE case error (nothing was written). */
    private static <T> T storage(String what, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (StoreException e) {
            // the database's own message names the operation when it was given the same words
            String message = e.getMessage() != null && e.getMessage().startsWith(what) ? e.getMessage()
                    : what + ": " + e.getMessage();
            throw new CaseException(CaseException.Kind.STORAGE, message, e);
        }
    }

    /** The database is the caller's: it stays open. */
    @Override
    public void close() {
    }
}
