package org.citybrain.govern.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Rules as JSON data, the form of {@code rules.json} and of the rules API. A rule set is
 * {@code {"rules": [rule, ...]}}; one rule:
 *
 * <pre>{@code
 * {"id": "pm25-unhealthy", "name": "PM2.5 above 75 µg/m³ for an hour",
 *  "entityType": "AirQualityObserved", "attribute": "pm25",
 *  "kind": "threshold", "above": 75, "for": "PT1H", "maxGap": "PT1H", "clearBelow": 60,
 *  "severity": "medium", "category": "environment", "subCategory": "airPollution", "suppression": "PT3H"}
 * }</pre>
 *
 * Kinds and their members (durations ISO-8601, defaults in brackets):
 * <ul>
 *   <li>{@code threshold}: {@code above} or {@code below}; {@code for} [PT0S]; {@code maxGap} [PT1H];
 *       {@code clearBelow} (with above) or {@code clearAbove} (with below)</li>
 *   <li>{@code rate}: {@code risePerHour} or {@code fallPerHour}; {@code for} [PT0S]; {@code maxGap} [PT1H]</li>
 *   <li>{@code absence}: {@code silentFor}</li>
 *   <li>{@code anomaly}: {@code season} ({@code hourOfDay} [default] or {@code hourOfWeek});
 *       {@code zone} [UTC]; {@code sigmas} [3]; {@code minSamples} [14]; {@code learningRate} [0.05];
 *       {@code minSpread} [0]; {@code direction} ({@code above} [default], {@code below}, {@code either});
 *       {@code for} [PT0S]; {@code maxGap} [PT1H]</li>
 * </ul>
 * Common: {@code id}, {@code attribute}, {@code kind} and {@code severity} are required;
 * {@code name} [the id], {@code entityType} [any], {@code category} [environment],
 * {@code subCategory}, {@code suppression} [PT0S]. Unknown members are errors, so a typo never
 * passes silently.
 */
public final class RuleJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> COMMON = Set.of("id", "name", "entityType", "attribute", "kind", "severity", "category",
            "subCategory", "suppression");
    private static final Set<String> CATEGORIES = Set.of("traffic", "naturalDisaster", "weather", "environment", "health",
            "security", "agriculture");

    private RuleJson() {
    }

    /**
     * Reads a rule set.
     *
     * @param source names the text in error messages (a file name, "request body")
     * @throws RuleException saying what, where ({@code source: $.rules[2].for}) and why
     */
    public static List<Rule> readSet(String json, String source) {
        JsonNode root = parse(json, source);
        if (!root.isObject() || !root.path("rules").isArray()) {
            throw new RuleException(source + ": $: expected an object with a \"rules\" array");
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int i = 0;
        for (JsonNode node : root.get("rules")) {
            Rule rule = read(node, source + ": $.rules[" + i + "]");
            if (!ids.add(rule.id())) {
                throw new RuleException(source + ": $.rules[" + i + "].id: '" + rule.id() + "' is used by an earlier rule");
            }
            rules.add(rule);
            i++;
        }
        return rules;
    }

    /** Reads one rule, e.g. a request body; errors as {@link #readSet}. */
    public static Rule readRule(String json, String source) {
        return read(parse(json, source), source + ": $");
    }

    private static JsonNode parse(String json, String source) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new RuleException(source + ": line " + e.getLocation().getLineNr() + ": not JSON: " + e.getOriginalMessage());
        }
    }

    static Rule read(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new RuleException(where + ": expected a rule object");
        }
        String kind = text(node, "kind", where).orElseThrow(() -> missing(where, "kind"));
        Set<String> allowed = new HashSet<>(COMMON);
        Condition condition;
        try {
            condition = switch (kind) {
                case "threshold" -> {
                    allowed.addAll(List.of("above", "below", "for", "maxGap", "clearBelow", "clearAbove"));
                    boolean above = oneOf(node, "above", "below", where);
                    double limit = number(node, above ? "above" : "below", where).getAsDouble();
                    OptionalDouble clear = number(node, above ? "clearBelow" : "clearAbove", where);
                    if (node.has(above ? "clearAbove" : "clearBelow")) {
                        throw new RuleException(where + "." + (above ? "clearAbove" : "clearBelow") + ": does not go with "
                                + (above ? "above" : "below"));
                    }
                    yield new Condition.Threshold(above, limit, duration(node, "for", where, Duration.ZERO),
                            duration(node, "maxGap", where, Duration.ofHours(1)), clear);
                }
                case "rate" -> {
                    allowed.addAll(List.of("risePerHour", "fallPerHour", "for", "maxGap"));
                    boolean rising = oneOf(node, "risePerHour", "fallPerHour", where);
                    yield new Condition.RateOfChange(rising, number(node, rising ? "risePerHour" : "fallPerHour", where)
                            .getAsDouble(), duration(node, "for", where, Duration.ZERO),
                            duration(node, "maxGap", where, Duration.ofHours(1)));
                }
                case "absence" -> {
                    allowed.add("silentFor");
                    yield new Condition.Absence(duration(node, "silentFor", where, null));
                }
                case "anomaly" -> {
                    allowed.addAll(List.of("season", "zone", "sigmas", "minSamples", "learningRate", "minSpread", "direction",
                            "for", "maxGap"));
                    String season = text(node, "season", where).orElse("hourOfDay");
                    Condition.Season s = switch (season) {
                        case "hourOfDay" -> Condition.Season.HOUR_OF_DAY;
                        case "hourOfWeek" -> Condition.Season.HOUR_OF_WEEK;
                        default -> throw new RuleException(where + ".season: '" + season + "' is not hourOfDay or hourOfWeek");
                    };
                    String direction = text(node, "direction", where).orElse("above");
                    Condition.Direction d;
                    try {
                        d = Condition.Direction.valueOf(direction.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new RuleException(where + ".direction: '" + direction + "' is not above, below or either");
                    }
                    ZoneId zone;
                    String z = text(node, "zone", where).orElse("UTC");
                    try {
                        zone = ZoneId.of(z);
                    } catch (DateTimeException e) {
                        throw new RuleException(where + ".zone: '" + z + "' is not a time zone");
                    }
                    OptionalDouble minSamples = number(node, "minSamples", where);
                    yield new Condition.Anomaly(s, zone, number(node, "sigmas", where).orElse(3),
                            (int) minSamples.orElse(14), number(node, "learningRate", where).orElse(0.05),
                            number(node, "minSpread", where).orElse(0), d, duration(node, "for", where, Duration.ZERO),
                            duration(node, "maxGap", where, Duration.ofHours(1)));
                }
                default -> throw new RuleException(where + ".kind: '" + kind + "' is not threshold, rate, absence or anomaly");
            };
        } catch (IllegalArgumentException e) {
            if (e instanceof RuleException) {
                throw e;
            }
            throw new RuleException(where + ": " + e.getMessage());
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw new RuleException(where + "." + field + ": not a member of a " + kind + " rule");
            }
        }
        String id = text(node, "id", where).orElseThrow(() -> missing(where, "id"));
        String severity = text(node, "severity", where).orElseThrow(() -> missing(where, "severity"));
        String category = text(node, "category", where).orElse("environment");
        if (!CATEGORIES.contains(category)) {
            throw new RuleException(where + ".category: '" + category + "' is not one of " + CATEGORIES);
        }
        try {
            return new Rule(id, text(node, "name", where).orElse(id), text(node, "entityType", where),
                    text(node, "attribute", where).orElseThrow(() -> missing(where, "attribute")), condition,
                    Severity.parse(severity), category, text(node, "subCategory", where),
                    duration(node, "suppression", where, Duration.ZERO));
        } catch (IllegalArgumentException e) {
            if (e instanceof RuleException) {
                throw e;
            }
            throw new RuleException(where + ": " + e.getMessage());
        }
    }

    /** The JSON of a rule set, as {@link #readSet} reads it. */
    public static ObjectNode writeSet(List<Rule> rules) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode array = root.putArray("rules");
        rules.forEach(r -> array.add(write(r)));
        return root;
    }

    /** The JSON of one rule, every member spelled out. */
    public static ObjectNode write(Rule rule) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", rule.id());
        n.put("name", rule.name());
        rule.entityType().ifPresent(t -> n.put("entityType", t));
        n.put("attribute", rule.attribute());
        Condition c = rule.condition();
        if (c instanceof Condition.Threshold th) {
            n.put("kind", "threshold");
            n.put(th.above() ? "above" : "below", th.limit());
            n.put("for", th.persistence().toString());
            n.put("maxGap", th.maxGap().toString());
            th.clearAt().ifPresent(v -> n.put(th.above() ? "clearBelow" : "clearAbove", v));
        } else if (c instanceof Condition.RateOfChange r) {
            n.put("kind", "rate");
            n.put(r.rising() ? "risePerHour" : "fallPerHour", r.perHour());
            n.put("for", r.persistence().toString());
            n.put("maxGap", r.maxGap().toString());
        } else if (c instanceof Condition.Absence a) {
            n.put("kind", "absence");
            n.put("silentFor", a.silence().toString());
        } else if (c instanceof Condition.Anomaly a) {
            n.put("kind", "anomaly");
            n.put("season", a.season() == Condition.Season.HOUR_OF_DAY ? "hourOfDay" : "hourOfWeek");
            n.put("zone", a.zone().getId());
            n.put("sigmas", a.sigmas());
            n.put("minSamples", a.minSamples());
            n.put("learningRate", a.learningRate());
            n.put("minSpread", a.minSpread());
            n.put("direction", a.direction().name().toLowerCase(Locale.ROOT));
            n.put("for", a.persistence().toString());
            n.put("maxGap", a.maxGap().toString());
        }
        n.put("severity", rule.severity().sdmName());
        n.put("category", rule.category());
        rule.subCategory().ifPresent(s -> n.put("subCategory", s));
        n.put("suppression", rule.suppression().toString());
        return n;
    }

    private static RuleException missing(String where, String field) {
        return new RuleException(where + "." + field + ": required");
    }

    private static boolean oneOf(JsonNode node, String first, String second, String where) {
        if (node.has(first) == node.has(second)) {
            throw new RuleException(where + ": give exactly one of \"" + first + "\" and \"" + second + "\"");
        }
        return node.has(first);
    }

    private static Optional<String> text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new RuleException(where + "." + field + ": expected a non-empty string, got " + v);
        }
        return Optional.of(v.asText());
    }

    private static OptionalDouble number(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return OptionalDouble.empty();
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw new RuleException(where + "." + field + ": expected a number, got " + v);
        }
        return OptionalDouble.of(v.asDouble());
    }

    private static Duration duration(JsonNode node, String field, String where, Duration fallback) {
        Optional<String> text = text(node, field, where);
        if (text.isEmpty()) {
            if (fallback == null) {
                throw missing(where, field);
            }
            return fallback;
        }
        try {
            return Duration.parse(text.get());
        } catch (DateTimeParseException e) {
            throw new RuleException(where + "." + field + ": '" + text.get() + "' is not an ISO-8601 duration (e.g. PT1H, PT30M)");
        }
    }
}
