package org.citybrain.server.context;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.citybrain.server.CityBrainServer;
import org.citybrain.server.ServerClient;
import org.citybrain.server.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The fast entity retrieval ({@link FastEntityRead}) answers exactly as the API does without it:
 * two servers with the same entities and users, one with {@code citybrain.fast-read} on and one
 * with it off, get the same matrix of requests (roles, no or a bad token, known, unknown and
 * invalid ids, both formats, each Accept, other contexts and options, HEAD) and must give the same
 * status, headers (but {@code Date}) and body bytes, while the fast one answers the requests it
 * takes itself. Writes show in the next fast read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FastEntityReadIT {
    static final String ADMIN = "admin-token-for-the-fast-read-tests";
    static final String V1 = "/ngsi-ld/v1";
    static final String LINK = "<https://raw.githubusercontent.com/smart-data-models/dataModel.Transportation/master/context.jsonld>;"
            + " rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
    static final String ODD_ID = "urn:ngsi-ld:Sensor:a+b(c)*d,e=f@g!h$i'j~k_l-n";
    /** An id Spring MVC takes to end in a file extension (so it adds Content-Disposition). */
    static final String DOTTED_ID = "urn:ngsi-ld:Sensor:fr.2";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Server fast;
    private Server normal;

    /** One server and the tokens of its users by role. */
    private record Server(ConfigurableApplicationContext context, int port, Map<String, String> tokens) {
        FastEntityRead filter() {
            return (FastEntityRead) context.getBean("fastEntityRead", FilterRegistrationBean.class).getFilter();
        }
    }

    @BeforeAll
    void servers() {
        fast = start(true);
        normal = start(false);
    }

    @AfterAll
    void stop() {
        if (fast != null) {
            fast.context().close();
        }
        if (normal != null) {
            normal.context().close();
        }
    }

    private Server start(boolean fastRead) {
        ConfigurableApplicationContext context = CityBrainServer.start(0, TestData.newDirectory().toString(),
                "--citybrain.admin-token=" + ADMIN, "--citybrain.mqtt.port=0", "--citybrain.congestion.enabled=false",
                "--citybrain.fast-read=" + fastRead);
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        ServerClient client = new ServerClient(port);
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("ADMIN", ADMIN);
        tokens.put("OPERATOR", client.newUser(ADMIN, "otto", "OPERATOR"));
        tokens.put("VIEWER", client.newUser(ADMIN, "vera", "VIEWER"));
        tokens.put("BAD_TOKEN", "not-a-token-of-anybody-at-all");
        tokens.put("ANONYMOUS", null);
        for (String id : List.of("urn:ngsi-ld:Sensor:fr-1", ODD_ID, DOTTED_ID)) {
            ServerClient.Response created = client.post(V1 + "/entities", ADMIN, "{\"id\":\"" + id + "\",\"type\":\"Sensor\","
                    + "\"temperature\":{\"type\":\"Property\",\"value\":20.5,\"unitCode\":\"CEL\"},"
                    + "\"location\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Point\",\"coordinates\":[120.1,30.2]}},"
                    + "\"name\":{\"type\":\"Property\",\"value\":\"caf\u00e9 \\\"quoted\\\"\"}}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }
        return new Server(context, port, tokens);
    }

    private record Answer(int status, Map<String, List<String>> headers, byte[] body) {
    }

    private Answer send(Server server, String method, String path, String token, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, List<String>> kept = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            response.headers().map().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("date")) {
                    kept.put(name, values);
                }
            });
            return new Answer(response.statusCode(), kept, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyRequestGetsTheSameStatusHeadersAndBytesWithAndWithoutTheFastPath() {
        List<String> ids = List.of("urn:ngsi-ld:Sensor:fr-1", ODD_ID, DOTTED_ID, "urn:ngsi-ld:Sensor:nobody", "not-a-uri");
        List<String> queries = List.of("", "?options=keyValues", "?options=sysAttrs", "?attrs=temperature",
                "?options=keyValues&attrs=name");
        List<Map<String, String>> headerSets = List.of(Map.of(), Map.of("Accept", "application/json"),
                Map.of("Accept", "application/ld+json"), Map.of("Accept", "*/*"), Map.of("Accept", "text/html"),
                Map.of("Link", LINK), Map.of("Accept", "application/ld+json", "Link", LINK),
                Map.of("If-None-Match", "\"x\""));
        long servedBefore = fast.filter().served();
        int expectedFast = 0;
        List<String> compared = new ArrayList<>();
        for (String who : fast.tokens().keySet()) {
            for (String id : ids) {
                for (String query : queries) {
                    for (Map<String, String> headers : headerSets) {
                        for (String method : List.of("GET", "HEAD")) {
                            String path = V1 + "/entities/" + id + query;
                            Answer a = send(fast, method, path, fast.tokens().get(who), headers);
                            Answer b = send(normal, method, path, normal.tokens().get(who), headers);
                            String what = method + " " + path + " as " + who + " with " + headers;
                            assertThat(a.status()).as(what).isEqualTo(b.status());
                            assertThat(a.headers()).as(what).isEqualTo(b.headers());
                            assertThat(withoutSystemTimes(a.body())).as(what).isEqualTo(withoutSystemTimes(b.body()));
                            if (!query.contains("sysAttrs")) {
                                assertThat(a.body()).as(what).isEqualTo(b.body());
                            }
                            compared.add(what + " -> " + a.status());
                            boolean taken = method.equals("GET") && !who.equals("BAD_TOKEN") && !who.equals("ANONYMOUS")
                                    && !id.contains("nobody") && !id.equals("not-a-uri") && !id.equals(DOTTED_ID)
                                    && (query.isEmpty() || query.equals("?options=keyValues"))
                                    && !headers.containsKey("Link") && !headers.containsKey("If-None-Match")
                                    && !"text/html".equals(headers.get("Accept"));
                            if (taken) {
                                expectedFast++;
                                assertThat(a.status()).as(what).isEqualTo(200);
                            }
                        }
                    }
                }
            }
        }
        assertThat(fast.filter().served() - servedBefore).as("requests the fast path answered itself")
                .isEqualTo(expectedFast).isGreaterThan(0);
        assertThat(compared).anyMatch(c -> c.contains(DOTTED_ID) && c.endsWith("200")).anyMatch(c -> c.endsWith("401"))
                .anyMatch(c -> c.endsWith("404")).anyMatch(c -> c.endsWith("400"));
        assertThat(normal.context().containsBean("fastEntityRead")).isFalse();
    }

    /** A body with the times of {@code options=sysAttrs} blanked: the two servers created their entities apart. */
    private static String withoutSystemTimes(byte[] body) {
        return new String(body, StandardCharsets.UTF_8).replaceAll("\"(createdAt|modifiedAt)\":\"[^\"]*\"", "\"$1\":\"\"");
    }

    @Test
    void theRequestMetricsCountFastAnswersUnderTheirRoute() {
        for (Server server : List.of(fast, normal)) {
            double before = routeCount(server);
            for (int i = 0; i < 3; i++) {
                assertThat(send(server, "GET", V1 + "/entities/" + ODD_ID, ADMIN, Map.of()).status()).isEqualTo(200);
            }
            assertThat(routeCount(server) - before).as("port %d", server.port()).isEqualTo(3);
        }
    }

    @Test
    void theRequestMetricsAreExportedUnderTheSameNamesAndTagsWithAndWithoutTheFastPath() {
        long servedBefore = fast.filter().served();
        Map<Server, List<String>> series = new LinkedHashMap<>();
        for (Server server : List.of(fast, normal)) {
            for (String query : List.of("", "?options=keyValues")) {
                assertThat(send(server, "GET", V1 + "/entities/" + ODD_ID + query, ADMIN, Map.of()).status()).isEqualTo(200);
            }
            series.put(server, routeSeries(server));
        }
        assertThat(fast.filter().served() - servedBefore).isEqualTo(2);
        assertThat(series.get(fast)).as("series of the route and of requests in flight, values left out")
                .isEqualTo(series.get(normal))
                .anyMatch(l -> l.startsWith("http_server_requests_seconds_count{"))
                .anyMatch(l -> l.startsWith("http_server_requests_seconds_max{"))
                .anyMatch(l -> l.startsWith("http_server_requests_active_seconds_count{"))
                .anyMatch(l -> l.startsWith("# HELP http_server_requests_seconds "));
    }

    /**
     * The Prometheus scrape's lines of the request metrics for 200 answers to the route and of
     * requests in flight, with their metadata, without their values (which differ between servers).
     */
    private List<String> routeSeries(Server server) {
        String scrape = new String(send(server, "GET", "/actuator/prometheus", ADMIN, Map.of()).body(), StandardCharsets.UTF_8);
        return scrape.lines().filter(l -> l.contains("http_server_requests"))
                .filter(l -> l.startsWith("#") || l.contains("_active_") || l.contains("uri=\"" + FastEntityRead.ROUTE + "\"")
                        && l.contains("status=\"200\""))
                .map(l -> l.startsWith("#") ? l : l.substring(0, l.lastIndexOf(' ')))
                .sorted().toList();
    }

    /** Answers 200 to GET /ngsi-ld/v1/entities/{id} in the Prometheus scrape. */
    private double routeCount(Server server) {
        String scrape = new String(send(server, "GET", "/actuator/prometheus", ADMIN, Map.of()).body(), StandardCharsets.UTF_8);
        return scrape.lines().filter(l -> l.startsWith("http_server_requests_seconds_count{")
                && l.contains("method=\"GET\"") && l.contains("status=\"200\"") && l.contains("uri=\"" + FastEntityRead.ROUTE + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aWriteIsSeenByTheVeryNextFastRead() {
        String id = "urn:ngsi-ld:Sensor:fr-written";
        String path = V1 + "/entities/" + id;
        ServerClient client = new ServerClient(fast.port());
        assertThat(client.post(V1 + "/entities", ADMIN, "{\"id\":\"" + id + "\",\"type\":\"Sensor\","
                + "\"temperature\":{\"type\":\"Property\",\"value\":-1}}").status()).isEqualTo(201);
        long servedBefore = fast.filter().served();
        for (int value = 0; value < 30; value++) {
            assertThat(client.send("PATCH", path + "/attrs/temperature", ADMIN, "{\"value\":" + value + "}").status())
                    .isEqualTo(204);
            String viewer = fast.tokens().get("VIEWER");
            JsonNode normalized = client.json(new String(send(fast, "GET", path, viewer, Map.of()).body(), StandardCharsets.UTF_8));
            assertThat(normalized.at("/temperature/value").asInt()).as("after setting %d: %s", value, normalized).isEqualTo(value);
            JsonNode keyValues = client.json(new String(send(fast, "GET", path + "?options=keyValues", viewer, Map.of()).body(),
                    StandardCharsets.UTF_8));
            assertThat(keyValues.get("temperature").asInt()).as("after setting %d: %s", value, keyValues).isEqualTo(value);
        }
        assertThat(fast.filter().served() - servedBefore).isEqualTo(60);
        assertThat(client.send("DELETE", path, ADMIN, null).status()).isEqualTo(204);
        assertThat(send(fast, "GET", path, ADMIN, Map.of()).status()).isEqualTo(404);
    }
}
