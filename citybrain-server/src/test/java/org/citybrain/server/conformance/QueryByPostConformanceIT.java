package org.citybrain.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.citybrain.server.ServerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Query Entities with a body, {@code POST /ngsi-ld/v1/entityOperations/query} (ETSI GS CIM 009
 * clauses 5.7.2 and 6.23, the Query data type of 5.2.23): the same selection as
 * {@code GET /entities}, written as entity selectors, {@code attrs}, {@code q} and {@code geoQ};
 * pagination in the URL.
 */
class QueryByPostConformanceIT extends QueryConformance {

    private ServerClient.Response post(String url, String body) {
        return call("POST", "/entityOperations/query" + url, body);
    }

    /** 6.23: a Query body with a type selector and q selects what the same GET query selects. */
    @Test
    void aQueryBodySelectsWhatTheSameGetQuerySelects() {
        String t = freshType("Post");
        String a = make(t, property("speed", "60"));
        make(t, property("speed", "10"));
        ServerClient.Response r = post("", "{\"type\":\"Query\",\"entities\":[{\"type\":\"" + t + "\"}],\"q\":\"speed>50\"}");
        assertThat(ids(r)).containsExactly(a);
        assertThat(ids(query("type", t, "q", "speed>50"))).containsExactly(a);
    }

    /** 5.2.23: entities holds selectors (type, and an id or idPattern); an entity matching any of them is selected. */
    @Test
    void anEntityMatchingAnyOfTheSelectorsIsSelected() {
        String t1 = freshType("Post");
        String t2 = freshType("Post");
        String a = make(t1, "");
        make(t1, "");
        String c = make(t2, "");
        String d = make(t2, "");
        String body = "{\"type\":\"Query\",\"entities\":[{\"type\":\"" + t1 + "\",\"id\":\"" + a + "\"},{\"type\":\"" + t2
                + "\",\"idPattern\":\".*\"}]}";
        assertThat(ids(post("", body))).containsExactlyInAnyOrder(a, c, d);
    }

    /** 5.2.23: attrs selects and projects, geoQ filters by place (coordinates as an array or as text). */
    @Test
    void attrsAndGeoQWorkAsTheirParameters() {
        String t = freshType("Post");
        String a = make(t, String.join(",", property("speed", "1"), property("name", "\"a\""),
                geoProperty("location", "{\"type\":\"Point\",\"coordinates\":[-120.5,-70.25]}")));
        make(t, String.join(",", property("speed", "2"),
                geoProperty("location", "{\"type\":\"Point\",\"coordinates\":[-121.5,-70.25]}")));
        for (String coordinates : new String[] {"[-120.5,-70.25]", "\"[-120.5,-70.25]\""}) {
            ServerClient.Response r = post("", "{\"type\":\"Query\",\"entities\":[{\"type\":\"" + t + "\"}],\"attrs\":[\"speed\"],"
                    + "\"geoQ\":{\"georel\":\"near;maxDistance==10\",\"geometry\":\"Point\",\"coordinates\":" + coordinates + "}}");
            assertThat(ids(r)).containsExactly(a);
            assertThat(r.json().get(0).has("name")).isFalse();
            assertThat(r.json().get(0).get("speed").get("value").asInt()).isEqualTo(1);
        }
    }

    /** 6.23 and 6.3.13: limit, offset and count are URL parameters, as for GET. */
    @Test
    void limitOffsetAndCountAreUrlParameters() {
        String t = freshType("Post");
        for (int i = 0; i < 3; i++) {
            make(t, "");
        }
        ServerClient.Response r = post("?limit=1&offset=1&count=true", "{\"type\":\"Query\",\"entities\":[{\"type\":\"" + t + "\"}]}");
        assertThat(ids(r)).hasSize(1);
        assertThat(r.header("NGSILD-Results-Count")).hasValue("3");
    }

    /** 5.5.7: the @context of an application/ld+json body expands the names of the query. */
    @Test
    void theContextOfAnLdJsonBodyExpandsTheNames() {
        String t = freshType("Post");
        String id = id(t);
        createLinked(entity(id, t, property("averageVehicleSpeed", "50")));
        String body = "{\"@context\":\"" + TRANSPORTATION + "\",\"type\":\"Query\",\"entities\":[{\"type\":\"" + t + "\"}],"
                + "\"q\":\"averageVehicleSpeed==50\"}";
        ServerClient.Response r = client.send("POST", V1 + "/entityOperations/query", ADMIN, body, "application/ld+json",
                java.util.Map.of());
        assertThat(ids(r)).containsExactly(id);
    }

    /** 5.7.2.4: a body that is not a valid Query is BadRequestData pointing into it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '¦', quoteCharacter = '`', textBlock = """
            type is not Query ¦ {"type":"Subscription","entities":[{"type":"T"}]} ¦ $.type
            no condition ¦ {"type":"Query"} ¦ $
            selector without type ¦ {"type":"Query","entities":[{"id":"urn:ngsi-ld:T:1"}]} ¦ $.entities[0]
            id not a URI ¦ {"type":"Query","entities":[{"type":"T","id":"not a uri"}]} ¦ $.entities[0].id
            bad q ¦ {"type":"Query","entities":[{"type":"T"}],"q":"speed>>1"} ¦ $.q
            bad geoQ ¦ {"type":"Query","geoQ":{"georel":"within","geometry":"Circle","coordinates":[1,2]}} ¦ $.geoQ.geometry
            attrs naming id ¦ {"type":"Query","attrs":["id"]} ¦ $.attrs
            """)
    void anInvalidQueryBodyIsBadRequestDataAtItsMember(String fault, String body, String jsonPath) {
        assertThat(problem(post("", body), 400, "BadRequestData").get("jsonPath").asText()).isEqualTo(jsonPath);
    }
}
