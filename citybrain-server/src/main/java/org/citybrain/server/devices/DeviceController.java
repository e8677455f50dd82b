package org.citybrain.server.devices;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citybrain.hub.context.ContextException;
import org.citybrain.hub.context.ContextStore;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.JsonLdContext;
import org.citybrain.hub.entity.NgsiLdException;
import org.citybrain.hub.entity.ProblemType;
import org.citybrain.hub.ingest.Device;
import org.citybrain.hub.ingest.DeviceRegistry;
import org.citybrain.hub.ingest.IngestResult;
import org.citybrain.hub.ingest.Ingestor;
import org.citybrain.hub.jsonld.Contexts;
import org.citybrain.hub.jsonld.Expander;
import org.citybrain.server.ServerSettings;
import org.citybrain.server.security.BearerTokenFilter;
import org.citybrain.server.hub.IngestMetrics;
import org.citybrain.server.web.ApiException;
import org.citybrain.server.web.Bodies;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Devices: registration (operators), and telemetry over HTTP (each device with its own token).
 * Telemetry is acknowledged with 200 only once every reading is durable.
 */
@RestController
@RequestMapping("/api/devices")
@Tag(name = "devices", description = "Device registration and HTTP telemetry")
class DeviceController {
    private final DeviceRegistry devices;
    private final ContextStore entities;
    private final Contexts contexts;
    private final Ingestor ingestor;
    private final ServerSettings settings;
    private final IngestMetrics metrics;

    DeviceController(DeviceRegistry devices, Ingestor ingestor, ContextStore entities, Contexts contexts,
            ServerSettings settings, MeterRegistry meters) {
        this.devices = devices;
        this.entities = entities;
        this.contexts = contexts;
        this.ingestor = ingestor;
        this.settings = settings;
        this.metrics = new IngestMetrics(meters, "http");
    }

    @Operation(summary = "Register a device", description = "Body {\"id\", \"entityId\", \"entityType\", "
            + "\"attributeMapping\"?, \"@context\"?}; creates the entity it feeds if missing; the answer carries the "
            + "device's token, shown this once.")
    @PostMapping
    ResponseEntity<Map<String, Object>> register(@RequestBody JsonNode body) {
        if (!body.isObject()) {
            throw ApiException.of(ProblemType.INVALID_REQUEST, "$", "expected an object with id, entityId and entityType");
        }
        String id = ApiException.requireText(body, "id");
        String entityId = ApiException.requireText(body, "entityId");
        String entityType = ApiException.requireText(body, "entityType");
        Map<String, String> mapping = new LinkedHashMap<>();
        JsonNode m = body.path("attributeMapping");
        if (!m.isMissingNode() && !m.isObject()) {
            throw ApiException.badRequestData("$.attributeMapping", "attributeMapping must be an object of telemetry key to attribute name");
        }
        for (var e : m.properties()) {
            if (!e.getValue().isTextual()) {
                throw ApiException.badRequestData("$.attributeMapping." + e.getKey(), "an attribute name must be a string");
            }
            mapping.put(e.getKey(), e.getValue().asText());
        }
        URI entity;
        try {
            entity = new URI(entityId);
        } catch (java.net.URISyntaxException e) {
            throw ApiException.badRequestData("$.entityId", "entityId is not a URI: " + e.getMessage());
        }
        Device device;
        try {
            device = new Device(id, entity, entityType, mapping);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequestData("$", e.getMessage());
        }
        JsonLdContext context = body.has("@context") ? JsonLdContext.parse(body.get("@context"), "$['@context']")
                : JsonLdContext.EMPTY;
        Expander names = contexts.expander(context); // an unknown context is refused here, not at the first reading
        device = device.withContext(context);
        DeviceRegistry.Registration registration;
        try {
            registration = devices.register(device);
        } catch (IllegalArgumentException e) {
            throw ApiException.of(ProblemType.ALREADY_EXISTS, "$.id", e.getMessage());
        }
        try {
            entities.create(Entity.of(device.entityId(), names.expand(device.entityType())));
        } catch (ContextException e) {
            if (e.kind() != ContextException.Kind.ALREADY_EXISTS) {
                throw e;
            }
            // the device feeds an entity that exists already: its readings join it
        }
        Map<String, Object> answer = describe(device);
        answer.put("token", registration.token());
        return ResponseEntity.created(URI.create("/api/devices/" + device.id())).body(answer);
    }

    @Operation(summary = "List devices (without tokens)")
    @GetMapping
    List<Map<String, Object>> list() {
        return devices.devices().stream().map(DeviceController::describe).toList();
    }

    @Operation(summary = "One device (without its token)")
    @GetMapping("/{id}")
    Map<String, Object> get(@PathVariable String id) {
        return devices.find(id).map(DeviceController::describe)
                .orElseThrow(() -> ApiException.of(ProblemType.RESOURCE_NOT_FOUND, null, "no device " + id));
    }

    @Operation(summary = "Send telemetry", description = "Authorization: Bearer <device token>. Body: "
            + "{\"ts\": millis, \"values\": {...}}, a list of those, or an NGSI-LD fragment. 200 once durable.")
    @PostMapping("/{id}/telemetry")
    Map<String, Object> telemetry(@PathVariable String id, HttpServletRequest request) {
        String token = BearerTokenFilter.token(request).orElseThrow(() ->
                ApiException.status(HttpStatus.UNAUTHORIZED, "telemetry needs 'Authorization: Bearer <device token>'"));
        long start = System.nanoTime();
        IngestResult result;
        try {
            result = ingestor.accept(id, token, Bodies.read(request, settings.maxBodyBytes()));
        } catch (NgsiLdException e) {
            metrics.rejected(e.code().name());
            throw e;
        }
        metrics.stored(result, System.nanoTime() - start);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("readings", result.readings());
        answer.put("stored", result.stored());
        answer.put("duplicates", result.duplicates());
        return answer;
    }

    private static Map<String, Object> describe(Device device) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", device.id());
        d.put("entityId", device.entityId().toString());
        d.put("entityType", device.entityType());
        d.put("attributeMapping", device.attributeMapping());
        if (!device.context().isEmpty()) {
            d.put("@context", device.context().toJson());
        }
        return d;
    }
}
