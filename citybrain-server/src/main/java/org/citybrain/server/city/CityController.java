package org.citybrain.server.city;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.citybrain.server.web.ApiException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The simulated city and City Brain's control of it: status, phase commands, districts and their
 * controllers (docs/demo.md). Present only while the city runs.
 */
@RestController
@RequestMapping("/api/city")
@ConditionalOnProperty(name = "citybrain.city.roadnet")
@Tag(name = "city", description = "The simulated city: status, signal commands, district controllers")
class CityController {
    private final VirtualCity city;
    private final CityControl control;

    private final IncidentDetector detector;
    private final CityEmergency emergency;

    CityController(VirtualCity city, CityControl control, IncidentDetector detector, CityEmergency emergency) {
        this.city = city;
        this.control = control;
        this.detector = detector;
        this.emergency = emergency;
    }

    @Operation(summary = "The city now", description = "Simulated time, vehicles, loops, speed, each signal's phase, "
            + "and the loop's latency (reading durable to the signal acting on the decision).")
    @GetMapping
    Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scenario", city.settings().roadnet().orElseThrow());
        out.put("speed", city.settings().speed());
        out.put("simulatedSeconds", city.time());
        out.put("vehiclesRunning", city.vehiclesRunning());
        out.put("loops", city.loops());
        out.put("detectorIntervalSeconds", city.settings().detectorInterval().toSeconds());
        out.put("phases", city.phases());
        city.flowEndMetrics().ifPresent(m -> {
            Map<String, Object> end = new LinkedHashMap<>();
            end.put("simulatedSeconds", m.time());
            end.put("averageTravelTime", Double.isNaN(m.averageTravelTime()) ? null : m.averageTravelTime());
            end.put("vehiclesFinished", m.vehiclesFinished());
            out.put("atFlowEnd", end);
        });
        out.put("readingsPublished", city.devices().published());
        out.put("readingsNotAcknowledged", city.devices().failed());
        out.put("cameraFrames", city.cameraFrames());
        out.put("cameraFrameBytes", city.cameraBytes());
        Map<String, Object> loop = new LinkedHashMap<>();
        loop.put("decisions", control.decisionsTimed());
        loop.put("p50Millis", control.latencyMillis(0.5).orElse(null));
        loop.put("p99Millis", control.latencyMillis(0.99).orElse(null));
        out.put("controlLatency", loop);
        out.put("alerts", detector.alerts());
        out.put("falseAlarms", detector.falseAlarms());
        out.put("emergencyPreemptions", emergency.preemptions());
        return out;
    }

    @Operation(summary = "Inject an incident", description = "Body {\"kind\": \"block-lane\", \"road\", \"lane\", "
            + "\"minutes\"} | {\"kind\": \"block-road\", \"road\", \"minutes\"} | {\"kind\": \"surge\", \"factor\", "
            + "\"minutes\"} | {\"kind\": \"emergency\", \"route\"?, \"priority\"?}; minutes of simulated time; an emergency "
            + "trip has signal priority along its route unless priority is false. Starts at the city's next "
            + "step; the platform must detect it from the readings (an Alert entity).")
    @PostMapping("/incidents")
    ResponseEntity<Map<String, Object>> incident(@RequestBody JsonNode body) {
        String kind = ApiException.requireText(body, "kind");
        java.util.Optional<String> road = body.path("road").isTextual() ? java.util.Optional.of(body.get("road").asText())
                : java.util.Optional.empty();
        java.util.OptionalDouble lane = body.path("lane").isIntegralNumber()
                ? java.util.OptionalDouble.of(body.get("lane").asInt()) : java.util.OptionalDouble.empty();
        List<String> route = new ArrayList<>();
        body.path("route").forEach(r -> route.add(r.asText()));
        try {
            if (body.has("priority") && !body.get("priority").isBoolean()) {
                throw new IllegalArgumentException("priority: true or false, got " + body.get("priority"));
            }
            Incidents.Incident i = city.incidents().inject(kind, road, lane, body.path("minutes").asDouble(Double.NaN),
                    body.path("factor").asDouble(2), route, body.path("priority").asBoolean(true));
            if (i.unit > 0) {
                // the dispatcher knows the route it sent the vehicle on
                emergency.dispatched(CityModel.emergencyEntity(i.unit), i.route, i.priority);
            }
            return ResponseEntity.status(HttpStatus.CREATED).body(i.describe());
        } catch (IllegalArgumentException e) {
            String member = e.getMessage().substring(0, Math.max(0, e.getMessage().indexOf(':')));
            throw ApiException.badRequestData("$." + member.replaceAll("\\[.*", ""), e.getMessage());
        }
    }

    @Operation(summary = "The incidents", description = "Every incident injected since the start, with its state, "
            + "and after how many simulated seconds the platform's detection raised an alert for it.")
    @GetMapping("/incidents")
    List<Map<String, Object>> incidents() {
        return city.incidents().describe();
    }

    @Operation(summary = "Command a signal's phase", description = "Body {\"phase\": N}; one of the phases the signal "
            + "may be commanded. Applied at the signal's next safe moment: the current green keeps its minimum (10 s), "
            + "then the yellow (5 s). Answers 202: accepted and sent, not yet shown.")
    @PostMapping("/signals/{intersectionId}/phase")
    ResponseEntity<Map<String, Object>> phase(@PathVariable String intersectionId, @RequestBody JsonNode body) {
        JsonNode phase = body.path("phase");
        if (!phase.isIntegralNumber()) {
            throw ApiException.badRequestData("$.phase", "phase is required and must be an integer");
        }
        try {
            control.command(intersectionId, phase.asInt());
        } catch (NoSuchElementException e) {
            throw ApiException.status(HttpStatus.NOT_FOUND, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequestData("$.phase", e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("intersection", intersectionId);
        out.put("phase", phase.asInt());
        out.put("status", "sent; applied at the signal's next safe moment");
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(out);
    }

    @Operation(summary = "The districts", description = "Each district with its controller and signalised intersections.")
    @GetMapping("/districts")
    List<Map<String, Object>> districts() {
        Map<String, String> controllers = control.controllers();
        List<Map<String, Object>> out = new ArrayList<>();
        control.districts().forEach((district, intersections) -> out.add(district(district, controllers.get(district),
                intersections)));
        return out;
    }

    @Operation(summary = "Switch a district's controller", description = "Body {\"controller\": \"plan\" | "
            + "\"maxpressure\" | \"brain\"}; takes effect at once (maxpressure decides at the next detector round, brain "
            + "at the next camera frame).")
    @PutMapping("/districts/{district}/controller")
    Map<String, Object> controller(@PathVariable String district, @RequestBody JsonNode body) {
        String controller = ApiException.requireText(body, "controller");
        try {
            control.setController(district, controller);
        } catch (NoSuchElementException e) {
            throw ApiException.status(HttpStatus.NOT_FOUND, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequestData("$.controller", e.getMessage());
        }
        return district(district, controller, control.districts().get(district));
    }

    private static Map<String, Object> district(String name, String controller, List<String> intersections) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("district", name);
        d.put("controller", controller);
        d.put("controllers", CityControl.CONTROLLERS);
        d.put("intersections", intersections);
        return d;
    }
}
