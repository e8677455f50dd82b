package org.citybrain.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every role against every kind of call: allowed calls get past security (any status but 401 and
 * 403), denied ones get 401 (no or bad token) or 403 (role too low). docs/server.md has the table.
 */
// metrics are exported in tests only when asked for
@AutoConfigureObservability
@SpringBootTest(classes = CityBrainServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "citybrain.admin-token=" + AccessMatrixIT.ADMIN)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixIT {
    static final String ADMIN = "admin-token-for-the-access-matrix";
    static final Path data = TestData.newDirectory();

    @LocalServerPort
    int port;
    ServerClient client;
    String viewer;
    String operator;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("citybrain.data-dir", () -> data.toString());
    }

    @BeforeAll
    void users() {
        client = new ServerClient(port);
        viewer = client.newUser(ADMIN, "vera", "VIEWER");
        operator = client.newUser(ADMIN, "otto", "OPERATOR");
    }

    enum Who { ANONYMOUS, BAD_TOKEN, VIEWER, OPERATOR, ADMIN }

    /** One call and the least role that may make it (null: public). */
    record Call(String method, String path, String body, Who least) {
        @Override
        public String toString() {
            return method + " " + path + " needs " + (least == null ? "nothing" : least);
        }
    }

    static List<Call> calls() {
        String device = "{\"id\":\"d-%s\",\"entityId\":\"urn:ngsi-ld:Device:%s\",\"entityType\":\"Device\"}";
        return List.of(
                new Call("GET", "/actuator/health", null, null),
                new Call("GET", "/v3/api-docs", null, null),
                new Call("GET", "/", null, null),
                new Call("GET", "/webjars/leaflet/dist/leaflet.js", null, null),
                new Call("GET", "/api/dashboard/snapshot", null, Who.VIEWER),
                new Call("GET", "/actuator/prometheus", null, Who.VIEWER),
                new Call("GET", "/api/devices", null, Who.VIEWER),
                new Call("GET", "/api/users/me", null, Who.VIEWER),
                new Call("GET", "/ngsi-ld/v1/temporal/entities?type=Device", null, Who.VIEWER),
                new Call("POST", "/ngsi-ld/v1/entityOperations/query", "{\"type\":\"Query\",\"entities\":[{\"type\":\"Device\"}]}",
                        Who.VIEWER),
                new Call("POST", "/api/devices", device, Who.OPERATOR),
                new Call("GET", "/ngsi-ld/v1/subscriptions", null, Who.VIEWER),
                new Call("POST", "/ngsi-ld/v1/subscriptions", "{\"type\":\"Subscription\",\"entities\":[{\"type\":\"T%s\"}],"
                        + "\"notification\":{\"endpoint\":{\"uri\":\"http://127.0.0.1:9/n\"}}}", Who.OPERATOR),
                new Call("GET", "/api/govern/rules", null, Who.VIEWER),
                new Call("POST", "/api/govern/rules", "{\"id\":\"r-%s\",\"attribute\":\"a\",\"kind\":\"absence\","
                        + "\"silentFor\":\"PT1H\",\"severity\":\"low\"}", Who.OPERATOR),
                new Call("GET", "/api/govern/cases", null, Who.VIEWER),
                new Call("POST", "/api/govern/cases", "{\"category\":\"pothole\",\"description\":\"%s\"}", Who.OPERATOR),
                new Call("GET", "/api/govern/kpis", null, Who.VIEWER),
                new Call("POST", "/api/govern/open311/keys", "{\"client\":\"c-%s\"}", Who.ADMIN),
                new Call("GET", "/open311/v2/services.json", null, null),
                new Call("GET", "/api/users", null, Who.ADMIN),
                new Call("POST", "/api/users", "{\"name\":\"u-%s\",\"role\":\"VIEWER\"}", Who.ADMIN),
                new Call("DELETE", "/somewhere/else", null, Who.ADMIN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void eachRoleIsAllowedExactlyWhatItsRoleIncludes(Call call) {
        for (Who who : Who.values()) {
            String token = switch (who) {
                case ANONYMOUS -> null;
                case BAD_TOKEN -> "not-a-token-of-anybody-at-all";
                case VIEWER -> viewer;
                case OPERATOR -> operator;
                case ADMIN -> ADMIN;
            };
            String body = call.body() == null ? null : call.body().replace("%s", who.name().toLowerCase() + call.path().length());
            int status = client.send(call.method(), call.path(), token, body).status();
            boolean allowed = call.least() == null
                    || (who.ordinal() >= Who.VIEWER.ordinal() && who.ordinal() >= call.least().ordinal()
                            && !call.path().equals("/somewhere/else"));
            if (allowed) {
                assertThat(status).as("%s as %s", call, who).isNotIn(401, 403, 404);
            } else if (who == Who.ANONYMOUS || who == Who.BAD_TOKEN) {
                assertThat(status).as("%s as %s", call, who).isEqualTo(401);
            } else {
                assertThat(status).as("%s as %s", call, who).isEqualTo(403);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void deniedCallsAnswerWithProblemDetails(Call call) {
        if (call.least() == null) {
            return;
        }
        ServerClient.Response response = client.send(call.method(), call.path(), null, null);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("detail").asText()).contains("Authorization: Bearer");
        assertThat(response.json().get("status").asInt()).isEqualTo(401);
    }
}
