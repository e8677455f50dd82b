package org.citybrain.hub.query;

import java.util.function.Function;
import java.util.function.Predicate;
import org.citybrain.hub.entity.BadRequestDataException;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.ErrorCode;

/**
 * A parsed NGSI-LD query ({@code q}, ETSI GS CIM 009 clause 4.9) as a predicate on entities whose
 * names are expanded (see {@code org.citybrain.hub.jsonld.Expander}). Parse once, test many
 * entities: testing does not parse and allocates little. Immutable and thread-safe.
 *
 * <h2>Language</h2>
 * <ul>
 *   <li>{@code ;} is AND, {@code |} is OR, AND binds tighter; parentheses group.</li>
 *   <li>A term is a path alone (the entity has it), {@code !path} (it has not), or
 *       {@code path op value} with op one of {@code == != > >= < <= ~= !~=}.</li>
 *   <li>Paths: {@code attr}, {@code attr.sub} (a sub-attribute's value, at any depth),
 *       {@code attr.observedAt} (also {@code unitCode}, {@code datasetId}, {@code createdAt},
 *       {@code modifiedAt}), {@code attr[key]}, {@code attr[key.sub]} or {@code attr[key][sub]}
 *       (a member of a compound value). Attribute and sub-attribute names are expanded with the
 *       function given to {@link #parse}; metadata names and member keys are not.</li>
 *   <li>Values: numbers, {@code "strings"} (JSON strings, with JSON's escapes), {@code true},
 *       {@code false}, date-times with Z or an offset (compared as instants with date-time
 *       strings and metadata times), dates, times and URIs (compared as text); with {@code ==}
 *       and {@code !=} also ranges {@code low..high} (inclusive) and lists {@code a,b,c} (any).</li>
 *   <li>The target of a path is a Property's value (an array value matches if any element does),
 *       a Relationship's objects (any; only {@code ==} and {@code !=} apply to them), or the
 *       metadata named. Numbers compare with numbers, text with text (lexicographically),
 *       booleans only for equality; other pairs never match (and so are unequal).</li>
 *   <li>A missing target matches nothing: {@code attr!=v} needs {@code attr} to exist and no
 *       value of it to equal the literal; {@code attr!~=re} needs text in {@code attr} and no text
 *       of it to match.</li>
 *   <li>{@code ~=} is a Java regular expression found anywhere in a text value (anchor with
 *       {@code ^...$} for the whole value). Unquoted, it runs to the first {@code ;}, {@code |} or
 *       {@code )} outside its own parentheses and brackets; quote it to use those freely (in quotes
 *       {@code \"} is a quote and other backslashes stay for the expression).</li>
 * </ul>
 *
 * <h2>Limits</h2>
 * At most {@value #MAX_LENGTH} characters and {@value #MAX_DEPTH} nested parentheses; a regular
 * expression may read 200,000 characters plus 8 per character of a value (backtracking included)
 * and fails to match beyond that. Numbers compare as doubles.
 */
public final class Query implements Predicate<Entity> {
    /** Longest query accepted, in characters. */
    public static final int MAX_LENGTH = 16_384;
    /** Deepest nesting of parentheses accepted. */
    public static final int MAX_DEPTH = 32;

    private final String text;
    private final Predicate<Entity> predicate;

    private Query(String text, Predicate<Entity> predicate) {
        this.text = text;
        this.predicate = predicate;
    }

    /**
     * Parses a {@code q} parameter.
     *
     * @param expand turns an attribute name as written (a term) into the name entities carry
     *               (usually {@code expander::expand}; {@code Function.identity()} for compact names)
     * @throws BadRequestDataException {@link ErrorCode#INVALID_QUERY} with JSON path {@code q} and a
     *                                 message {@code at <position>: expected ...}, the position
     *                                 counted in characters from 0
     */
    public static Query parse(String q, Function<String, String> expand) {
        return new Query(q, new QueryParser(q, expand).parse());
    }

    @Override
    public boolean test(Entity entity) {
        return predicate.test(entity);
    }

    /** The query as written. */
    @Override
    public String toString() {
        return text;
    }
}
