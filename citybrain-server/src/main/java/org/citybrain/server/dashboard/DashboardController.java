package org.citybrain.server.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.citybrain.hub.context.ContextStore;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.JsonLdContext;
import org.citybrain.hub.entity.ProblemType;
import org.citybrain.hub.entity.Property;
import org.citybrain.hub.jsonld.Contexts;
import org.citybrain.server.web.ApiException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The dashboard's API: the snapshot the page loads, the live stream, and acknowledging an alert.
 * Viewers may read; acknowledging is a write, for operators (the security rules of {@code /api}).
 */
@RestController
@RequestMapping("/api/dashboard")
@Tag(name = "dashboard", description = "The operations dashboard's data: snapshot, live stream, alert acknowledgement")
class DashboardController {
    /** The city's control endpoints; the page offers their buttons only when the server has them. */
    static final String CITY_API = "/api/city/";

    private final DashboardFeed feed;
    private final DashboardSettings settings;
    private final ContextStore store;
    private final Contexts contexts;
    private final RequestMappingHandlerMapping mappings;
    private volatile Boolean city;

    DashboardController(DashboardFeed feed, DashboardSettings settings, ContextStore store, Contexts contexts,
            @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
        this.feed = feed;
        this.settings = settings;
        this.store = store;
        this.contexts = contexts;
        this.mappings = mappings;
    }

    @Operation(summary = "Everything the dashboard shows now",
            description = "Road segments with geometry, signals, lane detectors, car parks and their forecasts, alerts, congestion indices, "
                    + "the key figures and their series over the last hour; 'map' says how to draw the map and 'city' "
                    + "whether this server has the simulated city's control endpoints.")
    @GetMapping("/snapshot")
    ObjectNode snapshot() {
        return decorate(feed.snapshot());
    }

    private ObjectNode decorate(ObjectNode snapshot) {
        ObjectNode map = snapshot.putObject("map");
        settings.tileUrl().ifPresent(url -> map.put("tileUrl", url));
        settings.tileAttribution().ifPresent(a -> map.put("tileAttribution", a));
        snapshot.put("city", hasCityApi());
        return snapshot;
    }

    private boolean hasCityApi() {
        Boolean known = city;
        if (known == null) {
            known = mappings.getHandlerMethods().keySet().stream()
                    .flatMap(info -> info.getPatternValues().stream())
                    .anyMatch(pattern -> pattern.startsWith(CITY_API));
            city = known;
        }
        return known;
    }

    @Operation(summary = "The live stream (server-sent events)",
            description = "First a 'snapshot' event (as GET /snapshot), then 'update' events with what changed, at most "
                    + "one per citybrain.dashboard.update-interval, and a keep-alive comment every 15 s. Needs the bearer "
                    + "token like every call: read it with fetch() streaming, since EventSource cannot send headers.")
    @GetMapping(value = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no");
        SseEmitter emitter = new SseEmitter(0L); // no timeout: the stream lasts as long as the page
        DashboardFeed.Watcher watcher = new DashboardFeed.Watcher() {
            @Override
            public void send(String event, String data) throws IOException {
                if (event.isEmpty()) {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                } else {
                    emitter.send(SseEmitter.event().name(event).data(data, MediaType.APPLICATION_JSON));
                }
            }

            @Override
            public void end() {
                emitter.complete();
            }
        };
        emitter.onCompletion(() -> feed.unwatch(watcher));
        emitter.onTimeout(() -> feed.unwatch(watcher));
        emitter.onError(e -> feed.unwatch(watcher));
        feed.watch(watcher, this::decorate);
        return emitter;
    }

    @Operation(summary = "Acknowledge an alert",
            description = "Sets the Alert entity's 'acknowledged' property to true (partial attribute update, or appended "
                    + "when the alert has none yet). Operators only.")
    @PostMapping("/alerts/{id}/acknowledge")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void acknowledge(@PathVariable String id) {
        URI uri;
        try {
            uri = URI.create(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequestData("id", "not a URI: " + id);
        }
        Entity alert = store.find(uri).orElseThrow(() -> ApiException.of(ProblemType.RESOURCE_NOT_FOUND, "id",
                "no entity " + id));
        if (CityView.Kind.of(alert.type()).orElse(null) != CityView.Kind.ALERT) {
            throw ApiException.badRequestData("id", id + " is a " + CityView.localName(alert.type()) + ", not an Alert");
        }
        Property yes = Property.of(true);
        Optional<String> name = CityView.attributeName(alert, "acknowledged");
        if (name.isPresent()) {
            store.patchAttribute(uri, name.get(), yes);
        } else {
            String expanded = contexts.core().expand("acknowledged");
            store.append(uri, new Entity(uri, alert.type(), Map.of(expanded, yes), JsonLdContext.EMPTY, Optional.empty(),
                    Optional.empty()), false);
        }
    }

    /** A browser that closed its stream is no error: nothing to answer, nothing to log. */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void browserLeft() {
        // the watcher was dropped when its send failed or the emitter reported the error
    }

    /** Ends the streams before the web server's graceful shutdown, which would otherwise wait for them. */
    @EventListener(ContextClosedEvent.class)
    void closing() {
        feed.close();
    }
}
