package org.citybrain.server.govern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.citybrain.govern.cases.Action;
import org.citybrain.govern.cases.Case;
import org.citybrain.govern.cases.CaseException;
import org.citybrain.govern.cases.CaseJson;
import org.citybrain.govern.cases.CasePage;
import org.citybrain.govern.cases.CaseQuery;
import org.citybrain.govern.cases.CaseSource;
import org.citybrain.govern.cases.CaseStatus;
import org.citybrain.govern.cases.Cases;
import org.citybrain.govern.cases.Category;
import org.citybrain.govern.cases.GeoPoint;
import org.citybrain.govern.cases.Kpis;
import org.citybrain.govern.cases.Routing;
import org.citybrain.govern.cases.Transition;
import org.citybrain.govern.rules.Alert;
import org.citybrain.govern.rules.Rule;
import org.citybrain.govern.rules.RuleEngine;
import org.citybrain.govern.rules.RuleJson;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The management API of One Network: early-warning rules and active alerts, cases (report, list,
 * act with the version read), KPIs, and Open311 API keys. docs/governance.md describes each call.
 */
@RestController
@RequestMapping("/api/govern")
@Tag(name = "govern", description = "Early-warning rules, alerts, cases, KPIs")
class GovernController {
    /** The header with the number of matches of a search asked with {@code count=true}. */
    static final String TOTAL = "X-Total-Count";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final RuleStore rules;
    private final RuleEngine engine;
    private final Cases cases;
    private final Open311Keys keys;

    GovernController(RuleStore rules, RuleEngine engine, Cases cases, Open311Keys keys) {
        this.rules = rules;
        this.engine = engine;
        this.cases = cases;
        this.keys = keys;
    }

    @Operation(summary = "The early-warning rules")
    @GetMapping("/rules")
    ObjectNode rules() {
        return RuleJson.writeSet(rules.rules());
    }

    @Operation(summary = "Replace every rule", description = "Body {\"rules\": [...]}; rules unchanged keep their state")
    @PutMapping("/rules")
    ObjectNode replaceRules(@RequestBody String body) {
        rules.replace(RuleJson.readSet(body, "request body"));
        return rules();
    }

    @Operation(summary = "Add a rule, or replace the one with its id")
    @PostMapping("/rules")
    ResponseEntity<ObjectNode> putRule(@RequestBody String body) {
        Rule rule = RuleJson.readRule(body, "request body");
        boolean replaced = rules.put(rule);
        return ResponseEntity.status(replaced ? HttpStatus.OK : HttpStatus.CREATED).body(RuleJson.write(rule));
    }

    @Operation(summary = "Delete a rule")
    @DeleteMapping("/rules/{id}")
    ResponseEntity<Void> deleteRule(@PathVariable String id) {
        try {
            rules.remove(id);
        } catch (IllegalArgumentException e) {
            throw new CaseException(CaseException.Kind.NOT_FOUND, e.getMessage());
        }
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "The alerts active now")
    @GetMapping("/alerts")
    ArrayNode alerts() {
        ArrayNode out = F.arrayNode();
        for (Alert a : engine.active()) {
            ObjectNode n = out.addObject();
            n.put("id", a.entityUri().toString());
            n.put("rule", a.rule().id());
            n.put("severity", a.rule().severity().sdmName());
            n.put("entityId", a.entityId().toString());
            n.put("from", a.from().toString());
            n.put("issued", a.issued().toString());
            n.put("readings", a.readings());
            if (Double.isFinite(a.worst())) {
                n.put("worst", a.worst());
            }
        }
        return out;
    }

    @Operation(summary = "Search the cases", description = "Filters (each a comma list, any of): status, department, "
            + "category; from, to: reported in [from, to] (ISO instants); order newest (default) or oldest; limit (0..10,000, "
            + "default 1,000), offset; count=true: the number of matches in the header " + TOTAL)
    @GetMapping("/cases")
    ResponseEntity<ArrayNode> list(@RequestParam Optional<String> status, @RequestParam Optional<String> department,
            @RequestParam Optional<String> category, @RequestParam Optional<String> from, @RequestParam Optional<String> to,
            @RequestParam(defaultValue = "newest") String order, @RequestParam(defaultValue = "1000") int limit,
            @RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "false") boolean count) {
        if (!order.equals("newest") && !order.equals("oldest")) {
            throw new CaseException(CaseException.Kind.INVALID, "order: '" + order + "' is not newest or oldest");
        }
        Set<CaseStatus> statuses = new HashSet<>();
        status.map(GovernController::csv).orElse(List.of()).forEach(v -> statuses.add(parse(CaseStatus.class, v, "status")));
        CaseQuery query = CaseQuery.newest(limit).page(order.equals("newest"), offset, limit).withStatuses(statuses)
                .withDepartments(Set.copyOf(department.map(GovernController::csv).orElse(List.of())))
                .withCategories(Set.copyOf(category.map(GovernController::csv).orElse(List.of())))
                .reported(from.map(v -> instant(v, "from")), to.map(v -> instant(v, "to"))).counting(count);
        CasePage page = cases.query(query);
        ArrayNode out = F.arrayNode();
        page.cases().forEach(c -> out.add(CaseJson.write(c)));
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        page.total().ifPresent(n -> answer.header(TOTAL, Long.toString(n)));
        return answer.body(out);
    }

    @Operation(summary = "What the case filters can offer", description = "The configured categories (codes) and the "
            + "departments the routes send cases to, sorted; cases may also carry others (imported, dispatched by hand)")
    @GetMapping("/choices")
    ObjectNode choices() {
        ObjectNode out = F.objectNode();
        ArrayNode categories = out.putArray("categories");
        cases.config().categories().stream().map(Category::code).sorted().forEach(categories::add);
        ArrayNode departments = out.putArray("departments");
        cases.config().routing().routes().stream().map(Routing.Route::department).distinct().sorted().forEach(departments::add);
        return out;
    }

    private static List<String> csv(String values) {
        return java.util.Arrays.stream(values.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    @Operation(summary = "Report a case (inspector or operator)", description = "Body {\"category\", \"description\", "
            + "\"location\": {\"lat\", \"long\"}?, \"address\"?, \"source\": \"INSPECTOR\"|\"OPERATOR\"?, \"attachments\": [uri]?}")
    @PostMapping("/cases")
    ResponseEntity<ObjectNode> report(@RequestBody JsonNode body, Principal who) {
        CaseSource source = body.has("source") ? parse(CaseSource.class, body.get("source").asText(), "source")
                : CaseSource.OPERATOR;
        if (source != CaseSource.INSPECTOR && source != CaseSource.OPERATOR) {
            throw new CaseException(CaseException.Kind.INVALID, "$.source: the API reports INSPECTOR or OPERATOR cases; "
                    + "citizens use Open311, alerts come from the rules");
        }
        Optional<GeoPoint> location = Optional.empty();
        if (body.has("location")) {
            JsonNode l = body.get("location");
            if (!l.path("lat").isNumber() || !l.path("long").isNumber()) {
                throw new CaseException(CaseException.Kind.INVALID, "$.location: expected {\"lat\": number, \"long\": number}");
            }
            try {
                location = Optional.of(new GeoPoint(l.get("lat").asDouble(), l.get("long").asDouble()));
            } catch (IllegalArgumentException e) {
                throw new CaseException(CaseException.Kind.INVALID, "$.location: " + e.getMessage());
            }
        }
        Case c = cases.report(new Cases.Report(source, text(body, "category"), text(body, "description"), location,
                Optional.ofNullable(body.path("address").textValue()), who.getName(), Optional.empty(), uris(body)));
        return ResponseEntity.created(URI.create("/api/govern/cases/" + c.id())).body(withHistory(c));
    }

    @Operation(summary = "A case with its record of transitions")
    @GetMapping("/cases/{id}")
    ObjectNode one(@PathVariable String id) {
        return withHistory(cases.find(id).orElseThrow(() -> new CaseException(CaseException.Kind.NOT_FOUND, "no case " + id)));
    }

    @Operation(summary = "Act on a case", description = "Body {\"action\", \"version\" (the one you read), \"target\"?, "
            + "\"note\"?, \"attachments\"?}; 409 with code CONFLICT if the case moved on since, ILLEGAL_TRANSITION if the "
            + "action does not apply")
    @PostMapping("/cases/{id}/actions")
    ObjectNode act(@PathVariable String id, @RequestBody JsonNode body, Principal who) {
        Action action = parse(Action.class, text(body, "action"), "action");
        if (!body.path("version").canConvertToLong()) {
            throw new CaseException(CaseException.Kind.INVALID, "$.version: required, the version of the case you acted on");
        }
        Case c = cases.act(id, body.get("version").asLong(), action, who.getName(),
                Optional.ofNullable(body.path("target").textValue()), Optional.ofNullable(body.path("note").textValue()),
                uris(body));
        return withHistory(c);
    }

    @Operation(summary = "KPIs per department", description = "from, to: ISO instants (default: the last 30 days)")
    @GetMapping("/kpis")
    ObjectNode kpis(@RequestParam Optional<String> from, @RequestParam Optional<String> to) {
        Instant now = Instant.now();
        Instant t = to.map(v -> instant(v, "to")).orElse(now);
        Instant f = from.map(v -> instant(v, "from")).orElse(t.minus(java.time.Duration.ofDays(30)));
        ObjectNode out = F.objectNode();
        out.set("all", kpi(cases.kpis(f, t, now)));
        ObjectNode d = out.putObject("departments");
        cases.kpisByDepartment(f, t, now).forEach((name, k) -> d.set(name, kpi(k)));
        return out;
    }

    @Operation(summary = "Issue an Open311 API key to a client application (administrators)",
            description = "Body {\"client\": \"name\"}; the key is shown this once")
    @PostMapping("/open311/keys")
    ResponseEntity<ObjectNode> issueKey(@RequestBody JsonNode body) {
        String client = text(body, "client");
        ObjectNode out = F.objectNode().put("client", client).put("api_key", keys.issue(client));
        return ResponseEntity.status(HttpStatus.CREATED).body(out);
    }

    private static ObjectNode kpi(Kpis k) {
        ObjectNode n = F.objectNode();
        n.put("from", k.from().toString());
        n.put("to", k.to().toString());
        n.put("due", k.due());
        n.put("closed", k.closed());
        n.put("closedOnTime", k.closedOnTime());
        number(n, "closureRate", k.closureRate());
        number(n, "onTimeRate", k.onTimeRate());
        number(n, "onTimeAmongClosed", k.onTimeAmongClosed());
        n.put("closedInPeriod", k.closedInPeriod());
        number(n, "medianHours", k.medianHours());
        number(n, "p90Hours", k.p90Hours());
        n.put("overdueNow", k.overdueNow());
        n.put("openNow", k.openNow());
        return n;
    }

    private static void number(ObjectNode n, String name, double v) {
        if (Double.isFinite(v)) {
            n.put(name, v);
        } else {
            n.putNull(name);
        }
    }

    private ObjectNode withHistory(Case c) {
        ObjectNode n = CaseJson.write(c);
        ArrayNode h = n.putArray("history");
        for (Transition t : cases.history(c.id())) {
            h.add(CaseJson.write(t));
        }
        return n;
    }

    private static List<URI> uris(JsonNode body) {
        List<URI> out = new ArrayList<>();
        int i = 0;
        for (JsonNode u : body.path("attachments")) {
            try {
                out.add(new URI(u.asText()));
            } catch (java.net.URISyntaxException e) {
                throw new CaseException(CaseException.Kind.INVALID, "$.attachments[" + i + "]: not a URI: " + u.asText());
            }
            i++;
        }
        return out;
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new CaseException(CaseException.Kind.INVALID, "$." + field + ": required, a non-empty string");
        }
        return v.asText();
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CaseException(CaseException.Kind.INVALID, "$." + field + ": '" + value + "' is not one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static Instant instant(String v, String field) {
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new CaseException(CaseException.Kind.INVALID, field + ": '" + v + "' is not an ISO instant (2026-01-31T00:00:00Z)");
        }
    }
}
