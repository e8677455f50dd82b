package org.citybrain.server.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.citybrain.hub.context.ContextException;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.NgsiLdException;
import org.citybrain.hub.entity.ProblemType;
import org.citybrain.hub.jsonld.Contexts;
import org.citybrain.hub.jsonld.Expander;
import org.citybrain.hub.store.Reading;
import org.citybrain.hub.temporal.AggregateMethod;
import org.citybrain.hub.temporal.Bucket;
import org.citybrain.hub.temporal.TemporalHistory;
import org.citybrain.hub.temporal.TemporalLimitException;
import org.citybrain.hub.temporal.TimeRange;
import org.citybrain.server.ServerSettings;
import org.citybrain.server.context.NgsiLdRequests;
import org.citybrain.server.context.RequestContext;
import org.citybrain.server.web.ApiException;
import org.citybrain.server.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The NGSI-LD temporal API, read part (ETSI GS CIM 009, clauses 5.7.3, 5.7.4, 6.18, 6.19): the
 * history of entities in the normalized, simplified ({@code options=temporalValues}) or aggregated
 * representation. Names are expanded and compacted with the request's {@code @context} as on
 * {@code /entities}; the work is {@link TemporalHistory}'s.
 */
@RestController
@RequestMapping("/ngsi-ld/v1/temporal")
class TemporalController {
    /** https://uri.etsi.org/ngsi-ld/errors/TooManyResults (clause 5.5.2, HTTP 403). */
    static final URI TOO_MANY_RESULTS = URI.create("https://uri.etsi.org/ngsi-ld/errors/TooManyResults");
    private static final String LINK = "Link";
    /** Members of a stored attribute that are NGSI-LD's own, not sub-attributes: never compacted. */
    private static final Set<String> RESERVED = Set.of("type", "value", "object", "observedAt", "unitCode", "datasetId",
            "createdAt", "modifiedAt", "languageMap", "vocab", "json", "instanceId");

    private final TemporalHistory history;
    private final Contexts contexts;
    private final TemporalSettings settings;
    private final ServerSettings server;

    TemporalController(TemporalHistory history, Contexts contexts, TemporalSettings settings, ServerSettings server) {
        this.history = history;
        this.contexts = contexts;
        this.settings = settings;
        this.server = server;
    }

    @GetMapping("/entities/{id}")
    ResponseEntity<JsonNode> retrieve(@PathVariable String id, @RequestParam Optional<String> attrs,
            @RequestParam Optional<String> timerel, @RequestParam Optional<String> timeAt,
            @RequestParam Optional<String> endTimeAt, @RequestParam Optional<String> lastN,
            @RequestParam Optional<String> timeproperty, @RequestParam Optional<String> options,
            @RequestParam Optional<String> aggrMethods, @RequestParam Optional<String> aggrPeriodDuration,
            @RequestHeader(name = LINK, required = false) Optional<String> link,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) Optional<String> accept) {
        RequestContext.negotiate(accept); // 406 unless JSON or JSON-LD is acceptable
        Expander context = RequestContext.of(contexts, link);
        TemporalRequest request = TemporalRequest.read(timerel, timeAt, endTimeAt, lastN, timeproperty, options,
                aggrMethods, aggrPeriodDuration, server.zone());
        URI uri = NgsiLdRequests.id(id, "entityId");
        TemporalHistory.Subject subject = history.subject(uri)
                .orElseThrow(() -> ContextException.notFound("no history of entity " + uri));
        Budget budget = new Budget(settings.maxInstances());
        ObjectNode body = render(subject, NgsiLdRequests.expandedList(attrs, context), request, context, accept, budget);
        return RequestContext.withContextHeaders(ResponseEntity.ok(), context, accept).body(body);
    }

    @GetMapping("/entities")
    ResponseEntity<JsonNode> query(@RequestParam Optional<String> type, @RequestParam(name = "id") Optional<String> ids,
            @RequestParam Optional<String> attrs, @RequestParam Optional<String> q, @RequestParam Optional<String> georel,
            @RequestParam Optional<String> timerel, @RequestParam Optional<String> timeAt,
            @RequestParam Optional<String> endTimeAt, @RequestParam Optional<String> lastN,
            @RequestParam Optional<String> timeproperty, @RequestParam Optional<String> options,
            @RequestParam Optional<String> aggrMethods, @RequestParam Optional<String> aggrPeriodDuration,
            @RequestParam Optional<Integer> limit, @RequestParam Optional<Integer> offset, @RequestParam Optional<Boolean> count,
            @RequestHeader(name = LINK, required = false) Optional<String> link,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) Optional<String> accept) {
        RequestContext.negotiate(accept); // 406 unless JSON or JSON-LD is acceptable
        Expander context = RequestContext.of(contexts, link);
        if (q.isPresent() || georel.isPresent()) {
            throw NgsiLdException.of(ErrorCode.INVALID_QUERY, q.isPresent() ? "q" : "georel",
                    "q and geo-queries are not supported by the temporal API yet; select entities by type or id");
        }
        TemporalRequest request = TemporalRequest.read(timerel, timeAt, endTimeAt, lastN, timeproperty, options,
                aggrMethods, aggrPeriodDuration, server.zone());
        Set<String> types = NgsiLdRequests.expandedList(type, context);
        Set<String> idFilter = NgsiLdRequests.list(ids);
        idFilter.forEach(i -> NgsiLdRequests.id(i, "id"));
        Set<String> projection = NgsiLdRequests.expandedList(attrs, context);
        if (types.isEmpty() && idFilter.isEmpty() && projection.isEmpty()) {
            throw NgsiLdException.of(ErrorCode.INVALID_QUERY, "type",
                    "a temporal query needs type, attrs or id (clause 5.7.4)");
        }
        int pageSize = NgsiLdRequests.limit(limit);
        int skip = NgsiLdRequests.offset(offset);
        List<URI> candidates = new ArrayList<>();
        if (!types.isEmpty()) {
            history.entities(types).stream().filter(i -> idFilter.isEmpty() || idFilter.contains(i.toString()))
                    .forEach(candidates::add);
        } else if (!idFilter.isEmpty()) {
            idFilter.stream().sorted().map(URI::create).forEach(candidates::add);
        } else { // attrs alone: every entity, of any type, with history of one of them
            candidates.addAll(history.entitiesWith(projection));
        }
        // 5.7.4.4: an entity is in the answer only if one of the asked attributes has an instance in the range
        List<TemporalHistory.Subject> matching = new ArrayList<>();
        for (URI id : candidates) {
            history.subject(id).filter(s -> hasInstances(s, projection, request.range())).ifPresent(matching::add);
        }
        Budget budget = new Budget(settings.maxInstances());
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (TemporalHistory.Subject s : matching.subList(Math.min(skip, matching.size()), Math.min(matching.size(), skip + pageSize))) {
            out.add(render(s, projection, request, context, accept, budget));
        }
        ResponseEntity.BodyBuilder builder = ResponseEntity.ok();
        if (count.orElse(false)) {
            builder.header("NGSILD-Results-Count", Integer.toString(matching.size()));
        }
        return RequestContext.withContextHeaders(builder, context, accept).body(out);
    }

    /**
     * The temporal API's writes (6.18.3.1, 6.19.3.2, 6.20–6.22) and its batch query (6.24): not
     * implemented, and said so rather than 405: history is written by the writes of
     * {@code /entities} and by device telemetry.
     */
    @RequestMapping(path = {"/entities", "/entities/{id}", "/entities/{id}/attrs", "/entities/{id}/attrs/{attr}",
        "/entities/{id}/attrs/{attr}/{instance}", "/entityOperations/query"},
            method = {RequestMethod.POST, RequestMethod.PATCH, RequestMethod.PUT, RequestMethod.DELETE})
    ResponseEntity<Void> notSupported(HttpServletRequest request) {
        throw ApiException.of(ProblemType.OPERATION_NOT_SUPPORTED, null, request.getMethod() + " "
                + request.getRequestURI() + " is not supported: the temporal API is read-only here (GET); history is "
                + "written by the writes of /ngsi-ld/v1/entities and by device telemetry");
    }

    @ExceptionHandler(TemporalLimitException.class)
    ResponseEntity<ObjectNode> tooMany(TemporalLimitException e) {
        HttpStatus status = HttpStatus.FORBIDDEN;
        return Problems.response(status, Problems.body(TOO_MANY_RESULTS, "Too many results", status,
                e.getMessage() + " (citybrain.temporal.max-instances is " + settings.maxInstances() + ")",
                Optional.of("TOO_MANY_RESULTS"), Optional.empty()));
    }

    /** Whether one of the attributes of {@code projection} (any, if empty) has an instance in {@code range}. */
    private boolean hasInstances(TemporalHistory.Subject subject, Set<String> projection, TimeRange range) {
        for (String attribute : subject.attributes()) {
            if ((projection.isEmpty() || projection.contains(attribute))
                    && !history.instances(subject, attribute, range, OptionalInt.of(1), 1).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ representations

    /** The instances or periods a response may still hold. */
    private static final class Budget {
        int left;

        Budget(int left) {
            this.left = left;
        }

        void spend(int n) {
            left -= n;
        }
    }

    private ObjectNode render(TemporalHistory.Subject subject, Set<String> projection, TemporalRequest request,
            Expander context, Optional<String> accept, Budget budget) {
        ObjectNode entity = JsonNodeFactory.instance.objectNode();
        entity.put("id", subject.id().toString());
        entity.put("type", context.compact(subject.type()));
        for (String attribute : subject.attributes()) {
            if (!projection.isEmpty() && !projection.contains(attribute)) {
                continue;
            }
            String name = context.compact(attribute);
            if (request.aggregated()) {
                List<Bucket> buckets = history.aggregate(subject, attribute, request.range(), request.period(),
                        Math.max(1, budget.left));
                if (budget.left < 1 && !buckets.isEmpty()) {
                    throw new TemporalLimitException("the response would hold more than " + settings.maxInstances()
                            + " aggregated periods");
                }
                budget.spend(buckets.size());
                if (!buckets.isEmpty()) {
                    entity.set(name, aggregated(kindOf(subject, attribute), buckets, request.methods()));
                }
            } else {
                if (budget.left < 1) {
                    throw new TemporalLimitException("the response would hold more than " + settings.maxInstances() + " instances");
                }
                List<Reading> instances = history.instances(subject, attribute, request.range(), request.lastN(), budget.left);
                budget.spend(instances.size());
                if (!instances.isEmpty()) {
                    entity.set(name, request.temporalValues() ? simplified(instances) : normalized(instances, context));
                }
            }
        }
        if (RequestContext.wantsLdJson(accept)) {
            entity.set("@context", RequestContext.bodyContext(context).toJson());
        }
        return entity;
    }

    private ArrayNode normalized(List<Reading> instances, Expander context) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Reading r : instances) {
            ObjectNode stored = (ObjectNode) EntityJson.parse(r.value());
            ObjectNode instance = array.addObject();
            stored.fields().forEachRemaining(f -> instance.set(RESERVED.contains(f.getKey()) ? f.getKey()
                    : context.compact(f.getKey()), f.getValue()));
            instance.put("observedAt", r.observedAt().toString());
        }
        return array;
    }

    /** Clause 4.5.9: {@code values} (or {@code objects} of a Relationship) as {@code [value, time]} pairs. */
    private static ObjectNode simplified(List<Reading> instances) {
        ObjectNode attribute = JsonNodeFactory.instance.objectNode();
        JsonNode first = EntityJson.parse(instances.get(0).value());
        String kind = first.path("type").asText("Property");
        attribute.put("type", kind);
        String member = kind.equals("Relationship") ? "object" : "value";
        ArrayNode values = attribute.putArray(member + "s");
        for (Reading r : instances) {
            ArrayNode pair = values.addArray();
            pair.add(EntityJson.parse(r.value()).path(member));
            pair.add(r.observedAt().toString());
        }
        return attribute;
    }

    /** Clause 4.5.19: per method, {@code [value, startAt, endAt]} for each period with instances. */
    private static ObjectNode aggregated(String kind, List<Bucket> buckets, Set<AggregateMethod> methods) {
        ObjectNode attribute = JsonNodeFactory.instance.objectNode();
        attribute.put("type", kind);
        for (AggregateMethod method : methods) {
            ArrayNode periods = attribute.putArray(method.ngsiLdName());
            for (Bucket b : buckets) {
                b.value(method).ifPresent(v -> {
                    ArrayNode triple = periods.addArray();
                    if (method == AggregateMethod.TOTAL_COUNT) {
                        triple.add(b.count());
                    } else {
                        triple.add(v);
                    }
                    triple.add(b.start().toString());
                    triple.add(b.end().toString());
                });
            }
        }
        return attribute;
    }

    private String kindOf(TemporalHistory.Subject subject, String attribute) {
        return history.instances(subject, attribute, TimeRange.ALL, OptionalInt.of(1), 1)
                .stream().findFirst().map(r -> EntityJson.parse(r.value()).path("type").asText("Property")).orElse("Property");
    }

}
