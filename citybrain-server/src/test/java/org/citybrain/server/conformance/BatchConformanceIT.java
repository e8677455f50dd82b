package org.citybrain.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.citybrain.server.ServerClient;
import org.junit.jupiter.api.Test;

/**
 * Batch entity operations (ETSI GS CIM 009 V1.6.1, clauses 5.6.7–5.6.10): create, upsert, update,
 * delete, each entity succeeding or failing on its own. docs/hub/conformance/entities.md lists
 * the rules.
 */
class BatchConformanceIT extends ConformanceServer {

    private static String entity(String id) {
        return EntityProvisionConformanceIT.entity(id, "Sensor");
    }

    private static String batch(String... entities) {
        return "[" + String.join(",", entities) + "]";
    }

    private JsonNode read(String id) {
        ServerClient.Response r = call("GET", "/entities/" + id, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    // ------------------------------------------------------------------ 5.6.7 create

    /** 5.6.7: a batch create where every entity is new answers 201 with their ids. */
    @Test
    void batchCreateOfNewEntitiesIs201WithTheirIds() {
        String a = id("Sensor");
        String b = id("Sensor");
        ServerClient.Response r = call("POST", "/entityOperations/create", batch(entity(a), entity(b)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json()).extracting(JsonNode::asText).containsExactlyInAnyOrder(a, b);
        assertThat(read(b).get("speed").get("value").asInt()).isEqualTo(12);
    }

    /** 5.6.7: the same id twice in one create: the first is created, the second fails with AlreadyExists. */
    @Test
    void batchCreateWithTheSameIdTwiceCreatesOnceAndReportsTheOther() {
        String a = id("Sensor");
        ServerClient.Response r = call("POST", "/entityOperations/create", batch(entity(a), entity(a)));
        assertThat(r.status()).as(r.body()).isEqualTo(207);
        assertThat(r.json().get("success")).extracting(JsonNode::asText).containsExactly(a);
        assertThat(r.json().get("errors").get(0).get("entityId").asText()).isEqualTo(a);
        assertThat(r.json().get("errors").get(0).get("error").get("type").asText())
                .isEqualTo("https://uri.etsi.org/ngsi-ld/errors/AlreadyExists");
    }

    /** 5.6.7: a body that is not a JSON array is refused whole. */
    @Test
    void aBatchThatIsNotAnArrayIsInvalidRequest400() {
        ServerClient.Response r = call("POST", "/entityOperations/create", entity(id("Sensor")));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("type").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/InvalidRequest");
    }

    /** 5.6.7–5.6.10: an empty batch is refused. */
    @Test
    void anEmptyBatchIsBadRequestData400() {
        for (String operation : new String[] {"create", "upsert", "update", "delete"}) {
            ServerClient.Response r = call("POST", "/entityOperations/" + operation, "[]");
            assertThat(r.status()).as(operation + ": " + r.body()).isEqualTo(400);
            assertThat(r.json().get("type").asText()).isEqualTo(BAD_REQUEST_DATA);
        }
    }

    /** 6.3.5: application/ld+json with a JSON-LD Link header is refused whole, before any entity is read. */
    @Test
    void aBatchInLdJsonWithALinkHeaderIsBadRequestData400() {
        String a = id("Sensor");
        String body = batch(entity(a).replaceFirst("\\{", "{\"@context\":\"" + TRANSPORTATION + "\","));
        ServerClient.Response r = client.send("POST", V1 + "/entityOperations/create", ADMIN, body, "application/ld+json",
                Map.of("Link", LINK));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("type").asText()).isEqualTo(BAD_REQUEST_DATA);
        assertThat(call("GET", "/entities/" + a, null).status()).isEqualTo(404);
    }

    /** 6.3.5: in an application/ld+json batch each entity carries its own @context; one without is reported. */
    @Test
    void aBatchInLdJsonTakesEachEntitysContext() {
        String a = id("TrafficFlowObserved");
        String b = id("TrafficFlowObserved");
        String withContext = EntityProvisionConformanceIT.trafficFlow(a).replaceFirst("\\{", "{\"@context\":\"" + TRANSPORTATION + "\",");
        String without = EntityProvisionConformanceIT.trafficFlow(b);
        ServerClient.Response r = client.send("POST", V1 + "/entityOperations/create", ADMIN, batch(withContext, without),
                "application/ld+json", Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(207);
        assertThat(r.json().get("success")).extracting(JsonNode::asText).containsExactly(a);
        assertThat(r.json().get("errors").get(0).get("entityId").asText()).isEqualTo(b);
        assertThat(linked("GET", "/entities/" + a, null).json().get("intensity").get("value").asInt()).isEqualTo(7);
    }

    // ------------------------------------------------------------------ 5.6.8 upsert

    /** 5.6.8: an upsert that creates entities answers 201 with the ids it created. */
    @Test
    void batchUpsertThatCreatesIs201WithTheCreatedIds() {
        String existing = id("Sensor");
        String fresh = id("Sensor");
        assertThat(call("POST", "/entities", entity(existing)).status()).isEqualTo(201);
        ServerClient.Response r = call("POST", "/entityOperations/upsert", batch(entity(existing), entity(fresh)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json()).extracting(JsonNode::asText).containsExactly(fresh);
    }

    /** 5.6.8: an upsert of entities that all exist answers 204. */
    @Test
    void batchUpsertOfExistingEntitiesIs204() {
        String a = id("Sensor");
        assertThat(call("POST", "/entities", entity(a)).status()).isEqualTo(201);
        assertThat(call("POST", "/entityOperations/upsert", batch(entity(a))).status()).isEqualTo(204);
    }

    /** 5.6.8: upsert replaces an existing entity whole by default (options=replace). */
    @Test
    void batchUpsertReplacesAnExistingEntityWhole() {
        String a = id("Sensor");
        assertThat(call("POST", "/entities", entity(a)).status()).isEqualTo(201);
        String replacement = "{\"id\":\"" + a + "\",\"type\":\"Sensor\",\"occupancy\":{\"type\":\"Property\",\"value\":0.3}}";
        assertThat(call("POST", "/entityOperations/upsert?options=replace", batch(replacement)).status()).isEqualTo(204);
        JsonNode e = read(a);
        assertThat(e.has("speed")).isFalse();
        assertThat(e.get("occupancy").get("value").asDouble()).isEqualTo(0.3);
    }

    /** 5.6.8: with options=update, upsert keeps the attributes it does not mention. */
    @Test
    void batchUpsertWithUpdateKeepsOtherAttributes() {
        String a = id("Sensor");
        assertThat(call("POST", "/entities", entity(a)).status()).isEqualTo(201);
        String update = "{\"id\":\"" + a + "\",\"type\":\"Sensor\",\"occupancy\":{\"type\":\"Property\",\"value\":0.3}}";
        assertThat(call("POST", "/entityOperations/upsert?options=update", batch(update)).status()).isEqualTo(204);
        JsonNode e = read(a);
        assertThat(e.get("speed").get("value").asInt()).isEqualTo(12);
        assertThat(e.get("occupancy").get("value").asDouble()).isEqualTo(0.3);
    }

    /** 5.6.8: an unknown option is refused and nothing is written. */
    @Test
    void batchUpsertWithAnUnknownOptionIsBadRequestData400() {
        String a = id("Sensor");
        ServerClient.Response r = call("POST", "/entityOperations/upsert?options=merge", batch(entity(a)));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("detail").asText()).contains("replace", "update");
        assertThat(call("GET", "/entities/" + a, null).status()).isEqualTo(404);
    }

    // ------------------------------------------------------------------ 5.6.9 update

    /** 5.6.9: a batch update of existing entities answers 204 and overwrites the attributes it names. */
    @Test
    void batchUpdateOfExistingEntitiesIs204() {
        String a = id("Sensor");
        assertThat(call("POST", "/entities", entity(a)).status()).isEqualTo(201);
        String update = "{\"id\":\"" + a + "\",\"type\":\"Sensor\",\"speed\":{\"type\":\"Property\",\"value\":50}}";
        assertThat(call("POST", "/entityOperations/update", batch(update)).status()).isEqualTo(204);
        JsonNode e = read(a);
        assertThat(e.get("speed").get("value").asInt()).isEqualTo(50);
        assertThat(e.has("segment")).isTrue();
    }

    /** 5.6.9: updating an entity that does not exist fails for that entity alone, with ResourceNotFound. */
    @Test
    void batchUpdateOfAnUnknownEntityReportsResourceNotFound207() {
        String a = id("Sensor");
        String unknown = id("Sensor");
        assertThat(call("POST", "/entities", entity(a)).status()).isEqualTo(201);
        ServerClient.Response r = call("POST", "/entityOperations/update", batch(entity(a), entity(unknown)));
        assertThat(r.status()).as(r.body()).isEqualTo(207);
        assertThat(r.json().get("success")).extracting(JsonNode::asText).containsExactly(a);
        assertThat(r.json().get("errors").get(0).get("entityId").asText()).isEqualTo(unknown);
        assertThat(r.json().get("errors").get(0).get("error").get("type").asText())
                .isEqualTo("https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound");
        assertThat(call("GET", "/entities/" + unknown, null).status()).as("update never creates").isEqualTo(404);
    }

    /** 5.6.9: with options=noOverwrite an update leaves existing attributes alone and adds the new ones. */
    @Test
    void batchUpdateWithNoOverwriteKeepsExistingValues() {
        String a = id("Sensor");
        assertThat(call("POST", "/entities", entity(a)).status()).isEqualTo(201);
        String update = "{\"id\":\"" + a + "\",\"type\":\"Sensor\",\"speed\":{\"type\":\"Property\",\"value\":50},"
                + "\"occupancy\":{\"type\":\"Property\",\"value\":0.3}}";
        ServerClient.Response r = call("POST", "/entityOperations/update?options=noOverwrite", batch(update));
        assertThat(r.status()).as(r.body()).isIn(204, 207);
        JsonNode e = read(a);
        assertThat(e.get("speed").get("value").asInt()).isEqualTo(12);
        assertThat(e.get("occupancy").get("value").asDouble()).isEqualTo(0.3);
    }

    // ------------------------------------------------------------------ 5.6.10 delete

    /** 5.6.10: deleting ids of which some do not exist deletes the others and reports those, ResourceNotFound. */
    @Test
    void batchDeleteReportsUnknownIdsAsResourceNotFound207() {
        String a = id("Sensor");
        String unknown = id("Sensor");
        assertThat(call("POST", "/entities", entity(a)).status()).isEqualTo(201);
        ServerClient.Response r = call("POST", "/entityOperations/delete", "[\"" + a + "\",\"" + unknown + "\"]");
        assertThat(r.status()).as(r.body()).isEqualTo(207);
        assertThat(r.json().get("success")).extracting(JsonNode::asText).containsExactly(a);
        assertThat(r.json().get("errors").get(0).get("entityId").asText()).isEqualTo(unknown);
        assertThat(r.json().get("errors").get(0).get("error").get("type").asText())
                .isEqualTo("https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound");
        assertThat(call("GET", "/entities/" + a, null).status()).isEqualTo(404);
    }

    /** 5.6.10: an entry that is not an entity id is reported for itself, BadRequestData. */
    @Test
    void batchDeleteReportsAnEntryThatIsNotAUriAsBadRequestData() {
        String a = id("Sensor");
        assertThat(call("POST", "/entities", entity(a)).status()).isEqualTo(201);
        ServerClient.Response r = call("POST", "/entityOperations/delete", "[\"" + a + "\",\"not a uri\"]");
        assertThat(r.status()).as(r.body()).isEqualTo(207);
        assertThat(r.json().get("success")).extracting(JsonNode::asText).containsExactly(a);
        assertThat(r.json().get("errors").get(0).get("error").get("type").asText()).isEqualTo(BAD_REQUEST_DATA);
    }
}
