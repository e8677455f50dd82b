package org.citybrain.govern.cases;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How cases are handled in one city, as data: the working calendar, the deadline classes, the
 * categories, the districts and the routing table, and each department's supervisor. Read from
 * {@code governance.json}; {@link #defaults()} is the shipped example (Beijing calendar, the 12345
 * deadline table, a few categories, illustrative districts of central Beijing).
 *
 * <pre>{@code
 * {"calendar": {"zone": "Asia/Shanghai", "weekdays": ["MON","TUE","WED","THU","FRI"], "start": "09:00", "end": "18:00",
 *               "holidays": ["2026-10-01"], "extraWorkdays": ["2026-09-27"]},
 *  "deadlines": {"emergency": {"hours": 2}, "utilities": {"hours": 24}, "general": {"workingDays": 7},
 *                "complex": {"workingDays": 15}},
 *  "categories": [{"code": "air-pollution", "name": "Air pollution", "class": "utilities", "group": "environment"}],
 *  "districts": [{"name": "Dongcheng", "polygon": [[116.38, 39.86], [116.45, 39.86], [116.45, 39.97], [116.38, 39.97]]}],
 *  "routes": [{"category": "air-pollution", "district": "Dongcheng", "department": "dongcheng-ecology"},
 *             {"category": "*", "department": "city-operations"}],
 *  "supervisors": {"dongcheng-ecology": "dongcheng-supervisor"}, "defaultSupervisor": "city-supervisor"}
 * }</pre>
 * A deadline is {@code hours} (elapsed, round the clock), {@code workingHours} or {@code workingDays}.
 */
public record GovernanceConfig(WorkingCalendar calendar, Map<String, Deadline> deadlines, List<Category> categories,
        Routing routing, Map<String, String> supervisors, String defaultSupervisor) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public GovernanceConfig {
        Objects.requireNonNull(calendar, "calendar");
        deadlines = Map.copyOf(deadlines);
        categories = List.copyOf(categories);
        Objects.requireNonNull(routing, "routing");
        supervisors = Map.copyOf(supervisors);
        Objects.requireNonNull(defaultSupervisor, "defaultSupervisor");
        Set<String> codes = new HashSet<>();
        for (Category c : categories) {
            if (!codes.add(c.code())) {
                throw new IllegalArgumentException("two categories have the code '" + c.code() + "'");
            }
            if (!deadlines.containsKey(c.deadlineClass())) {
                throw new IllegalArgumentException("category " + c.code() + ": unknown deadline class '" + c.deadlineClass()
                        + "' (known: " + deadlines.keySet() + ")");
            }
        }
        if (!deadlines.containsKey("general")) {
            throw new IllegalArgumentException("the deadline table needs a 'general' class, for categories it does not list");
        }
    }

    /** The category with {@code code}. */
    public Optional<Category> category(String code) {
        return categories.stream().filter(c -> c.code().equals(code)).findFirst();
    }

    /** The deadline of a case of {@code category} reported at {@code reported}; unknown categories are general. */
    public Instant deadline(String category, Instant reported) {
        String cls = category(category).map(Category::deadlineClass).orElse("general");
        return deadlines.get(cls).from(reported, calendar);
    }

    /** Whom a case of {@code department} is escalated to. */
    public String supervisor(Optional<String> department) {
        return department.map(supervisors::get).orElse(defaultSupervisor);
    }

    /** The shipped example configuration (classpath {@code govern/governance.json}). */
    public static GovernanceConfig defaults() {
        try (InputStream in = GovernanceConfig.class.getClassLoader().getResourceAsStream("govern/governance.json")) {
            if (in == null) {
                throw new IllegalStateException("govern/governance.json is missing from the classpath");
            }
            return read(new String(in.readAllBytes(), StandardCharsets.UTF_8), "govern/governance.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a configuration.
     *
     * @throws IllegalArgumentException saying what, where ({@code source: $.routes[2].district}) and why
     */
    public static GovernanceConfig read(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": line " + e.getLocation().getLineNr() + ": not JSON: "
                    + e.getOriginalMessage());
        }
        String at = source + ": $";
        try {
            WorkingCalendar calendar = calendar(root.path("calendar"), at + ".calendar");
            Map<String, Deadline> deadlines = new LinkedHashMap<>();
            JsonNode d = root.path("deadlines");
            if (d.isMissingNode()) {
                deadlines.putAll(Deadline.BEIJING_12345);
            } else {
                d.fields().forEachRemaining(e -> deadlines.put(e.getKey(), deadline(e.getValue(), at + ".deadlines." + e.getKey())));
            }
            List<Category> categories = new ArrayList<>();
            int i = 0;
            for (JsonNode c : root.path("categories")) {
                String w = at + ".categories[" + i++ + "]";
                List<Category.Attribute> attributes = new ArrayList<>();
                int k = 0;
                for (JsonNode a : c.path("attributes")) {
                    String wa = w + ".attributes[" + k++ + "]";
                    Map<String, String> values = new LinkedHashMap<>();
                    a.path("values").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
                    attributes.add(new Category.Attribute(text(a, "code", wa), optText(a, "datatype").orElse("string"),
                            a.path("required").asBoolean(false), optText(a, "description").orElse(text(a, "code", wa)), values));
                }
                categories.add(new Category(text(c, "code", w), optText(c, "name").orElse(text(c, "code", w)),
                        optText(c, "class").orElse("general"), optText(c, "group"), optText(c, "description"), attributes));
            }
            List<Routing.District> districts = new ArrayList<>();
            i = 0;
            for (JsonNode n : root.path("districts")) {
                String w = at + ".districts[" + i++ + "]";
                JsonNode poly = n.path("polygon");
                if (!poly.isArray() || poly.size() < 3) {
                    throw new IllegalArgumentException(w + ".polygon: expected at least 3 [longitude, latitude] points");
                }
                double[] lons = new double[poly.size()];
                double[] lats = new double[poly.size()];
                for (int k = 0; k < poly.size(); k++) {
                    JsonNode p = poly.get(k);
                    if (!p.isArray() || p.size() != 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
                        throw new IllegalArgumentException(w + ".polygon[" + k + "]: expected [longitude, latitude]");
                    }
                    lons[k] = p.get(0).asDouble();
                    lats[k] = p.get(1).asDouble();
                }
                districts.add(new Routing.District(text(n, "name", w), lons, lats));
            }
            List<Routing.Route> routes = new ArrayList<>();
            i = 0;
            for (JsonNode n : root.path("routes")) {
                String w = at + ".routes[" + i++ + "]";
                routes.add(new Routing.Route(optText(n, "category").orElse("*"), optText(n, "district"), text(n, "department", w)));
            }
            Map<String, String> supervisors = new HashMap<>();
            root.path("supervisors").fields().forEachRemaining(e -> supervisors.put(e.getKey(), e.getValue().asText()));
            return new GovernanceConfig(calendar, deadlines, categories, new Routing(districts, routes), supervisors,
                    optText(root, "defaultSupervisor").orElse("supervisor"));
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().startsWith(source) ? e
                    : new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static WorkingCalendar calendar(JsonNode n, String w) {
        if (n.isMissingNode()) {
            return WorkingCalendar.BEIJING;
        }
        WorkingCalendar b = WorkingCalendar.BEIJING;
        try {
            ZoneId zone = optText(n, "zone").map(ZoneId::of).orElse(b.zone());
            Set<DayOfWeek> weekdays = b.weekdays();
            if (n.has("weekdays")) {
                weekdays = EnumSet.noneOf(DayOfWeek.class);
                for (JsonNode day : n.get("weekdays")) {
                    weekdays.add(weekday(day.asText(), w + ".weekdays"));
                }
            }
            LocalTime start = optText(n, "start").map(LocalTime::parse).orElse(b.start());
            LocalTime end = optText(n, "end").map(LocalTime::parse).orElse(b.end());
            return new WorkingCalendar(zone, weekdays, start, end, dates(n.path("holidays")), dates(n.path("extraWorkdays")));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(w + ": " + e.getMessage());
        }
    }

    private static DayOfWeek weekday(String text, String w) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().startsWith(text.toUpperCase(Locale.ROOT)) && text.length() >= 3) {
                return d;
            }
        }
        throw new IllegalArgumentException(w + ": '" + text + "' is not a weekday (MON, TUE, ...)");
    }

    private static Set<LocalDate> dates(JsonNode array) {
        Set<LocalDate> out = new HashSet<>();
        for (JsonNode d : array) {
            out.add(LocalDate.parse(d.asText()));
        }
        return out;
    }

    private static Deadline deadline(JsonNode n, String w) {
        if (n.has("hours")) {
            return new Deadline(Duration.ofMinutes(Math.round(n.get("hours").asDouble() * 60)), false);
        }
        if (n.has("workingHours")) {
            return new Deadline(Duration.ofMinutes(Math.round(n.get("workingHours").asDouble() * 60)), true);
        }
        if (n.has("workingDays") && n.get("workingDays").canConvertToInt()) {
            return new Deadline(Duration.ofDays(n.get("workingDays").asInt()), true);
        }
        throw new IllegalArgumentException(w + ": expected {\"hours\": n}, {\"workingHours\": n} or {\"workingDays\": whole n}");
    }

    private static String text(JsonNode n, String field, String w) {
        return optText(n, field).orElseThrow(() -> new IllegalArgumentException(w + "." + field + ": required"));
    }

    private static Optional<String> optText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? Optional.empty() : Optional.of(v.asText());
    }

}
