package org.citybrain.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Incident detection on a scripted run (docs/benchmarks.md, "The closed loop"): Hangzhou 4x4 in
 * the server at {@code speed}x under {@code controller} ({@code plan}: its own plan; or
 * {@code maxpressure} or {@code brain} in the platform, set at start); a road blocked for 20
 * minutes at 900 s, one lane of another for 15 minutes at 2,400 s; at the flow's end, the detection
 * delay of each and the alerts on roads without an incident (false alarms).
 *
 * <pre>bench/server-bench.sh IncidentDetectionBench [speed=50] [detector interval s=30] [controller=plan]</pre>
 */
public final class IncidentDetectionBench {
    private IncidentDetectionBench() {
    }

    public static void main(String[] args) throws Exception {
        double speed = args.length > 0 ? Double.parseDouble(args[0]) : 50;
        int interval = BenchServer.arg(args, 1, 30);
        String controller = args.length > 2 ? args[2] : "plan";
        Path scenario = Path.of("scenarios", "hangzhou_4x4");
        ObjectMapper json = new ObjectMapper();
        JsonNode status;
        JsonNode incidents;
        try (BenchServer server = new BenchServer(null, "--citybrain.city.roadnet=" + scenario.resolve("roadnet_4_4.json"),
                "--citybrain.city.flow=" + scenario.resolve("anon_4_4_hangzhou_real.json"), "--citybrain.city.speed=" + speed,
                "--citybrain.city.detector-interval=" + interval + "s")) {
            if (!"plan".equals(controller)) {
                HttpResponse<String> set = server.send("PUT", "/api/city/districts/city/controller", BenchServer.ADMIN,
                        "{\"controller\":\"" + controller + "\"}");
                if (set.statusCode() != 200) {
                    throw new IllegalStateException("controller " + controller + " refused: " + set.statusCode() + " " + set.body());
                }
            }
            waitFor(server, json, 900);
            server.send("POST", "/api/city/incidents", BenchServer.ADMIN,
                    "{\"kind\":\"block-road\",\"road\":\"road_1_4_0\",\"minutes\":20}");
            waitFor(server, json, 2400);
            server.send("POST", "/api/city/incidents", BenchServer.ADMIN,
                    "{\"kind\":\"block-lane\",\"road\":\"road_2_4_0\",\"lane\":1,\"minutes\":15}");
            do {
                Thread.sleep(1000);
                status = json.readTree(server.send("GET", "/api/city", BenchServer.ADMIN, null).body());
            } while (!status.has("atFlowEnd"));
            incidents = json.readTree(server.send("GET", "/api/city/incidents", BenchServer.ADMIN, null).body());
        }
        System.out.printf(Locale.ROOT, "Hangzhou 4x4, %s, %.0fx real time, detector interval %d s%n", controller, speed,
                interval);
        for (JsonNode i : incidents) {
            System.out.printf(Locale.ROOT, "  %s %s%s at %.0f s for %.0f min: detected after %s%n", i.get("kind").asText(),
                    i.get("road").asText(), i.has("lane") ? " lane " + i.get("lane").asInt() : "",
                    i.get("startSimulatedSeconds").asDouble(), i.get("minutes").asDouble(),
                    i.get("detectedAfterSeconds").isNumber() ? i.get("detectedAfterSeconds").asDouble() + " s" : "never");
        }
        System.out.printf(Locale.ROOT, "  alerts %d, of which false alarms %d (roads without an incident), over %.0f s%n",
                status.get("alerts").asLong(), status.get("falseAlarms").asLong(), status.at("/atFlowEnd/simulatedSeconds").asDouble());
    }

    /** Waits until the city has simulated {@code simulated} seconds. */
    static void waitFor(BenchServer server, ObjectMapper json, double simulated) throws Exception {
        while (json.readTree(server.send("GET", "/api/city", BenchServer.ADMIN, null).body()).get("simulatedSeconds").asDouble()
                < simulated) {
            Thread.sleep(200);
        }
    }
}
