package org.citybrain.hub.query;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A value written in a query, right of its operator. */
sealed interface Literal {

    /** A number; compared as a double. */
    record Number(double value) implements Literal {
    }

    /**
     * Text: a quoted string, or an unquoted date-time, date, time or URI.
     *
     * @param instant the instant of an unquoted date-time (with Z or an offset): such a literal
     *                compares as an instant with date-time values and metadata times
     */
    record Text(String value, Optional<Instant> instant) implements Literal {
    }

    record Bool(boolean value) implements Literal {
    }

    /** {@code low..high}, both ends included. */
    record Range(Literal low, Literal high) implements Literal {
    }

    /** {@code a,b,c}: any of them. */
    record AnyOf(List<Literal> values) implements Literal {
        public AnyOf {
            values = List.copyOf(values);
        }
    }
}
