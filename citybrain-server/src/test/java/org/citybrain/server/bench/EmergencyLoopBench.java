package org.citybrain.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Emergency priority in the loop (docs/demo.md, "Emergency priority"): Hangzhou 4x4 in the server
 * at {@code speed}x under {@code controller}, an {@code emergency} trip injected once the city has
 * simulated {@code depart} seconds, along row 1 west to east (four signals, 4 km, 360 s at the
 * speed limit), first without priority, then, in a fresh server, with it: the trip's travel time
 * each way, and how many signals the platform pre-empted.
 *
 * <pre>bench/server-bench.sh EmergencyLoopBench [speed=10] [depart s=600] [controller=plan]</pre>
 */
public final class EmergencyLoopBench {
    static final String ROUTE = "[\"road_0_1_0\",\"road_1_1_0\",\"road_2_1_0\",\"road_3_1_0\",\"road_4_1_0\"]";

    private EmergencyLoopBench() {
    }

    public static void main(String[] args) throws Exception {
        double speed = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        int depart = BenchServer.arg(args, 1, 600);
        String controller = args.length > 2 ? args[2] : "plan";
        JsonNode without = trip(speed, depart, controller, false);
        JsonNode with = trip(speed, depart, controller, true);
        System.out.printf(Locale.ROOT, "Hangzhou 4x4, %s in the platform, %.0fx real time, row 1 west to east%n", controller, speed);
        for (JsonNode t : new JsonNode[] {without, with}) {
            System.out.printf(Locale.ROOT, "  priority %-5s: departed %.0f s, travel time %.0f s, %d signals pre-empted%n",
                    t.get("priority").asBoolean(), t.get("startSimulatedSeconds").asDouble(), t.get("travelTime").asDouble(),
                    t.get("preemptions").asLong());
        }
        System.out.printf(Locale.ROOT, "  with / without: %.2f%n", with.get("travelTime").asDouble() / without.get("travelTime").asDouble());
    }

    private static JsonNode trip(double speed, int depart, String controller, boolean priority) throws Exception {
        Path scenario = Path.of("scenarios", "hangzhou_4x4");
        Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "emergency-loop-");
        Files.createDirectories(data.resolve("city"));
        Files.writeString(data.resolve("city/districts.json"), "{\"city\":\"" + controller + "\"}");
        ObjectMapper json = new ObjectMapper();
        try (BenchServer server = new BenchServer(data.toString(), "--citybrain.city.roadnet=" + scenario.resolve("roadnet_4_4.json"),
                "--citybrain.city.flow=" + scenario.resolve("anon_4_4_hangzhou_real.json"), "--citybrain.city.speed=" + speed)) {
            IncidentDetectionBench.waitFor(server, json, depart);
            JsonNode injected = json.readTree(server.send("POST", "/api/city/incidents", BenchServer.ADMIN,
                    "{\"kind\":\"emergency\",\"priority\":" + priority + ",\"route\":" + ROUTE + "}").body());
            String id = injected.get("id").asText();
            while (true) {
                Thread.sleep(500);
                for (JsonNode i : json.readTree(server.send("GET", "/api/city/incidents", BenchServer.ADMIN, null).body())) {
                    if (i.get("id").asText().equals(id) && !"active".equals(i.get("state").asText())
                            && !"pending".equals(i.get("state").asText())) {
                        if (!i.has("travelTime")) {
                            throw new IllegalStateException("the trip did not finish: " + i);
                        }
                        JsonNode status = json.readTree(server.send("GET", "/api/city", BenchServer.ADMIN, null).body());
                        return ((com.fasterxml.jackson.databind.node.ObjectNode) i).put("preemptions",
                                status.get("emergencyPreemptions").asLong());
                    }
                }
            }
        }
    }
}
