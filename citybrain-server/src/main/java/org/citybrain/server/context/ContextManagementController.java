package org.citybrain.server.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.citybrain.hub.context.ContextException;
import org.citybrain.hub.entity.CoreContext;
import org.citybrain.hub.entity.ProblemType;
import org.citybrain.hub.ingest.Device;
import org.citybrain.hub.ingest.DeviceRegistry;
import org.citybrain.hub.jsonld.ContextRegistry;
import org.citybrain.hub.jsonld.Contexts;
import org.citybrain.hub.subscription.SubscriptionManager;
import org.citybrain.server.ServerSettings;
import org.citybrain.server.web.ApiException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * JSON-LD {@code @context} management (NGSI-LD V1.8, clause 5.13 and 6.27): an administrator adds
 * the contexts clients name that the hub does not ship, since it never fetches one (decision
 * 0007). {@code POST ?url=U} with the document makes the hub's copy of the context clients name by
 * {@code U} (kind Cached); without {@code url} the hub hosts it (kind Hosted), and clients name it
 * by the URL in the answer's {@code Location}. Listing needs a viewer; serving a context is public,
 * as JSON-LD processors dereference contexts without credentials; adding and deleting are the
 * administrator's (security configuration).
 */
@RestController
@RequestMapping("/ngsi-ld/v1/jsonldContexts")
class ContextManagementController {
    private static final Set<String> KINDS = Set.of("Hosted", "Cached");
    private static final MediaType LD_JSON = MediaType.parseMediaType("application/ld+json");

    private final Contexts contexts;
    private final ServerSettings settings;
    private final SubscriptionManager subscriptions;
    private final DeviceRegistry devices;
    private final Clock clock = Clock.systemUTC();

    ContextManagementController(Contexts contexts, ServerSettings settings, SubscriptionManager subscriptions,
            DeviceRegistry devices) {
        this.contexts = contexts;
        this.settings = settings;
        this.subscriptions = subscriptions;
        this.devices = devices;
    }

    @PostMapping
    ResponseEntity<Void> add(HttpServletRequest request, @RequestParam Optional<String> url) {
        EntityController.isLdJson(request); // a JSON body, whichever of the two types (415 otherwise)
        JsonNode body = EntityController.body(request, settings.maxBodyBytes());
        Optional<URI> named = url.map(u -> NgsiLdRequests.id(u, "url"));
        ContextRegistry.Added added = contexts.add(named, body, clock.instant());
        // absolute: for a hosted context it is the URL clients name it by
        return ResponseEntity.created(URI.create(hostedUrl(added.id()))).build();
    }

    /**
     * The contexts the hub knows: their URLs, or with {@code details=true} each with its kind, local
     * id (added ones) and when it was added; {@code kind} selects Hosted or Cached ones (the shipped
     * contexts are Cached: copies the hub was built with).
     */
    @GetMapping(produces = {MediaType.APPLICATION_JSON_VALUE, "application/ld+json"})
    ResponseEntity<JsonNode> list(@RequestParam Optional<Boolean> details, @RequestParam Optional<String> kind) {
        kind.filter(k -> !KINDS.contains(k)).ifPresent(k -> {
            throw ApiException.of(ProblemType.BAD_REQUEST_DATA, "kind", "kind is Hosted or Cached, not '" + k + "'");
        });
        boolean detailed = details.orElse(false);
        ArrayNode answer = JsonNodeFactory.instance.arrayNode();
        if (kind.map("Cached"::equals).orElse(true)) {
            for (URI shipped : contexts.knownUris()) {
                if (detailed) {
                    ObjectNode entry = answer.addObject().put("URL", shipped.toString()).put("kind", "Cached");
                    entry.put("shipped", true);
                    if (CoreContext.isCoreContext(shipped)) {
                        entry.put("core", true);
                    }
                } else {
                    answer.add(shipped.toString());
                }
            }
        }
        for (ContextRegistry.Added added : contexts.added()) {
            if (kind.isPresent() && !kind.get().equals(added.kind())) {
                continue;
            }
            String url = added.url().map(URI::toString).orElseGet(() -> hostedUrl(added.id()));
            if (detailed) {
                answer.addObject().put("URL", url).put("localId", added.id()).put("kind", added.kind())
                        .put("createdAt", added.createdAt().toString());
            } else {
                answer.add(url);
            }
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answer);
    }

    /** Serves an added context's document as it was given. */
    @GetMapping("/{id}")
    ResponseEntity<JsonNode> serve(@PathVariable String id) {
        ContextRegistry.Added added = contexts.added(id).orElseThrow(() -> ContextException.notFound("no context " + id
                + " was added (the shipped contexts are served from their own URLs)"));
        return ResponseEntity.ok().contentType(LD_JSON).body(added.body());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id, @RequestParam Optional<Boolean> reload) {
        if (reload.orElse(false)) {
            throw ApiException.of(ProblemType.OPERATION_NOT_SUPPORTED, "reload",
                    "the hub never fetches contexts, so it cannot reload one: delete it and add the new document");
        }
        ContextRegistry.Added added = contexts.added(id).orElseThrow(() -> ContextException.notFound("no context " + id
                + " was added"));
        List<String> users = users(added);
        if (!users.isEmpty()) { // they would fail from then on, and a subscription would not load at the next start
            throw ApiException.of(ProblemType.OPERATION_NOT_SUPPORTED, null, "the context " + added.url().map(URI::toString)
                    .orElse(id) + " is in use by " + String.join(", ", users) + "; change or delete them first");
        }
        contexts.remove(id);
        return ResponseEntity.noContent().build();
    }

    /** The subscriptions and devices that name {@code added} in their {@code @context}, at most a few of them. */
    private List<String> users(ContextRegistry.Added added) {
        List<String> users = new ArrayList<>();
        for (SubscriptionManager.View view : subscriptions.list(0, Integer.MAX_VALUE)) {
            if (view.subscription().context().uris().stream().anyMatch(u -> Contexts.names(u, added))) {
                users.add("subscription " + view.subscription().id());
            }
        }
        for (Device device : devices.devices()) {
            if (device.context().uris().stream().anyMatch(u -> Contexts.names(u, added))) {
                users.add("device " + device.id());
            }
        }
        return users.size() <= 5 ? users : List.of(String.join(", ", users.subList(0, 5)) + " and " + (users.size() - 5)
                + " more");
    }

    private static String hostedUrl(String id) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path(Contexts.HOSTED_PATH + id).toUriString();
    }
}
