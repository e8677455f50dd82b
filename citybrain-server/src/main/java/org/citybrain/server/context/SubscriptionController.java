package org.citybrain.server.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.citybrain.hub.context.ContextException;
import org.citybrain.hub.jsonld.Contexts;
import org.citybrain.hub.jsonld.Expander;
import org.citybrain.hub.subscription.SubscriptionJson;
import org.citybrain.hub.subscription.SubscriptionManager;
import org.citybrain.server.ServerSettings;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * NGSI-LD subscriptions (ETSI GS CIM 009, clauses 6.10 and 6.11): create, list, retrieve, update,
 * delete. Bodies are read with the request's {@code @context} like entities; the
 * {@link SubscriptionManager} keeps them and notifies.
 */
@RestController
@RequestMapping("/ngsi-ld/v1/subscriptions")
class SubscriptionController {
    private static final String LINK = "Link";

    private final SubscriptionManager subscriptions;
    private final Contexts contexts;
    private final ServerSettings settings;

    SubscriptionController(SubscriptionManager subscriptions, Contexts contexts, ServerSettings settings) {
        this.subscriptions = subscriptions;
        this.contexts = contexts;
        this.settings = settings;
    }

    @PostMapping
    ResponseEntity<Void> create(HttpServletRequest request, @RequestHeader(name = LINK, required = false) Optional<String> link) {
        JsonNode body = EntityController.body(request, settings.maxBodyBytes());
        Expander context = RequestContext.of(contexts, link, EntityController.isLdJson(request), body);
        URI id = subscriptions.create(body, context).id();
        return ResponseEntity.created(URI.create("/ngsi-ld/v1/subscriptions/" + id)).build();
    }

    @GetMapping
    ResponseEntity<JsonNode> list(@RequestParam Optional<Integer> limit, @RequestParam Optional<Integer> offset,
            @RequestParam Optional<Boolean> count, @RequestHeader(name = LINK, required = false) Optional<String> link,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) Optional<String> accept) {
        RequestContext.negotiate(accept); // 406 unless JSON or JSON-LD is acceptable
        Expander context = RequestContext.of(contexts, link);
        int pageSize = NgsiLdRequests.limit(limit);
        int skip = NgsiLdRequests.offset(offset);
        Instant now = Instant.now();
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        subscriptions.list(skip, pageSize).forEach(v -> out.add(render(v, context, accept, now)));
        ResponseEntity.BodyBuilder builder = ResponseEntity.ok();
        if (count.orElse(false)) {
            builder.header("NGSILD-Results-Count", Integer.toString(subscriptions.count()));
        }
        return RequestContext.withContextHeaders(builder, context, accept).body(out);
    }

    @GetMapping("/{id}")
    ResponseEntity<JsonNode> retrieve(@PathVariable String id, @RequestHeader(name = LINK, required = false) Optional<String> link,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) Optional<String> accept) {
        RequestContext.negotiate(accept); // 406 unless JSON or JSON-LD is acceptable
        Expander context = RequestContext.of(contexts, link);
        URI uri = NgsiLdRequests.id(id, "subscriptionId");
        SubscriptionManager.View view = subscriptions.find(uri)
                .orElseThrow(() -> ContextException.notFound("no subscription " + uri));
        return RequestContext.withContextHeaders(ResponseEntity.ok(), context, accept)
                .body(render(view, context, accept, Instant.now()));
    }

    @PatchMapping("/{id}")
    ResponseEntity<Void> update(@PathVariable String id, HttpServletRequest request,
            @RequestHeader(name = LINK, required = false) Optional<String> link) {
        URI uri = NgsiLdRequests.id(id, "subscriptionId");
        JsonNode body = EntityController.body(request, settings.maxBodyBytes());
        Expander context = RequestContext.of(contexts, link, EntityController.isLdJson(request), body);
        subscriptions.update(uri, body, context);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        subscriptions.delete(NgsiLdRequests.id(id, "subscriptionId"));
        return ResponseEntity.noContent().build();
    }

    private static ObjectNode render(SubscriptionManager.View view, Expander context, Optional<String> accept, Instant now) {
        ObjectNode node = SubscriptionJson.write(view.subscription(), view.status(), context, now);
        if (RequestContext.wantsLdJson(accept)) {
            node.set("@context", RequestContext.bodyContext(context).toJson());
        }
        return node;
    }
}
