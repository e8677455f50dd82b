package org.citybrain.hub.query;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;
import org.citybrain.hub.entity.Entity;

/** The parts of a parsed query: each a predicate on (expanded) entities. */
final class Clauses {
    /** A comparison between values of kinds that have no order (a number and a string, ...). */
    static final int UNORDERED = Integer.MIN_VALUE;

    private Clauses() {
    }

    /** All of them hold ({@code ;}). */
    record All(List<Predicate<Entity>> clauses) implements Predicate<Entity> {
        All {
            clauses = List.copyOf(clauses);
        }

        @Override
        public boolean test(Entity entity) {
            for (Predicate<Entity> clause : clauses) {
                if (!clause.test(entity)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** One of them holds ({@code |}). */
    record Any(List<Predicate<Entity>> clauses) implements Predicate<Entity> {
        Any {
            clauses = List.copyOf(clauses);
        }

        @Override
        public boolean test(Entity entity) {
            for (Predicate<Entity> clause : clauses) {
                if (clause.test(entity)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code attr} (the entity has it) or {@code !attr} (it has not). */
    record Exists(AttributePath path, boolean expected) implements Predicate<Entity> {
        @Override
        public boolean test(Entity entity) {
            return path.exists(entity) == expected;
        }
    }

    /**
     * {@code path op value}. A missing target never matches, not even {@code !=} or {@code !~=}:
     * {@code !=} holds when the target exists and no value of it is equal to the literal (a value
     * of another kind is unequal); {@code !~=} when the target has text and no text of it matches
     * (clause 4.9: the pattern operators never match a target that is not a string). A
     * Relationship's objects answer only {@code ==} and {@code !=} (clause 4.9).
     */
    record Comparison(AttributePath path, Operator operator, Literal literal, Optional<Pattern> pattern)
            implements Predicate<Entity> {

        @Override
        public boolean test(Entity entity) {
            return switch (operator) {
                case UNEQUAL -> path.exists(entity) && !path.anyMatches(entity, new Test(Operator.EQUAL));
                case DOES_NOT_MATCH -> path.anyMatches(entity, HAS_TEXT)
                        && !path.anyMatches(entity, new Test(Operator.MATCHES));
                default -> path.anyMatches(entity, new Test(operator));
            };
        }

        /** The test of one value against the literal; small and short-lived (scalar-replaced when inlined). */
        private final class Test implements ValueTest {
            private final Operator op;

            Test(Operator op) {
                this.op = op;
            }

            @Override
            public boolean number(double value) {
                return !op.isPattern() && holds(op, literal, l -> compare(value, l));
            }

            @Override
            public boolean text(String value) {
                if (op.isPattern()) {
                    try {
                        return pattern.orElseThrow().matcher(new BoundedText(value, BoundedText.budgetFor(value))).find();
                    } catch (BoundedText.Exhausted e) {
                        return false;
                    }
                }
                return holds(op, literal, l -> compare(value, l));
            }

            @Override
            public boolean bool(boolean value) {
                return op == Operator.EQUAL && holds(op, literal, l -> l instanceof Literal.Bool b && b.value() == value ? 0 : UNORDERED);
            }

            @Override
            public boolean instant(Instant value) {
                return !op.isPattern() && holds(op, literal, l -> compare(value, l));
            }

            @Override
            public boolean object(String uri) {
                return op == Operator.EQUAL && text(uri);
            }
        }
    }

    /** Whether a target has text a pattern can be tried on: a string value or text metadata. */
    private static final ValueTest HAS_TEXT = new ValueTest() {
        @Override
        public boolean number(double value) {
            return false;
        }

        @Override
        public boolean text(String value) {
            return true;
        }

        @Override
        public boolean bool(boolean value) {
            return false;
        }

        @Override
        public boolean instant(Instant value) {
            return false;
        }

        @Override
        public boolean object(String uri) {
            return false;
        }
    };

    /** Whether {@code op} holds between the target (which {@code compare} knows) and the literal. */
    static boolean holds(Operator op, Literal literal, ToIntFunction<Literal> compare) {
        if (literal instanceof Literal.AnyOf any) {
            for (Literal value : any.values()) {
                if (holds(op, value, compare)) {
                    return true;
                }
            }
            return false;
        }
        if (literal instanceof Literal.Range range) {
            int low = compare.applyAsInt(range.low());
            int high = compare.applyAsInt(range.high());
            return low != UNORDERED && high != UNORDERED && low >= 0 && high <= 0;
        }
        int c = compare.applyAsInt(literal);
        if (c == UNORDERED) {
            return false;
        }
        return switch (op) {
            case EQUAL -> c == 0;
            case GREATER -> c > 0;
            case GREATER_OR_EQUAL -> c >= 0;
            case LESS -> c < 0;
            case LESS_OR_EQUAL -> c <= 0;
            default -> throw new IllegalArgumentException(op + " is not a comparison");
        };
    }

    static int compare(double value, Literal literal) {
        if (literal instanceof Literal.Number n) {
            return value < n.value() ? -1 : value > n.value() ? 1 : 0;
        }
        return UNORDERED;
    }

    /** Text with text; a date-time string with an unquoted date-time literal as instants. */
    static int compare(String value, Literal literal) {
        if (!(literal instanceof Literal.Text t)) {
            return UNORDERED;
        }
        if (t.instant().isPresent()) {
            Instant instant = instant(value);
            return instant == null ? UNORDERED : Integer.signum(instant.compareTo(t.instant().get()));
        }
        return Integer.signum(value.compareTo(t.value()));
    }

    static int compare(Instant value, Literal literal) {
        if (literal instanceof Literal.Text t && t.instant().isPresent()) {
            return Integer.signum(value.compareTo(t.instant().get()));
        }
        return UNORDERED;
    }

    /** The instant of an ISO 8601 date-time with Z or an offset, or null. */
    static Instant instant(String text) {
        // Cheap shape check first: parse failures throw, and most strings are not date-times.
        if (text.length() < 17 || text.charAt(4) != '-' || text.charAt(10) != 'T') {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
