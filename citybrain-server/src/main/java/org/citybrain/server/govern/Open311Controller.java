package org.citybrain.server.govern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.citybrain.govern.cases.Case;
import org.citybrain.govern.cases.CaseException;
import org.citybrain.govern.cases.CaseQuery;
import org.citybrain.govern.cases.CaseSource;
import org.citybrain.govern.cases.CaseStatus;
import org.citybrain.govern.cases.Cases;
import org.citybrain.govern.cases.Category;
import org.citybrain.govern.cases.GeoPoint;
import org.citybrain.hub.store.StoreException;
import org.citybrain.server.ServerSettings;
import org.citybrain.server.security.Role;
import org.citybrain.server.security.UserRegistry;
import org.citybrain.server.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Open311 GeoReport v2 under {@code /open311/v2/}: services and their definitions from the
 * governance categories, requests as cases ({@code POST} with an API key; {@code GET} public),
 * tokens. Every call ends in {@code .json} or {@code .xml}; errors come in GeoReport's own form
 * ({@code [{"code": 400, "description": "..."}]}, {@code <errors><error>...}).
 *
 * <p>A request's {@code status} is {@code closed} once its case is closed or rejected, else
 * {@code open}; {@code agency_responsible} is the case's department, {@code expected_datetime} its
 * deadline, {@code status_notes} the note of its last transition.
 */
@RestController
@RequestMapping("/open311/v2")
class Open311Controller {
    /** The longest {@code start_date}..{@code end_date} span, and the default window. */
    static final Duration MAX_SPAN = Duration.ofDays(90);
    /** Requests returned at most by one search. */
    static final int LIMIT = 1000;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final java.time.format.DateTimeFormatter W3C = java.time.format.DateTimeFormatter.ofPattern(
            "uuuu-MM-dd'T'HH:mm:ssXXX");
    private static final Map<String, String> ITEMS = Map.of("services", "service", "service_requests", "request",
            "attributes", "attribute", "values", "value", "errors", "error");

    private final Cases cases;
    private final Open311Keys keys;
    private final UserRegistry users;
    private final ServerSettings settings;

    Open311Controller(Cases cases, Open311Keys keys, UserRegistry users, ServerSettings settings) {
        this.cases = cases;
        this.keys = keys;
        this.users = users;
        this.settings = settings;
    }

    /** A GeoReport error: its HTTP status and description. */
    static final class Open311Exception extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final HttpStatus status;
        final String format;

        Open311Exception(HttpStatus status, String format, String description) {
            super(description);
            this.status = status;
            this.format = format;
        }
    }

    @GetMapping("/services.{format}")
    ResponseEntity<String> services(@PathVariable String format) {
        check(format);
        ArrayNode out = F.arrayNode();
        for (Category c : cases.config().categories()) {
            out.add(service(c));
        }
        return answer(format, "services", out);
    }

    @GetMapping("/services/{code}.{format}")
    ResponseEntity<String> definition(@PathVariable String code, @PathVariable String format) {
        check(format);
        Category c = cases.config().category(code)
                .orElseThrow(() -> new Open311Exception(HttpStatus.NOT_FOUND, format, "no service with service_code " + code));
        ObjectNode d = F.objectNode();
        d.put("service_code", c.code());
        ArrayNode attributes = d.putArray("attributes");
        int order = 1;
        for (Category.Attribute a : c.attributes()) {
            ObjectNode n = attributes.addObject();
            n.put("variable", true);
            n.put("code", a.code());
            n.put("datatype", a.datatype());
            n.put("required", a.required());
            n.put("datatype_description", a.datatype().endsWith("list") ? "one of the values' keys" : a.datatype());
            n.put("order", order++);
            n.put("description", a.description());
            ArrayNode values = n.putArray("values");
            a.values().forEach((k, v) -> values.addObject().put("key", k).put("name", v));
        }
        return answer(format, "service_definition", d);
    }

    @PostMapping(value = "/requests.{format}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<String> create(@PathVariable String format, @RequestParam Map<String, String> form) {
        check(format);
        String key = form.get("api_key");
        if (key == null || key.isBlank() || !validKey(key)) {
            throw new Open311Exception(HttpStatus.FORBIDDEN, format, "api_key was not provided or is not valid");
        }
        String code = form.get("service_code");
        if (code == null || code.isBlank()) {
            throw new Open311Exception(HttpStatus.BAD_REQUEST, format, "service_code is required");
        }
        Category category = cases.config().category(code)
                .orElseThrow(() -> new Open311Exception(HttpStatus.BAD_REQUEST, format, "no service with service_code " + code));
        Optional<GeoPoint> location = Optional.empty();
        if (form.containsKey("lat") || form.containsKey("long")) {
            try {
                location = Optional.of(new GeoPoint(Double.parseDouble(form.getOrDefault("lat", "")),
                        Double.parseDouble(form.getOrDefault("long", ""))));
            } catch (IllegalArgumentException e) {
                throw new Open311Exception(HttpStatus.BAD_REQUEST, format, "lat and long must both be WGS84 degrees: "
                        + form.get("lat") + ", " + form.get("long"));
            }
        }
        Optional<String> address = Optional.ofNullable(form.get("address_string")).filter(s -> !s.isBlank())
                .or(() -> Optional.ofNullable(form.get("address_id")).filter(s -> !s.isBlank()));
        if (location.isEmpty() && address.isEmpty()) {
            throw new Open311Exception(HttpStatus.BAD_REQUEST, format, "a location is required: lat and long, address_string "
                    + "or address_id");
        }
        String description = form.getOrDefault("description", "");
        if (description.length() > 4000) {
            throw new Open311Exception(HttpStatus.BAD_REQUEST, format, "description is longer than 4,000 characters");
        }
        StringBuilder text = new StringBuilder(description.isBlank() ? category.name() : description);
        for (Category.Attribute a : category.attributes()) {
            String value = form.get("attribute[" + a.code() + "]");
            if (value == null || value.isBlank()) {
                if (a.required()) {
                    throw new Open311Exception(HttpStatus.BAD_REQUEST, format, "attribute[" + a.code() + "] is required");
                }
                continue;
            }
            if (a.datatype().equals("singlevaluelist") && !a.values().containsKey(value)) {
                throw new Open311Exception(HttpStatus.BAD_REQUEST, format, "attribute[" + a.code() + "]: '" + value
                        + "' is not one of " + a.values().keySet());
            }
            text.append("\n").append(a.code()).append(": ").append(value);
        }
        String token = UUID.randomUUID().toString();
        java.util.List<java.net.URI> media = new java.util.ArrayList<>();
        if (form.get("media_url") != null && !form.get("media_url").isBlank()) {
            try {
                media.add(java.net.URI.create(form.get("media_url")));
            } catch (IllegalArgumentException e) {
                throw new Open311Exception(HttpStatus.BAD_REQUEST, format, "media_url is not a URL");
            }
        }
        Case c = cases.report(new Cases.Report(CaseSource.CITIZEN, code, text.toString(), location, address,
                reporter(form), Optional.of("open311:" + token), media));
        ArrayNode out = F.arrayNode();
        out.addObject().put("service_request_id", c.id()).put("token", token)
                .put("service_notice", "expected by " + c.deadline().map(this::time).orElse("(no deadline)")).putNull("account_id");
        return answer(format, "service_requests", out, HttpStatus.CREATED);
    }

    @GetMapping("/requests.{format}")
    ResponseEntity<String> search(@PathVariable String format, @RequestParam Optional<String> service_request_id,
            @RequestParam Optional<String> service_code, @RequestParam Optional<String> start_date,
            @RequestParam Optional<String> end_date, @RequestParam Optional<String> status,
            @RequestParam Optional<String> page, @RequestParam Optional<String> page_size) {
        check(format);
        ArrayNode out = F.arrayNode();
        if (service_request_id.isPresent()) {
            // ids given: the other parameters do not apply (GeoReport v2)
            for (String id : list(service_request_id.get())) {
                cases.find(id).ifPresent(c -> out.add(request(c)));
            }
            return answer(format, "service_requests", out);
        }
        Instant end = end_date.map(d -> date(d, "end_date", format)).orElse(Instant.now());
        Instant start = start_date.map(d -> date(d, "start_date", format)).orElse(end.minus(MAX_SPAN));
        if (Duration.between(start, end).compareTo(MAX_SPAN) > 0) {
            throw new Open311Exception(HttpStatus.BAD_REQUEST, format, "start_date to end_date spans more than 90 days");
        }
        Set<String> codes = service_code.map(Open311Controller::list).map(Set::copyOf).orElse(Set.of());
        Set<String> statuses = status.map(Open311Controller::list).map(Set::copyOf).orElse(Set.of());
        for (String s : statuses) {
            if (!s.equals("open") && !s.equals("closed")) {
                throw new Open311Exception(HttpStatus.BAD_REQUEST, format, "status '" + s + "' is not open or closed");
            }
        }
        // both statuses, or none: no filter
        Set<CaseStatus> wanted = statuses.size() == 1 ? Arrays.stream(CaseStatus.values())
                .filter(x -> status(x).equals(statuses.iterator().next())).collect(Collectors.toSet()) : Set.of();
        int size = number(page_size, "page_size", LIMIT, 1, LIMIT, format);
        int from = (number(page, "page", 1, 1, Integer.MAX_VALUE / LIMIT, format) - 1) * size;
        // newest first, as clients show them; filtered, ordered and cut in the store
        CaseQuery query = CaseQuery.newest(size).page(true, from, size).withCategories(codes).withStatuses(wanted)
                .reported(Optional.of(start), Optional.of(end));
        cases.query(query).cases().forEach(c -> out.add(request(c)));
        return answer(format, "service_requests", out);
    }

    @GetMapping("/requests/{id}.{format}")
    ResponseEntity<String> one(@PathVariable String id, @PathVariable String format) {
        check(format);
        Case c = cases.find(id).orElseThrow(() -> new Open311Exception(HttpStatus.NOT_FOUND, format, "no request " + id));
        ArrayNode out = F.arrayNode();
        out.add(request(c));
        return answer(format, "service_requests", out);
    }

    @GetMapping("/tokens/{token}.{format}")
    ResponseEntity<String> token(@PathVariable String token, @PathVariable String format) {
        check(format);
        Case c = cases.findByExternalRef("open311:" + token)
                .orElseThrow(() -> new Open311Exception(HttpStatus.NOT_FOUND, format, "no request with token " + token));
        ArrayNode out = F.arrayNode();
        out.addObject().put("service_request_id", c.id()).put("token", token);
        return answer(format, "service_requests", out);
    }

    @ExceptionHandler(Open311Exception.class)
    ResponseEntity<String> error(Open311Exception e) {
        ArrayNode errors = F.arrayNode();
        errors.addObject().put("code", e.status.value()).put("description", e.getMessage());
        return answer(e.format, "errors", errors, e.status);
    }

    @ExceptionHandler(CaseException.class)
    ResponseEntity<String> caseError(CaseException e, HttpServletRequest request) {
        if (e.kind() == CaseException.Kind.STORAGE) {
            return storeError(e, request);
        }
        HttpStatus status = e.kind() == CaseException.Kind.NOT_FOUND ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST;
        return error(new Open311Exception(status, format(request), e.getMessage()));
    }

    /**
     * A store that failed: the case store ({@link CaseException.Kind#STORAGE}), the keys' PostgreSQL
     * table ({@link StoreException}) or their file ({@link UncheckedIOException}, only the key file
     * raises it here). 503 as the rest of the server answers it ({@link Problems#storeFailureDetail}),
     * in GeoReport's error format.
     */
    @ExceptionHandler({StoreException.class, UncheckedIOException.class})
    ResponseEntity<String> storeError(RuntimeException e, HttpServletRequest request) {
        return error(new Open311Exception(HttpStatus.SERVICE_UNAVAILABLE, format(request),
                Problems.storeFailureDetail(request.getMethod(), e)));
    }

    /** The format a call asked for by its path's ending, for errors raised before it was checked. */
    private static String format(HttpServletRequest request) {
        return request.getRequestURI().endsWith(".xml") ? "xml" : "json";
    }

    private boolean validKey(String key) {
        if (keys.client(key) != null) {
            return true;
        }
        if (settings.adminToken().isPresent() && MessageDigest.isEqual(settings.adminToken().get().getBytes(
                java.nio.charset.StandardCharsets.UTF_8), key.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            return true;
        }
        return users.authenticate(key).filter(u -> u.role() == Role.ADMIN).isPresent();
    }

    private static String reporter(Map<String, String> form) {
        String who = String.join(" ", form.getOrDefault("first_name", ""), form.getOrDefault("last_name", "")).trim();
        return who.isEmpty() ? form.getOrDefault("email", "citizen").isBlank() ? "citizen" : form.getOrDefault("email", "citizen")
                : who;
    }

    private ObjectNode service(Category c) {
        ObjectNode n = F.objectNode();
        n.put("service_code", c.code());
        n.put("service_name", c.name());
        n.put("description", c.description().orElse(c.name()));
        n.put("metadata", !c.attributes().isEmpty());
        n.put("type", "realtime");
        n.put("keywords", c.group().map(g -> g + "," + c.code()).orElse(c.code()));
        if (c.group().isPresent()) {
            n.put("group", c.group().get());
        } else {
            n.putNull("group");
        }
        return n;
    }

    private ObjectNode request(Case c) {
        ObjectNode n = F.objectNode();
        n.put("service_request_id", c.id());
        n.put("status", status(c));
        putOrNull(n, "status_notes", c.statusNote());
        n.put("service_name", cases.config().category(c.category()).map(Category::name).orElse(c.category()));
        n.put("service_code", c.category());
        n.put("description", c.description().length() > 4000 ? c.description().substring(0, 4000) : c.description());
        putOrNull(n, "agency_responsible", c.department());
        n.putNull("service_notice");
        n.put("requested_datetime", time(c.reportedAt()));
        n.put("updated_datetime", time(c.updatedAt()));
        putOrNull(n, "expected_datetime", c.deadline().map(this::time));
        putOrNull(n, "address", c.address());
        n.putNull("address_id");
        n.putNull("zipcode");
        if (c.location().isPresent()) {
            n.put("lat", c.location().get().lat());
            n.put("long", c.location().get().lon());
        } else {
            n.putNull("lat");
            n.putNull("long");
        }
        n.putNull("media_url");
        return n;
    }

    private static String status(Case c) {
        return status(c.status());
    }

    private static String status(CaseStatus s) {
        return s.terminal() ? "closed" : "open";
    }

    /** An optional whole-number parameter in {@code [min, max]}. */
    private static int number(Optional<String> value, String name, int absent, int min, int max, String format) {
        if (value.isEmpty() || value.get().isBlank()) {
            return absent;
        }
        try {
            int n = Integer.parseInt(value.get().trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new Open311Exception(HttpStatus.BAD_REQUEST, format, name + " '" + value.get() + "' is not a whole number in "
                + min + ".." + max);
    }

    private static void putOrNull(ObjectNode n, String field, Optional<String> v) {
        if (v.isPresent()) {
            n.put(field, v.get());
        } else {
            n.putNull(field);
        }
    }

    private String time(Instant t) {
        // always with seconds and an offset (RFC 3339), which OffsetDateTime.toString does not promise
        return W3C.format(OffsetDateTime.ofInstant(t, settings.zone()));
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toList());
    }

    private static Instant date(String text, String name, String format) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new Open311Exception(HttpStatus.BAD_REQUEST, format, name + " '" + text
                    + "' is not a W3C date-time with offset (2026-11-30T10:00:00+08:00)");
        }
    }

    private static void check(String format) {
        if (!format.equals("json") && !format.equals("xml")) {
            throw new Open311Exception(HttpStatus.BAD_REQUEST, "json", "format '" + format + "' is not json or xml");
        }
    }

    private static ResponseEntity<String> answer(String format, String root, JsonNode body) {
        return answer(format, root, body, HttpStatus.OK);
    }

    private static ResponseEntity<String> answer(String format, String root, JsonNode body, HttpStatus status) {
        if (format.equals("xml")) {
            StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
            xml(xml, root, body);
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_XML).body(xml.toString());
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body.toString());
    }

    /** GeoReport's XML: an array named {@code services} holds {@code service} elements, and so on ({@link #ITEMS}). */
    static void xml(StringBuilder out, String name, JsonNode node) {
        if (node.isArray()) {
            out.append('<').append(name).append('>');
            String item = ITEMS.getOrDefault(name, "item");
            node.forEach(e -> xml(out, item, e));
            out.append("</").append(name).append('>');
        } else if (node.isObject()) {
            out.append('<').append(name).append('>');
            node.properties().forEach(e -> xml(out, e.getKey(), e.getValue()));
            out.append("</").append(name).append('>');
        } else if (node.isNull()) {
            out.append('<').append(name).append("/>");
        } else {
            out.append('<').append(name).append('>').append(escape(node.asText())).append("</").append(name).append('>');
        }
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
