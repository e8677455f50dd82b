package org.citybrain.server.context;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.citybrain.hub.context.AttributeInfo;
import org.citybrain.hub.context.BatchOperation;
import org.citybrain.hub.context.BatchResult;
import org.citybrain.hub.context.ContextException;
import org.citybrain.hub.context.ContextStore;
import org.citybrain.hub.context.EntityQuery;
import org.citybrain.hub.context.Page;
import org.citybrain.hub.context.TypeInfo;
import org.citybrain.hub.context.UpdateResult;
import org.citybrain.hub.entity.Attribute;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.JsonPaths;
import org.citybrain.hub.entity.NgsiLdException;
import org.citybrain.hub.entity.ProblemType;
import org.citybrain.hub.entity.ReadOptions;
import org.citybrain.hub.jsonld.Contexts;
import org.citybrain.hub.jsonld.Expander;
import org.citybrain.hub.query.GeoQuery;
import org.citybrain.hub.query.Query;
import org.citybrain.hub.sdm.SmartDataModels;
import org.citybrain.server.ServerSettings;
import org.citybrain.server.web.ApiException;
import org.citybrain.server.web.Bodies;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/**
 * The NGSI-LD API's context information part (ETSI GS CIM 009, clauses 6.4–6.14): entities,
 * attributes, batch operations, types and attributes. Thin: requests are read into the hub's
 * model with names expanded against the request's {@code @context}, the {@link ContextStore} does
 * the work, and answers are compacted back.
 */
@RestController
@RequestMapping("/ngsi-ld/v1")
class EntityController {
    private static final String LINK = "Link";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ContextStore store;
    private final Contexts contexts;
    private final NgsiLdRequests requests;
    private final ServerSettings settings;
    private final RenderedEntities rendered;

    EntityController(ContextStore store, Contexts contexts, SmartDataModels models, ServerSettings settings,
            RenderedEntities rendered) {
        this.store = store;
        this.contexts = contexts;
        this.settings = settings;
        this.rendered = rendered;
        this.requests = new NgsiLdRequests(
                ReadOptions.ingesting(settings.zone()).withRelationshipRule(models.relationshipRule()), models,
                java.time.Clock.systemUTC());
    }

    // ------------------------------------------------------------------ entities

    @PostMapping("/entities")
    ResponseEntity<Void> create(HttpServletRequest request, @RequestHeader(name = LINK, required = false) Optional<String> link) {
        Incoming in = incoming(request, link);
        JsonNode body = in.body();
        Expander context = in.context();
        Entity created = store.create(requests.entity(body, context));
        // the id as one path segment: a '?' or '#' in it would otherwise end the path (6.3.2, RFC 3986)
        return ResponseEntity.created(URI.create("/ngsi-ld/v1/entities/"
                + UriUtils.encodePathSegment(created.id().toString(), StandardCharsets.UTF_8))).build();
    }

    /**
     * Retrieves one entity (6.5.3.1). The common case (core context, whole entity, no system
     * attributes) is answered with the bytes rendered for this very entity before, if any
     * ({@link RenderedEntities}).
     */
    @GetMapping("/entities/{id}")
    ResponseEntity<byte[]> retrieve(@PathVariable String id, @RequestParam Optional<String> attrs,
            @RequestParam Optional<String> options, @RequestParam Optional<String> geometryProperty,
            @RequestHeader(name = LINK, required = false) Optional<String> link,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) Optional<String> accept) {
        Expander context = RequestContext.of(contexts, link);
        Representation answer = representation(accept, options, geometryProperty, context);
        URI uri = NgsiLdRequests.id(id, "entityId");
        Optional<Entity> found = store.find(uri);
        if (found.isEmpty()) {
            rendered.forget(uri);
            throw ContextException.notFound("no entity " + uri);
        }
        Set<String> projection = NgsiLdRequests.expandedList(attrs, context);
        Entity entity = projection.isEmpty() ? found.get() : project(found.get(), projection);
        if (!projection.isEmpty() && entity.attributes().isEmpty()) {
            throw ContextException.notFound("entity " + uri + " has none of the attributes " + attrs.get());
        }
        if (answer.geoJson()) {
            ObjectNode feature = GeoJsonAnswers.feature(entity, render(entity, context, answer.options(), false), answer.geometry());
            feature.set("@context", RequestContext.bodyContext(context).toJson());
            return ResponseEntity.ok().contentType(RequestContext.GEO_JSON).body(bytes(feature));
        }
        byte[] body = json(entity, projection.isEmpty(), context, answer.options(), accept);
        return RequestContext.withContextHeaders(ResponseEntity.ok(), context, accept).body(body);
    }

    /**
     * Queries entities (5.7.2, 6.4.3.2): {@code type} in the entity type selection language
     * (4.17), ids, {@code idPattern}, {@code attrs}, {@code q} (4.9) and a geo-query (4.10), all
     * of which hold; a page in id order ({@code limit}, {@code offset}) and, with {@code count},
     * the number of all matches.
     */
    @GetMapping("/entities")
    ResponseEntity<byte[]> query(@RequestParam Optional<String> type, @RequestParam Optional<String> attrs,
            @RequestParam(name = "id") Optional<String> ids, @RequestParam Optional<String> idPattern,
            @RequestParam Optional<String> q, @RequestParam Optional<String> georel, @RequestParam Optional<String> geometry,
            @RequestParam Optional<String> coordinates, @RequestParam Optional<String> geoproperty,
            @RequestParam Optional<Integer> limit, @RequestParam Optional<Integer> offset, @RequestParam Optional<Boolean> count,
            @RequestParam Optional<String> options, @RequestParam Optional<String> scopeQ,
            @RequestParam Optional<String> geometryProperty,
            @RequestHeader(name = LINK, required = false) Optional<String> link,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) Optional<String> accept) {
        Expander context = RequestContext.of(contexts, link);
        Representation answer = representation(accept, options, geometryProperty, context);
        Optional<Set<String>> selection = type.filter(t -> !t.isBlank()).map(t -> EntityTypeSelection.parse(t, context::expand));
        Set<String> projection = NgsiLdRequests.attributeNames(attrs, context);
        Set<URI> idSet = NgsiLdRequests.list(ids).stream().map(i -> NgsiLdRequests.id(i, "id")).collect(Collectors.toSet());
        boolean geoQuery = georel.isPresent() || geometry.isPresent() || coordinates.isPresent();
        if (selection.isEmpty() && projection.isEmpty() && q.isEmpty() && !geoQuery) {
            throw NgsiLdException.of(ErrorCode.INVALID_QUERY, "type", "a query needs at least one of type, attrs, q or"
                    + " a geo-query (clause 5.7.2.4); id and idPattern only narrow one down");
        }
        if (scopeQ.isPresent()) {
            throw ApiException.of(ProblemType.OPERATION_NOT_SUPPORTED, "scopeQ",
                    "scopeQ (clause 4.19) is not supported: entities here have no scope");
        }
        Optional<Pattern> pattern = idPattern.map(p -> NgsiLdRequests.idPattern(p, "idPattern"));
        Predicate<Entity> filter = null;
        if (q.isPresent()) {
            filter = Query.parse(q.get(), context::expand);
        }
        if (geoQuery) {
            GeoQuery geo = GeoQuery.parse(georel.orElse(null), geometry.orElse(null), coordinates.orElse(null), geoproperty,
                    context::expand);
            filter = filter == null ? geo : filter.and(geo);
        }
        return page(context, selection, idSet, pattern, projection, Optional.ofNullable(filter), limit, offset, count, answer,
                accept);
    }

    /**
     * Queries entities with a {@code Query} body (5.7.2 via POST, 6.23): {@code entities} (entity
     * selectors, any of which may match: a type selection, optionally an {@code id} or an
     * {@code idPattern}), {@code attrs}, {@code q} and {@code geoQ}, the same rules as
     * {@link #query}; {@code limit}, {@code offset}, {@code count} and {@code options} in the URL.
     */
    @PostMapping("/entityOperations/query")
    ResponseEntity<byte[]> queryByPost(HttpServletRequest request, @RequestParam Optional<Integer> limit,
            @RequestParam Optional<Integer> offset, @RequestParam Optional<Boolean> count, @RequestParam Optional<String> options,
            @RequestParam Optional<String> geometryProperty, @RequestHeader(name = LINK, required = false) Optional<String> link,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) Optional<String> accept) {
        Incoming in = incoming(request, link);
        Representation answer = representation(accept, options, geometryProperty, in.context());
        QueryBody query = QueryBody.read(in.body(), in.context());
        return page(in.context(), query.types(), Set.of(), Optional.empty(), query.attrs(), query.filter(), limit, offset, count,
                answer, accept);
    }

    /** One page of the entities a query selects, rendered; {@code types} empty: no type condition. */
    private ResponseEntity<byte[]> page(Expander context, Optional<Set<String>> selection, Set<URI> ids,
            Optional<Pattern> idPattern, Set<String> projection, Optional<Predicate<Entity>> filter, Optional<Integer> limit,
            Optional<Integer> offset, Optional<Boolean> count, Representation answer, Optional<String> accept) {
        int pageSize = NgsiLdRequests.limit(limit);
        int skip = NgsiLdRequests.offset(offset);
        boolean counted = count.orElse(false);
        if (pageSize == 0 && !counted) {
            throw NgsiLdException.of(ErrorCode.INVALID_QUERY, "limit", "limit=0 is only allowed with count=true");
        }
        Set<String> types = selection.orElse(Set.of());
        // a selection no single type satisfies (A;B) selects nothing; the store reads no types as any type
        Page page = selection.isPresent() && types.isEmpty() ? new Page(List.of(), counted ? OptionalLong.of(0) : OptionalLong.empty())
                : store.query(new EntityQuery(types, ids, idPattern, projection, filter, skip, pageSize, counted));
        ResponseEntity.BodyBuilder builder = ResponseEntity.ok();
        page.total().ifPresent(total -> builder.header("NGSILD-Results-Count", Long.toString(total)));
        if (answer.geoJson()) {
            ObjectNode collection = JsonNodeFactory.instance.objectNode().put("type", "FeatureCollection");
            ArrayNode features = collection.putArray("features");
            page.entities().forEach(e -> features.add(GeoJsonAnswers.feature(e, render(e, context, answer.options(), false),
                    answer.geometry())));
            collection.set("@context", RequestContext.bodyContext(context).toJson());
            return builder.contentType(RequestContext.GEO_JSON).body(bytes(collection));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * page.entities().size() + 2);
        out.write('[');
        for (Entity e : page.entities()) {
            if (out.size() > 1) {
                out.write(',');
            }
            out.writeBytes(json(e, projection.isEmpty(), context, answer.options(), accept));
        }
        out.write(']');
        return RequestContext.withContextHeaders(builder, context, accept).body(out.toByteArray());
    }

    /**
     * Replaces an entity whole (5.6.18, 6.5.3.3): its type and attributes become the body's, its
     * {@code createdAt} stays. The body may leave out the id; if it names one, it is the path's.
     * The entity must exist (checked in the same write: a concurrent delete is never undone).
     */
    @PutMapping("/entities/{id}")
    ResponseEntity<Void> replace(@PathVariable String id, HttpServletRequest request,
            @RequestHeader(name = LINK, required = false) Optional<String> link) {
        URI uri = NgsiLdRequests.id(id, "entityId");
        Incoming in = incoming(request, link);
        JsonNode body = in.body();
        Expander context = in.context();
        store.replace(uri, requests.entity(NgsiLdRequests.withId(body, uri), context));
        return ResponseEntity.noContent().build();
    }

    /**
     * Merges a fragment into an entity (5.6.17, 6.5.3.4): attributes it lacks are added, those it
     * has are merged as by a partial attribute update (value, metadata and sub-attributes named
     * are replaced, the rest kept), and an attribute given as {@code "urn:ngsi-ld:null"} (or JSON
     * {@code null}) is deleted. A fragment's {@code type} is ignored. The merge is one write.
     */
    @PatchMapping("/entities/{id}")
    ResponseEntity<Void> merge(@PathVariable String id, HttpServletRequest request,
            @RequestHeader(name = LINK, required = false) Optional<String> link) {
        URI uri = NgsiLdRequests.id(id, "entityId");
        Incoming in = incoming(request, link);
        JsonNode body = in.body();
        Expander context = in.context();
        if (!body.isObject()) {
            throw NgsiLdException.of(ErrorCode.NOT_AN_OBJECT, "$", "the fragment to merge must be a JSON object");
        }
        Entity existing = store.find(uri).orElseThrow(() -> ContextException.notFound("no entity " + uri));
        // every attribute is read before anything is written, so a bad one writes nothing
        ObjectNode added = ((ObjectNode) body).objectNode();
        Map<String, Attribute> merged = new LinkedHashMap<>();
        Set<String> valueless = new HashSet<>();
        List<String> deleted = new ArrayList<>();
        for (Map.Entry<String, JsonNode> member : body.properties()) {
            String term = member.getKey();
            if (term.equals("id") || term.equals("type") || term.equals("@context")) {
                continue;
            }
            String name = context.expand(term);
            Optional<Attribute> current = existing.attribute(name);
            if (NgsiLdRequests.isNullMarker(member.getValue())) {
                current.ifPresent(a -> deleted.add(name));
            } else if (current.isPresent()) {
                try {
                    NgsiLdRequests.AttributePatch patch = requests.attribute(uri, term, member.getValue(), context,
                            current.get().kind());
                    merged.put(name, patch.attribute());
                    if (patch.valueless()) {
                        valueless.add(name);
                    }
                } catch (NgsiLdException e) { // its path is within the attribute: say which one
                    throw NgsiLdException.of(e.code(), JsonPaths.member("$", term) + e.jsonPath().substring(1),
                            e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
                }
            } else {
                added.set(term, member.getValue());
            }
        }
        if (body.has("id")) {
            added.set("id", body.get("id"));
        }
        Entity fragment = requests.fragment(uri, added, context);
        for (Map.Entry<String, Attribute> e : merged.entrySet()) {
            fragment = fragment.withAttribute(e.getKey(), e.getValue());
        }
        store.merge(uri, fragment, Set.copyOf(deleted), valueless); // one write: readers never see half a merge
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/entities/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        URI uri = NgsiLdRequests.id(id, "entityId");
        store.delete(uri);
        rendered.forget(uri);
        return ResponseEntity.noContent().build();
    }

    // ------------------------------------------------------------------ attributes

    @PostMapping("/entities/{id}/attrs")
    ResponseEntity<JsonNode> append(@PathVariable String id, @RequestParam Optional<String> options, HttpServletRequest request,
            @RequestHeader(name = LINK, required = false) Optional<String> link) {
        URI uri = NgsiLdRequests.id(id, "entityId");
        Incoming in = incoming(request, link);
        JsonNode body = in.body();
        Expander context = in.context();
        boolean noOverwrite = NgsiLdRequests.options(options, Set.of("noOverwrite")).contains("noOverwrite");
        return updateResult(store.append(uri, requests.fragment(uri, body, context), noOverwrite), context);
    }

    @PatchMapping("/entities/{id}/attrs")
    ResponseEntity<JsonNode> update(@PathVariable String id, HttpServletRequest request,
            @RequestHeader(name = LINK, required = false) Optional<String> link) {
        URI uri = NgsiLdRequests.id(id, "entityId");
        Incoming in = incoming(request, link);
        JsonNode body = in.body();
        Expander context = in.context();
        return updateResult(store.update(uri, requests.fragment(uri, body, context)), context);
    }

    @PatchMapping("/entities/{id}/attrs/{attr}")
    ResponseEntity<Void> patchAttribute(@PathVariable String id, @PathVariable String attr, HttpServletRequest request,
            @RequestHeader(name = LINK, required = false) Optional<String> link) {
        URI uri = NgsiLdRequests.id(id, "entityId");
        Incoming in = incoming(request, link);
        JsonNode body = in.body();
        Expander context = in.context();
        String name = context.expand(attr);
        String kind = store.find(uri).flatMap(e -> e.attribute(name)).map(a -> a.kind())
                .orElseThrow(() -> ContextException.notFound("no attribute " + attr + " on entity " + uri));
        NgsiLdRequests.AttributePatch patch = requests.attribute(uri, attr, body, context, kind);
        if (patch.valueless()) {
            store.patchMetadata(uri, name, patch.attribute());
        } else {
            store.patchAttribute(uri, name, patch.attribute());
        }
        return ResponseEntity.noContent().build();
    }

    /**
     * Replaces one attribute whole (5.6.19); the entity and the attribute must exist (checked in
     * the same write: a concurrent delete is never undone).
     */
    @PutMapping("/entities/{id}/attrs/{attr}")
    ResponseEntity<Void> replaceAttribute(@PathVariable String id, @PathVariable String attr, HttpServletRequest request,
            @RequestHeader(name = LINK, required = false) Optional<String> link) {
        URI uri = NgsiLdRequests.id(id, "entityId");
        Incoming in = incoming(request, link);
        JsonNode body = in.body();
        Expander context = in.context();
        if (!body.isObject()) {
            throw NgsiLdException.of(ErrorCode.NOT_AN_OBJECT, "$", "the attribute must be a JSON object");
        }
        ObjectNode attribute = ((ObjectNode) body).deepCopy();
        attribute.remove("@context");
        ObjectNode wrapped = attribute.objectNode();
        wrapped.set(attr, attribute);
        Entity fragment = requests.fragment(uri, wrapped, context);
        if (!store.update(uri, fragment).notUpdated().isEmpty()) { // checked in the write: none is added
            throw ContextException.notFound("no attribute " + attr + " on entity " + uri);
        }
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/entities/{id}/attrs/{attr}")
    ResponseEntity<Void> deleteAttribute(@PathVariable String id, @PathVariable String attr,
            @RequestParam Optional<String> datasetId, @RequestParam Optional<Boolean> deleteAll,
            @RequestHeader(name = LINK, required = false) Optional<String> link) {
        Expander context = RequestContext.of(contexts, link);
        // an entity holds one instance per attribute: deleteAll deletes it whatever its dataset
        Optional<URI> dataset = deleteAll.orElse(false) ? Optional.empty()
                : datasetId.map(d -> NgsiLdRequests.id(d, "datasetId"));
        store.deleteAttribute(NgsiLdRequests.id(id, "entityId"), context.expand(attr), dataset);
        return ResponseEntity.noContent().build();
    }

    // ------------------------------------------------------------------ batch operations

    @PostMapping("/entityOperations/{operation}")
    ResponseEntity<JsonNode> batch(@PathVariable String operation, @RequestParam Optional<String> options,
            HttpServletRequest request, @RequestHeader(name = LINK, required = false) Optional<String> link) {
        boolean ldJson = isLdJson(request);
        JsonNode body = body(request);
        if (!body.isArray()) {
            throw NgsiLdException.of(ErrorCode.NOT_AN_OBJECT, "$", "a batch operation takes a JSON array");
        }
        if (body.isEmpty()) {
            throw NgsiLdException.of(ErrorCode.EMPTY_BATCH, "$", "a batch operation needs at least one entry");
        }
        if (ldJson && link.isPresent() && !operation.equals("delete")) {
            // checked once for the whole request, before any entity is read (6.3.5)
            throw NgsiLdException.of(ErrorCode.INVALID_CONTEXT, "Link",
                    "an application/ld+json request must not also have a JSON-LD Link header; each entity carries its @context");
        }
        if (body.size() > settings.maxBatchSize()) {
            throw NgsiLdException.of(ErrorCode.PAYLOAD_TOO_LARGE, "$", "the batch has " + body.size()
                    + " entries; the limit is " + settings.maxBatchSize() + " (citybrain.max-batch-size)");
        }
        Set<String> opts = NgsiLdRequests.options(options, switch (operation) {
            case "upsert" -> Set.of("update", "replace");
            case "update" -> Set.of("noOverwrite");
            default -> Set.of();
        });
        List<BatchResult.BatchError> unreadable = new ArrayList<>();
        BatchResult result;
        if (operation.equals("delete")) {
            List<URI> ids = new ArrayList<>();
            for (int i = 0; i < body.size(); i++) {
                JsonNode item = body.get(i);
                try {
                    ids.add(NgsiLdRequests.id(item.isTextual() ? item.asText() : "", "$[" + i + "]"));
                } catch (NgsiLdException e) {
                    unreadable.add(new BatchResult.BatchError(item.asText(), e.problemType(), e.getMessage()));
                }
            }
            result = store.batchDelete(ids);
        } else {
            BatchOperation op = switch (operation) {
                case "create" -> BatchOperation.CREATE;
                case "upsert" -> opts.contains("update") ? BatchOperation.UPSERT_UPDATE : BatchOperation.UPSERT_REPLACE;
                case "update" -> opts.contains("noOverwrite") ? BatchOperation.UPDATE_NO_OVERWRITE : BatchOperation.UPDATE;
                default -> throw ContextException.notFound("no batch operation '" + operation + "' (create, upsert, update, delete)");
            };
            List<Entity> entities = new ArrayList<>();
            for (int i = 0; i < body.size(); i++) {
                JsonNode item = body.get(i);
                try {
                    Expander context = RequestContext.of(contexts, link, ldJson, item);
                    entities.add(requests.entity(item, context));
                } catch (NgsiLdException e) {
                    String entityId = item.path("id").asText("$[" + i + "]");
                    unreadable.add(new BatchResult.BatchError(entityId, e.problemType(),
                            e.getMessage().replaceFirst("^\\$", "\\$[" + i + "]")));
                }
            }
            result = store.batch(op, entities);
        }
        List<BatchResult.BatchError> errors = new ArrayList<>(unreadable);
        errors.addAll(result.errors());
        if (errors.isEmpty()) {
            // create answers the ids it created; upsert too when it created any (5.6.8), else 204
            List<URI> createdIds = operation.equals("create") || operation.equals("upsert")
                    ? result.created().stream().distinct().toList() : List.of();
            if (operation.equals("create") || !createdIds.isEmpty()) {
                ArrayNode created = JsonNodeFactory.instance.arrayNode();
                createdIds.forEach(id -> created.add(id.toString()));
                return ResponseEntity.status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON).body(created);
            }
            return ResponseEntity.noContent().build();
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode success = out.putArray("success");
        result.success().forEach(id -> success.add(id.toString()));
        ArrayNode errorList = out.putArray("errors");
        for (BatchResult.BatchError e : errors) {
            ObjectNode error = errorList.addObject();
            error.put("entityId", e.entityId());
            ObjectNode problem = error.putObject("error");
            problem.put("type", e.type().uri().toString());
            problem.put("title", e.type().title());
            problem.put("detail", e.detail());
        }
        return ResponseEntity.status(HttpStatus.MULTI_STATUS).contentType(MediaType.APPLICATION_JSON).body(out);
    }

    // ------------------------------------------------------------------ types and attributes

    @GetMapping("/types")
    ResponseEntity<JsonNode> types(@RequestParam Optional<Boolean> details, @RequestHeader(name = LINK, required = false)
            Optional<String> link, @RequestHeader(name = HttpHeaders.ACCEPT, required = false) Optional<String> accept) {
        RequestContext.negotiate(accept);
        Expander context = RequestContext.of(contexts, link);
        List<TypeInfo> types = store.types();
        if (details.orElse(false)) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (TypeInfo t : types) {
                ObjectNode node = out.addObject();
                node.put("id", t.type());
                node.put("type", "EntityType");
                node.put("typeName", context.compact(t.type()));
                ArrayNode names = node.putArray("attributeNames");
                t.attributeNames().forEach(a -> names.add(context.compact(a)));
            }
            return discovery(out, context, accept);
        }
        return discovery(nameList("EntityTypeList", "typeList", types.stream().map(t -> context.compact(t.type())).toList()),
                context, accept);
    }

    @GetMapping("/types/{type}")
    ResponseEntity<JsonNode> type(@PathVariable String type, @RequestHeader(name = LINK, required = false) Optional<String> link,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) Optional<String> accept) {
        RequestContext.negotiate(accept);
        Expander context = RequestContext.of(contexts, link);
        String expanded = context.expand(type);
        TypeInfo info = store.types().stream().filter(t -> t.type().equals(expanded)).findFirst()
                .orElseThrow(() -> ContextException.notFound("no entity of type " + type));
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", info.type());
        node.put("type", "EntityTypeInformation");
        node.put("typeName", context.compact(info.type()));
        node.put("entityCount", info.entityCount());
        ArrayNode details = node.putArray("attributeDetails");
        for (String a : info.attributeNames()) {
            ObjectNode d = details.addObject();
            d.put("id", a);
            d.put("type", "Attribute");
            d.put("attributeName", context.compact(a));
        }
        return discovery(node, context, accept);
    }

    @GetMapping("/attributes")
    ResponseEntity<JsonNode> attributes(@RequestParam Optional<Boolean> details,
            @RequestHeader(name = LINK, required = false) Optional<String> link, @RequestHeader(name = HttpHeaders.ACCEPT, required = false) Optional<String> accept) {
        RequestContext.negotiate(accept);
        Expander context = RequestContext.of(contexts, link);
        List<AttributeInfo> attributes = store.attributes();
        if (details.orElse(false)) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            attributes.forEach(a -> out.add(attributeNode(a, context)));
            return discovery(out, context, accept);
        }
        return discovery(nameList("AttributeList", "attributeList", attributes.stream().map(a -> context.compact(a.name())).toList()),
                context, accept);
    }

    @GetMapping("/attributes/{attr}")
    ResponseEntity<JsonNode> attribute(@PathVariable String attr, @RequestHeader(name = LINK, required = false)
            Optional<String> link, @RequestHeader(name = HttpHeaders.ACCEPT, required = false) Optional<String> accept) {
        RequestContext.negotiate(accept);
        Expander context = RequestContext.of(contexts, link);
        String expanded = context.expand(attr);
        AttributeInfo info = store.attributes().stream().filter(a -> a.name().equals(expanded)).findFirst()
                .orElseThrow(() -> ContextException.notFound("no entity has attribute " + attr));
        return discovery(attributeNode(info, context), context, accept);
    }

    // ------------------------------------------------------------------ helpers

    /**
     * How entities are answered: the {@code options} asked for (4.5), whether as GeoJSON
     * (6.3.15), and then the expanded name of the GeoProperty that gives the geometry.
     */
    private record Representation(Set<String> options, boolean geoJson, String geometry) {
    }

    /**
     * The representation of an answer of entities: {@code Accept} negotiated (406), {@code options}
     * checked (400), the geometry {@code geometryProperty}, else {@code location}.
     */
    private static Representation representation(Optional<String> accept, Optional<String> options,
            Optional<String> geometryProperty, Expander context) {
        boolean geoJson = RequestContext.negotiateEntities(accept).equalsTypeAndSubtype(RequestContext.GEO_JSON);
        return new Representation(representation(options), geoJson,
                context.expand(geometryProperty.filter(g -> !g.isBlank()).orElse("location")));
    }

    private static JsonNode render(Entity entity, Expander context, Set<String> opts, boolean ldJson) {
        return render(entity, context, opts.contains("sysAttrs"), opts.contains("keyValues") || opts.contains("simplified"),
                ldJson);
    }

    /** The {@code options} of a retrieval or query (4.5): representation and system attributes. */
    private static Set<String> representation(Optional<String> options) {
        Set<String> opts = NgsiLdRequests.options(options, Set.of("keyValues", "simplified", "normalized", "sysAttrs"));
        if (opts.contains("normalized") && (opts.contains("keyValues") || opts.contains("simplified"))) {
            throw NgsiLdException.of(ErrorCode.INVALID_OPTIONS, "options", "options " + options.get()
                    + " asks for both the normalized and the simplified representation");
        }
        return opts;
    }

    /**
     * An answer about types or attributes as JSON with the Link header, or as JSON-LD with the
     * {@code @context} in each object (6.3.6), as for entities.
     */
    private static ResponseEntity<JsonNode> discovery(JsonNode body, Expander context, Optional<String> accept) {
        if (RequestContext.wantsLdJson(accept)) {
            JsonNode objects = body.isArray() ? body : JsonNodeFactory.instance.arrayNode().add(body);
            objects.forEach(o -> ((ObjectNode) o).set("@context", RequestContext.bodyContext(context).toJson()));
        }
        return RequestContext.withContextHeaders(ResponseEntity.ok(), context, accept).body(body);
    }

    private static ObjectNode attributeNode(AttributeInfo a, Expander context) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", a.name());
        node.put("type", "Attribute");
        node.put("attributeName", context.compact(a.name()));
        node.put("attributeCount", a.attributeCount());
        ArrayNode types = node.putArray("typeNames");
        a.typeNames().forEach(t -> types.add(context.compact(t)));
        return node;
    }

    /** An EntityTypeList or AttributeList (5.2.24, 5.2.27): an id that changes with the content, and the names. */
    private static ObjectNode nameList(String type, String member, List<String> names) {
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        list.put("id", "urn:ngsi-ld:" + type + ":" + Integer.toHexString(names.hashCode()));
        list.put("type", type);
        ArrayNode array = list.putArray(member);
        names.forEach(array::add);
        return list;
    }

    /** A write's body and the @context it is read with. */
    private record Incoming(JsonNode body, Expander context) {
    }

    /** The body of a write and its @context: the media type checked first (415), then the body read (413, 400). */
    private Incoming incoming(HttpServletRequest request, Optional<String> link) {
        boolean ldJson = isLdJson(request);
        JsonNode body = body(request);
        return new Incoming(body, RequestContext.of(contexts, link, ldJson, body));
    }

    private JsonNode body(HttpServletRequest request) {
        return body(request, settings.maxBodyBytes());
    }

    /** The request's JSON body, at most {@code maxBytes}; refused if it is empty or not JSON. */
    static JsonNode body(HttpServletRequest request, int maxBytes) {
        byte[] bytes = Bodies.read(request, maxBytes);
        if (bytes.length == 0) {
            throw NgsiLdException.of(ErrorCode.MALFORMED_JSON, "$", "the request has no body");
        }
        return EntityJson.parse(new String(bytes, StandardCharsets.UTF_8));
    }

    static boolean isLdJson(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null) {
            throw NgsiLdException.of(ErrorCode.MALFORMED_JSON, "Content-Type",
                    "a body needs Content-Type application/json or application/ld+json");
        }
        MediaType media = MediaType.parseMediaType(type);
        if (media.isCompatibleWith(RequestContext.LD_JSON)) {
            return true;
        }
        if (media.isCompatibleWith(MediaType.APPLICATION_JSON) || media.isCompatibleWith(MediaType.parseMediaType("application/merge-patch+json"))) {
            return false;
        }
        throw ApiException.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type " + type
                + " is not supported; send application/json or application/ld+json");
    }

    private static Entity project(Entity entity, Set<String> attributes) {
        Entity projected = entity;
        for (String name : entity.attributes().keySet()) {
            if (!attributes.contains(name)) {
                projected = projected.withoutAttribute(name);
            }
        }
        return projected;
    }


    private static JsonNode render(Entity stored, Expander context, boolean sysAttrs, boolean keyValues, boolean ldJson) {
        Entity entity = sysAttrs ? stored : stored.withoutSystemTimes();
        Entity compacted = context.compact(entity);
        if (ldJson) {
            compacted = compacted.withContext(RequestContext.bodyContext(context));
        }
        return keyValues ? EntityJson.toKeyValues(compacted) : EntityJson.toNormalized(compacted);
    }

    /**
     * An entity as JSON bytes. A whole entity in the core context without system attributes, the
     * common case, comes from (and goes to) {@link RenderedEntities}.
     *
     * @param whole whether {@code entity} has all its attributes (no {@code attrs} projection)
     */
    private byte[] json(Entity entity, boolean whole, Expander context, Set<String> opts, Optional<String> accept) {
        boolean sysAttrs = opts.contains("sysAttrs");
        boolean keyValues = opts.contains("keyValues") || opts.contains("simplified");
        boolean ldJson = RequestContext.wantsLdJson(accept);
        if (whole && context.context().isEmpty() && !sysAttrs) {
            return wholeInCoreContext(rendered, entity, context, keyValues, ldJson);
        }
        return bytes(render(entity, context, sysAttrs, keyValues, ldJson));
    }

    /**
     * A whole entity in the core context without system attributes as JSON bytes: those kept in
     * {@code rendered} for this very entity, or rendered now and kept. The one rendering of this
     * case, for the API here and for {@link FastEntityRead}, so both answer the same bytes.
     *
     * @param core the expander of the core context
     */
    static byte[] wholeInCoreContext(RenderedEntities rendered, Entity entity, Expander core, boolean keyValues, boolean ldJson) {
        return rendered.get(entity, RenderedEntities.Form.of(keyValues, ldJson),
                () -> bytes(render(entity, core, false, keyValues, ldJson)));
    }

    private static byte[] bytes(JsonNode json) {
        try {
            return JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an entity as JSON: " + e.getMessage(), e);
        }
    }

    private static ResponseEntity<JsonNode> updateResult(UpdateResult result, Expander context) {
        if (result.complete()) {
            return ResponseEntity.noContent().build();
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode updated = out.putArray("updated");
        result.updated().forEach(a -> updated.add(context.compact(a)));
        ArrayNode notUpdated = out.putArray("notUpdated");
        for (UpdateResult.NotUpdated n : result.notUpdated()) {
            notUpdated.addObject().put("attributeName", context.compact(n.attributeName())).put("reason", n.reason());
        }
        return ResponseEntity.status(HttpStatus.MULTI_STATUS).contentType(MediaType.APPLICATION_JSON).body(out);
    }
}
