package org.citybrain.govern.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Cases and transitions as JSON: the case log's lines and the REST API's bodies. Absent optionals are left out. */
public final class CaseJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private CaseJson() {
    }

    public static ObjectNode write(Case c) {
        ObjectNode n = F.objectNode();
        n.put("id", c.id());
        n.put("source", c.source().name());
        c.externalRef().ifPresent(v -> n.put("externalRef", v));
        n.put("category", c.category());
        n.put("description", c.description());
        c.location().ifPresent(p -> n.putObject("location").put("lat", p.lat()).put("long", p.lon()));
        c.address().ifPresent(v -> n.put("address", v));
        c.department().ifPresent(v -> n.put("department", v));
        n.put("status", c.status().name());
        n.put("reporter", c.reporter());
        n.put("reportedAt", c.reportedAt().toString());
        c.deadline().ifPresent(v -> n.put("deadline", v.toString()));
        n.put("version", c.version());
        n.put("updatedAt", c.updatedAt().toString());
        c.closedAt().ifPresent(v -> n.put("closedAt", v.toString()));
        c.escalatedTo().ifPresent(v -> n.put("escalatedTo", v));
        c.statusNote().ifPresent(v -> n.put("statusNote", v));
        return n;
    }

    public static Case readCase(JsonNode n) {
        JsonNode loc = n.get("location");
        return new Case(n.get("id").asText(), CaseSource.valueOf(n.get("source").asText()), opt(n, "externalRef"),
                n.get("category").asText(), n.get("description").asText(),
                loc == null ? Optional.empty() : Optional.of(new GeoPoint(loc.get("lat").asDouble(), loc.get("long").asDouble())),
                opt(n, "address"), opt(n, "department"), CaseStatus.valueOf(n.get("status").asText()), n.get("reporter").asText(),
                Instant.parse(n.get("reportedAt").asText()), opt(n, "deadline").map(Instant::parse), n.get("version").asLong(),
                Instant.parse(n.get("updatedAt").asText()), opt(n, "closedAt").map(Instant::parse), opt(n, "escalatedTo"),
                opt(n, "statusNote"));
    }

    public static ObjectNode write(Transition t) {
        ObjectNode n = F.objectNode();
        n.put("caseId", t.caseId());
        n.put("version", t.version());
        n.put("action", t.action().name());
        t.from().ifPresent(v -> n.put("from", v.name()));
        n.put("to", t.to().name());
        n.put("actor", t.actor());
        n.put("at", t.at().toString());
        t.target().ifPresent(v -> n.put("target", v));
        t.note().ifPresent(v -> n.put("note", v));
        ArrayNode a = n.putArray("attachments");
        t.attachments().forEach(u -> a.add(u.toString()));
        return n;
    }

    public static Transition readTransition(JsonNode n) {
        List<URI> attachments = new ArrayList<>();
        n.path("attachments").forEach(u -> attachments.add(URI.create(u.asText())));
        return new Transition(n.get("caseId").asText(), n.get("version").asLong(), Action.valueOf(n.get("action").asText()),
                opt(n, "from").map(CaseStatus::valueOf), CaseStatus.valueOf(n.get("to").asText()), n.get("actor").asText(),
                Instant.parse(n.get("at").asText()), opt(n, "target"), opt(n, "note"), attachments);
    }

    private static Optional<String> opt(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }
}
