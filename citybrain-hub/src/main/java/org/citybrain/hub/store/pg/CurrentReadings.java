package org.citybrain.hub.store.pg;

import java.net.URI;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.citybrain.hub.store.Reading;
import org.citybrain.hub.store.ReadingStore;

/**
 * The current readings of a {@link PostgresReadingStore} ({@code citybrain_current}) read in the
 * same statement as the rows of another table of its database: one round trip and one snapshot
 * where a query per row would take two and two. {@link #lateral} is a subquery giving, for each
 * row of the outer query, the current readings of the entity that row names as five arrays in
 * attribute order (NULL if it has none); {@link #COLUMNS} selects them and {@link #read} makes them
 * readings again, equal to what {@link PostgresReadingStore#current} answers.
 *
 * <p>Only for a store {@link #sameTables} says the connection sees.
 */
public final class CurrentReadings {
    /** The five arrays of {@link #lateral}, for the select list, in the order {@link #read} takes them. */
    public static final String COLUMNS = "cur.device_ids, cur.entity_types, cur.attributes, cur.observed_ns, cur.vals";

    private CurrentReadings() {
    }

    /**
     * Whether {@code readings} is a PostgreSQL store whose tables a connection with
     * {@code options} sees: same URL, role and schema. Two spellings of one server (a host name
     * and its address) count as different, which only costs the second round trip.
     */
    public static boolean sameTables(ReadingStore readings, PostgresOptions options) {
        if (!(readings instanceof PostgresReadingStore store)) {
            return false;
        }
        PostgresOptions own = store.options();
        return own.url().equals(options.url()) && own.user().equals(options.user()) && own.schema().equals(options.schema());
    }

    /**
     * {@code LATERAL (...) AS cur}, to follow the outer query's {@code FROM} item with a comma:
     * the current readings of the entity whose id is {@code idColumn} (an expression of the outer
     * query, of type text), through the primary key of {@code citybrain_current}.
     */
    public static String lateral(String idColumn) {
        // the explicit collation matches the key's, whatever the outer column's (citybrain_entity.id is "C")
        return "LATERAL (SELECT array_agg(device_id ORDER BY attribute) AS device_ids,"
                + " array_agg(entity_type ORDER BY attribute) AS entity_types,"
                + " array_agg(attribute ORDER BY attribute) AS attributes,"
                + " array_agg(observed_ns ORDER BY attribute) AS observed_ns,"
                + " array_agg(value ORDER BY attribute) AS vals"
                + " FROM citybrain_current WHERE entity_id = " + idColumn + " COLLATE \"default\") AS cur";
    }

    /**
     * The readings in columns {@code first} to {@code first + 4} of the current row (selected by
     * {@link #COLUMNS}), by attribute name in attribute order; empty if the entity has none.
     */
    public static Map<String, Reading> read(ResultSet rs, int first, URI entityId) throws SQLException {
        String[] devices = strings(rs.getArray(first));
        if (devices == null) {
            return Map.of();
        }
        String[] types = strings(rs.getArray(first + 1));
        String[] attributes = strings(rs.getArray(first + 2));
        Long[] nanos = (Long[]) rs.getArray(first + 3).getArray();
        String[] values = strings(rs.getArray(first + 4));
        Map<String, Reading> current = new LinkedHashMap<>();
        for (int i = 0; i < devices.length; i++) {
            current.put(attributes[i], new Reading(devices[i], entityId, types[i], attributes[i],
                    PostgresReadingStore.observedAt(nanos[i]), values[i]));
        }
        return current;
    }

    private static String[] strings(Array array) throws SQLException {
        return array == null ? null : (String[]) array.getArray();
    }
}
