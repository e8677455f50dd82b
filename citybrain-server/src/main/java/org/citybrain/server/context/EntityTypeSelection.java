package org.citybrain.server.context;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.NgsiLdException;

/**
 * The {@code type} parameter of a query: the entity type selection language (ETSI GS CIM 009
 * clause 4.17). {@code ,} and {@code |} are OR, {@code ;} is AND and binds tighter, parentheses
 * group: {@code (Building;TouristDestination),Parking}.
 *
 * <p>Entities here have one type each, so a selection comes down to the set of types an entity may
 * have to be selected: a name is itself, OR is the union, AND the intersection. {@code A;B} with
 * two different types selects nothing; {@code A;A} is {@code A}.
 */
final class EntityTypeSelection {
    private static final String OPERATORS = ",|;()";

    private final String text;
    private final Function<String, String> expand;
    private int at;

    private EntityTypeSelection(String text, Function<String, String> expand) {
        this.text = text;
        this.expand = expand;
    }

    /**
     * The (expanded) types that {@code selection} accepts; empty when no single type satisfies it.
     *
     * @param expand turns a type name as written (a term) into the name entities carry
     * @throws NgsiLdException BadRequestData at {@code type} if it is not in the language
     */
    static Set<String> parse(String selection, Function<String, String> expand) {
        EntityTypeSelection parser = new EntityTypeSelection(selection, expand);
        Set<String> types = parser.or();
        if (parser.at < selection.length()) {
            throw parser.fail("expected ',', '|', ';' or the end, found '" + selection.charAt(parser.at) + "'");
        }
        return types;
    }

    private Set<String> or() {
        Set<String> any = and();
        while (peek(',') || peek('|')) {
            at++;
            any.addAll(and());
        }
        return any;
    }

    private Set<String> and() {
        Set<String> all = term();
        while (peek(';')) {
            at++;
            all.retainAll(term());
        }
        return all;
    }

    private Set<String> term() {
        if (peek('(')) {
            at++;
            Set<String> inner = or();
            if (!peek(')')) {
                throw fail("expected ')' to close the '(' before");
            }
            at++;
            return inner;
        }
        int start = at;
        while (at < text.length() && OPERATORS.indexOf(text.charAt(at)) < 0) {
            at++;
        }
        String name = text.substring(start, at).trim();
        if (name.isEmpty()) {
            throw fail("expected an entity type");
        }
        Set<String> one = new LinkedHashSet<>();
        one.add(expand.apply(name));
        return one;
    }

    private boolean peek(char c) {
        return at < text.length() && text.charAt(at) == c;
    }

    private NgsiLdException fail(String message) {
        return NgsiLdException.of(ErrorCode.INVALID_QUERY, "type", "at " + at + ": " + message
                + " (entity type selection, clause 4.17: types joined by ',' or '|' for OR, ';' for AND, parentheses)");
    }
}
