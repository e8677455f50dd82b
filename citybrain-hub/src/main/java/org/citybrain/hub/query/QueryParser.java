package org.citybrain.hub.query;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.citybrain.hub.entity.BadRequestDataException;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.ErrorCode;

/**
 * Recursive descent over the {@code q} grammar (see {@link Query}). Recursion happens only at
 * parentheses, which are capped at {@link Query#MAX_DEPTH}; sequences are loops, so long queries
 * cannot exhaust the stack. One parser per string; not thread-safe.
 */
final class QueryParser {
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIME = Pattern.compile("\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?Z?");
    private static final Pattern URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:[^\\s\"]+");
    /** Ends an unquoted value, besides the {@code ..} of a range. */
    private static final String VALUE_END = ";|),";

    private final String q;
    private final Function<String, String> expand;
    private int at;
    private int depth;

    QueryParser(String q, Function<String, String> expand) {
        this.q = q;
        this.expand = expand;
    }

    Predicate<Entity> parse() {
        if (q.length() > Query.MAX_LENGTH) {
            throw fail(Query.MAX_LENGTH, "a query has at most " + Query.MAX_LENGTH + " characters");
        }
        Predicate<Entity> query = or();
        if (at < q.length()) {
            throw fail(at, "expected ';', '|' or the end of the query, found '" + q.charAt(at) + "'");
        }
        return query;
    }

    private Predicate<Entity> or() {
        List<Predicate<Entity>> any = new ArrayList<>();
        any.add(and());
        while (peek('|')) {
            at++;
            any.add(and());
        }
        return any.size() == 1 ? any.get(0) : new Clauses.Any(any);
    }

    private Predicate<Entity> and() {
        List<Predicate<Entity>> all = new ArrayList<>();
        all.add(term());
        while (peek(';')) {
            at++;
            all.add(term());
        }
        return all.size() == 1 ? all.get(0) : new Clauses.All(all);
    }

    private Predicate<Entity> term() {
        if (peek('(')) {
            if (++depth > Query.MAX_DEPTH) {
                throw fail(at, "parentheses nest at most " + Query.MAX_DEPTH + " deep");
            }
            at++;
            Predicate<Entity> inner = or();
            if (!peek(')')) {
                throw fail(at, "expected ')' to close the '(' before");
            }
            at++;
            depth--;
            return inner;
        }
        if (peek('!') && !q.startsWith("!=", at) && !q.startsWith("!~=", at)) {
            at++;
            return new Clauses.Exists(path(), false);
        }
        AttributePath path = path();
        if (at == q.length() || VALUE_END.indexOf(q.charAt(at)) >= 0 && q.charAt(at) != ',') {
            return new Clauses.Exists(path, true);
        }
        Operator operator = operator(path);
        int valueAt = at;
        if (operator.isPattern()) {
            String regex = regex();
            try {
                return new Clauses.Comparison(path, operator, new Literal.Text(regex, Optional.empty()),
                        Optional.of(Pattern.compile(regex)));
            } catch (PatternSyntaxException e) {
                throw fail(valueAt + Math.max(0, e.getIndex()), "invalid regular expression: " + e.getDescription());
            }
        }
        Literal value = value(operator);
        return new Clauses.Comparison(path, operator, value, Optional.empty());
    }

    private AttributePath path() {
        int start = at;
        List<String> names = new ArrayList<>();
        names.add(name("an attribute name"));
        while (peek('.')) {
            at++;
            names.add(name("a sub-attribute name after '.'"));
        }
        List<String> keys = new ArrayList<>();
        while (peek('[')) {
            at++;
            keys.add(key());
            while (peek('.')) {
                at++;
                keys.add(key());
            }
            if (!peek(']')) {
                throw fail(at, "expected ']' after the member name");
            }
            at++;
        }
        String text = q.substring(start, at);
        Optional<AttributePath.Metadata> metadata = names.size() > 1
                ? AttributePath.Metadata.named(names.get(names.size() - 1)) : Optional.empty();
        if (metadata.isPresent()) {
            names.remove(names.size() - 1);
            if (!keys.isEmpty()) {
                throw fail(start, "metadata have no members: " + text);
            }
        }
        List<String> expanded = new ArrayList<>(names.size());
        for (String name : names) {
            expanded.add(expand.apply(name));
        }
        return new AttributePath(expanded.get(0), expanded.subList(1, expanded.size()), metadata, keys, text);
    }

    private String name(String expected) {
        int start = at;
        while (at < q.length() && isNameChar(q.charAt(at))) {
            at++;
        }
        if (at == start) {
            throw fail(at, "expected " + expected);
        }
        return q.substring(start, at);
    }

    private String key() {
        int start = at;
        while (at < q.length() && "[].".indexOf(q.charAt(at)) < 0) {
            at++;
        }
        if (at == start) {
            throw fail(at, "expected a member name inside '[...]'");
        }
        return q.substring(start, at);
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':' || c == '-';
    }

    private Operator operator(AttributePath path) {
        for (Operator op : Operator.BY_LENGTH) {
            if (q.startsWith(op.symbol, at)) {
                at += op.symbol.length();
                return op;
            }
        }
        throw fail(at, "expected an operator after '" + path.text() + "' (==, !=, >, >=, <, <=, ~=, !~=)");
    }

    /**
     * An unquoted regular expression runs to the first {@code ;}, {@code |} or {@code )} outside
     * its own parentheses and brackets (so {@code (a|b)} is one pattern); a quoted one is a string.
     */
    private String regex() {
        if (peek('"')) {
            return quotedPattern();
        }
        int start = at;
        int parens = 0;
        boolean inClass = false;
        while (at < q.length()) {
            char c = q.charAt(at);
            if (c == '\\' && at + 1 < q.length()) {
                at += 2;
                continue;
            }
            if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                parens++;
            } else if (c == ')') {
                if (parens == 0) {
                    break;
                }
                parens--;
            } else if ((c == ';' || c == '|') && parens == 0) {
                break;
            }
            at++;
        }
        if (at == start) {
            throw fail(at, "expected a regular expression after the operator");
        }
        return q.substring(start, at);
    }

    private Literal value(Operator operator) {
        int start = at;
        Literal first = rangeOrScalar();
        if (!peek(',')) {
            if (first instanceof Literal.Range && !operator.takesRangesAndLists()) {
                throw fail(start, "a range goes only with == or !=");
            }
            return first;
        }
        if (!operator.takesRangesAndLists()) {
            throw fail(at, "a list of values goes only with == or !=");
        }
        List<Literal> values = new ArrayList<>();
        values.add(first);
        while (peek(',')) {
            at++;
            values.add(scalar());
        }
        return new Literal.AnyOf(values);
    }

    private Literal rangeOrScalar() {
        Literal low = scalar();
        if (!q.startsWith("..", at)) {
            return low;
        }
        at += 2;
        Literal high = scalar();
        if (low.getClass() != high.getClass() || low instanceof Literal.Bool) {
            throw fail(at, "a range needs two numbers, two strings or two date-times");
        }
        return new Literal.Range(low, high);
    }

    private Literal scalar() {
        if (peek('"')) {
            return new Literal.Text(quoted(), Optional.empty());
        }
        int start = at;
        while (at < q.length() && VALUE_END.indexOf(q.charAt(at)) < 0 && !q.startsWith("..", at)) {
            at++;
        }
        String token = q.substring(start, at);
        if (token.equals("true") || token.equals("false")) {
            return new Literal.Bool(Boolean.parseBoolean(token));
        }
        if (NUMBER.matcher(token).matches()) {
            return new Literal.Number(Double.parseDouble(token));
        }
        if (token.length() > 10 && DATE.matcher(token.substring(0, 10)).matches() && token.charAt(10) == 'T') {
            return new Literal.Text(token, Optional.of(dateTime(token, start)));
        }
        if (DATE.matcher(token).matches() || TIME.matcher(token).matches() || URI.matcher(token).matches()) {
            return new Literal.Text(token, Optional.empty());
        }
        throw fail(start, token.isEmpty() ? "expected a value" : "expected a value (a number, a \"string\", true,"
                + " false, a date-time, a date, a time or a URI), found '" + token + "'");
    }

    private Instant dateTime(String token, int start) {
        try {
            return OffsetDateTime.parse(token).toInstant();
        } catch (DateTimeParseException e) {
            try {
                LocalDateTime.parse(token);
                throw fail(start, "a date-time needs Z or an offset: " + token);
            } catch (DateTimeParseException notEvenLocal) {
                throw fail(start, "not an ISO 8601 date-time: " + token);
            }
        }
    }

    /**
     * A string in double quotes, with the escapes of a JSON string (clause 4.9 takes quoted strings
     * from RFC 8259): {@code \" \\ \/ \b \f \n \r \t}, and backslash-u with four hexadecimal digits.
     */
    private String quoted() {
        int start = at;
        at++;
        StringBuilder text = new StringBuilder();
        while (at < q.length() && q.charAt(at) != '"') {
            char c = q.charAt(at++);
            if (c != '\\') {
                text.append(c);
                continue;
            }
            if (at == q.length()) {
                break;
            }
            char escaped = q.charAt(at++);
            switch (escaped) {
                case '"', '\\', '/' -> text.append(escaped);
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'u' -> {
                    if (at + 4 > q.length() || !q.substring(at, at + 4).matches("[0-9A-Fa-f]{4}")) {
                        throw fail(at - 2, "expected four hexadecimal digits after \\u");
                    }
                    text.append((char) Integer.parseInt(q.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> throw fail(at - 2, "invalid escape '\\" + escaped + "' in a string (JSON escapes: \\\" \\\\ \\/"
                        + " \\b \\f \\n \\r \\t \\uXXXX)");
            }
        }
        if (at >= q.length()) {
            throw fail(start, "string not closed: expected '\"'");
        }
        at++;
        return text.toString();
    }

    /**
     * A regular expression in double quotes: {@code \"} is a quote, every other backslash is kept
     * for the expression ({@code "\d+"} is the pattern {@code \d+}).
     */
    private String quotedPattern() {
        int start = at;
        at++;
        StringBuilder text = new StringBuilder();
        while (at < q.length() && q.charAt(at) != '"') {
            if (q.startsWith("\\\"", at)) {
                at++;
            } else if (q.charAt(at) == '\\' && at + 1 < q.length()) {
                text.append(q.charAt(at++));
            }
            text.append(q.charAt(at++));
        }
        if (at >= q.length()) {
            throw fail(start, "string not closed: expected '\"'");
        }
        at++;
        return text.toString();
    }

    private boolean peek(char c) {
        return at < q.length() && q.charAt(at) == c;
    }

    private static BadRequestDataException fail(int position, String message) {
        return new BadRequestDataException(ErrorCode.INVALID_QUERY, "q", "at " + position + ": " + message);
    }
}
