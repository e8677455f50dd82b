package org.citybrain.server.conformance;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.citybrain.server.CityBrainServer;
import org.citybrain.server.ServerClient;
import org.citybrain.server.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The server every class of the NGSI-LD conformance suite runs against: one Spring context shared
 * by all of them (same configuration, so Spring's test context cache starts it once), embedded
 * defaults, an administrator token. Tests share the store, so each makes its own ids
 * ({@link #id(String)}) and never asserts on what it did not create.
 *
 * <p>The suite: one test per rule of ETSI GS CIM 009 that the server implements, named after the
 * rule, its clause in the class's or test's Javadoc; docs/hub/conformance.md lists them.
 */
@SpringBootTest(classes = CityBrainServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "citybrain.admin-token=" + ConformanceServer.ADMIN)
abstract class ConformanceServer {
    static final String ADMIN = "admin-token-for-conformance";
    static final String V1 = "/ngsi-ld/v1";
    /** A context the server holds (Smart Data Models, Transportation), for Link headers and bodies. */
    static final String TRANSPORTATION =
            "https://raw.githubusercontent.com/smart-data-models/dataModel.Transportation/master/context.jsonld";
    static final String LINK = "<" + TRANSPORTATION + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; "
            + "type=\"application/ld+json\"";
    private static final Path DATA = TestData.newDirectory();
    static final String BAD_REQUEST_DATA = "https://uri.etsi.org/ngsi-ld/errors/BadRequestData";
    static final String INVALID_REQUEST = "https://uri.etsi.org/ngsi-ld/errors/InvalidRequest";
    static final String NOT_FOUND = "https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound";
    static final String NOT_SUPPORTED = "https://uri.etsi.org/ngsi-ld/errors/OperationNotSupported";

    @LocalServerPort
    int port;
    ServerClient client;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("citybrain.data-dir", DATA::toString);
    }

    @BeforeEach
    void client() {
        client = new ServerClient(port);
    }

    /** {@code r} is a ProblemDetails answer of {@code status} with the NGSI-LD error {@code type} and a title. */
    static void assertProblem(ServerClient.Response r, int status, String type) {
        org.assertj.core.api.Assertions.assertThat(r.status()).as(r.body()).isEqualTo(status);
        org.assertj.core.api.Assertions.assertThat(r.json().get("type").asText()).as(r.body()).isEqualTo(type);
        org.assertj.core.api.Assertions.assertThat(r.json().get("title").asText()).as(r.body()).isNotBlank();
    }

    /** A fresh entity id of {@code type}: {@code urn:ngsi-ld:<type>:<uuid>}. */
    static String id(String type) {
        return "urn:ngsi-ld:" + type + ":" + UUID.randomUUID();
    }

    /** {@code method} on {@code V1 + path} as the administrator, JSON body, no Link header. */
    ServerClient.Response call(String method, String path, String body) {
        return client.send(method, V1 + path, ADMIN, body, "application/json", Map.of());
    }

    /** {@code method} on {@code V1 + path} as the administrator, JSON body, the Transportation context linked. */
    ServerClient.Response linked(String method, String path, String body) {
        return client.send(method, V1 + path, ADMIN, body, "application/json", Map.of("Link", LINK));
    }
}
