package org.citybrain.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.citybrain.server.ServerClient;
import org.junit.jupiter.api.Test;

/**
 * The V1.6.1 whole-entity writes: merge entity (5.6.17, {@code PATCH /entities/{id}}), replace
 * entity (5.6.18, {@code PUT /entities/{id}}) and replace attribute (5.6.19,
 * {@code PUT /entities/{id}/attrs/{attrId}}). docs/hub/conformance/entities.md lists the rules.
 */
class EntityReplaceAndMergeConformanceIT extends ConformanceServer {

    private String created() {
        String id = id("Sensor");
        ServerClient.Response r = call("POST", "/entities", EntityProvisionConformanceIT.entity(id, "Sensor"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return id;
    }

    private JsonNode read(String id) {
        ServerClient.Response r = call("GET", "/entities/" + id + "?options=sysAttrs", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    // ------------------------------------------------------------------ 5.6.17 merge entity

    /** 5.6.17: merge adds the attributes the entity lacks, merges those it has, keeps the others; 204. */
    @Test
    void mergeEntityAddsNewAttributesAndMergesExistingOnes() {
        String id = created();
        ServerClient.Response r = call("PATCH", "/entities/" + id, "{\"speed\":{\"type\":\"Property\",\"value\":30,"
                + "\"unitCode\":\"KMH\"},\"occupancy\":{\"type\":\"Property\",\"value\":0.4}}");
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        JsonNode e = read(id);
        assertThat(e.get("speed").get("value").asInt()).isEqualTo(30);
        assertThat(e.get("speed").get("unitCode").asText()).isEqualTo("KMH");
        assertThat(e.get("occupancy").get("value").asDouble()).isEqualTo(0.4);
        assertThat(e.get("segment").get("object").asText()).isEqualTo("urn:ngsi-ld:RoadSegment:s1");
    }

    /** 5.6.17: an existing attribute may be merged with partial data (its type left out). */
    @Test
    void mergeEntityTakesPartialDataForAnExistingAttribute() {
        String id = created();
        assertThat(call("PATCH", "/entities/" + id, "{\"speed\":{\"value\":31}}").status()).isEqualTo(204);
        JsonNode speed = read(id).get("speed");
        assertThat(speed.get("type").asText()).isEqualTo("Property");
        assertThat(speed.get("value").asInt()).isEqualTo(31);
    }

    /** 5.6.17: an existing attribute merged with metadata alone keeps its value. */
    @Test
    void mergeEntityWithMetadataAloneKeepsTheValue() {
        String id = created();
        ServerClient.Response r = call("PATCH", "/entities/" + id, "{\"speed\":{\"unitCode\":\"KMH\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        JsonNode speed = read(id).get("speed");
        assertThat(speed.get("value").asInt()).isEqualTo(12);
        assertThat(speed.get("unitCode").asText()).isEqualTo("KMH");
    }

    /** 5.6.17: a new attribute in a merge needs its value, like any attribute that is added; nothing is written. */
    @Test
    void mergeEntityAddingAnAttributeWithoutAValueIsBadRequestData400() {
        String id = created();
        JsonNode before = read(id);
        assertProblem(call("PATCH", "/entities/" + id, "{\"speed\":{\"unitCode\":\"KMH\"},"
                + "\"occupancy\":{\"type\":\"Property\",\"unitCode\":\"P1\"}}"), 400, BAD_REQUEST_DATA);
        assertThat(read(id)).isEqualTo(before);
    }

    /** 5.6.17 / 4.5 (V1.6.1): an attribute merged as urn:ngsi-ld:null is deleted. */
    @Test
    void mergeEntityWithTheNgsiLdNullDeletesThatAttribute() {
        String id = created();
        ServerClient.Response r = call("PATCH", "/entities/" + id, "{\"segment\":\"urn:ngsi-ld:null\","
                + "\"speed\":{\"type\":\"Property\",\"value\":\"urn:ngsi-ld:null\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        JsonNode e = read(id);
        assertThat(e.has("segment")).isFalse();
        assertThat(e.has("speed")).isFalse();
    }

    /** 5.6.17: an empty fragment changes nothing; 204. */
    @Test
    void mergeEntityWithAnEmptyFragmentChangesNothing() {
        String id = created();
        JsonNode before = read(id);
        assertThat(call("PATCH", "/entities/" + id, "{}").status()).isEqualTo(204);
        assertThat(read(id)).isEqualTo(before);
    }

    /** 5.6.17: merging into an entity that does not exist is ResourceNotFound. */
    @Test
    void mergeEntityOfAnUnknownEntityIsResourceNotFound404() {
        ServerClient.Response r = call("PATCH", "/entities/" + id("Sensor"), "{\"speed\":{\"type\":\"Property\",\"value\":1}}");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("type").asText()).isEqualTo(NOT_FOUND);
    }

    /** 5.6.17: an invalid attribute refuses the whole fragment; nothing of it is written. */
    @Test
    void mergeEntityWithAnInvalidAttributeWritesNothing() {
        String id = created();
        ServerClient.Response r = call("PATCH", "/entities/" + id, "{\"speed\":{\"type\":\"Property\",\"value\":30},"
                + "\"segment\":{\"type\":\"Relationship\",\"object\":\"not a uri\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("type").asText()).isEqualTo(BAD_REQUEST_DATA);
        assertThat(r.json().get("jsonPath").asText()).startsWith("$.segment");
        assertThat(read(id).get("speed").get("value").asInt()).isEqualTo(12);
    }

    // ------------------------------------------------------------------ 5.6.18 replace entity

    /** 5.6.18: replace keeps only the body's attributes, and the entity's createdAt; 204. */
    @Test
    void replaceEntityKeepsOnlyTheNewAttributesAndTheCreatedAt() {
        String id = created();
        JsonNode before = read(id);
        ServerClient.Response r = call("PUT", "/entities/" + id, "{\"type\":\"Sensor\","
                + "\"occupancy\":{\"type\":\"Property\",\"value\":0.7}}");
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        JsonNode after = read(id);
        assertThat(after.has("speed")).isFalse();
        assertThat(after.has("segment")).isFalse();
        assertThat(after.get("occupancy").get("value").asDouble()).isEqualTo(0.7);
        assertThat(after.get("createdAt")).isEqualTo(before.get("createdAt"));
    }

    /** 5.6.18: replacing an entity that does not exist is ResourceNotFound, and creates nothing. */
    @Test
    void replaceEntityOfAnUnknownEntityIsResourceNotFound404() {
        String id = id("Sensor");
        ServerClient.Response r = call("PUT", "/entities/" + id, EntityProvisionConformanceIT.entity(id, "Sensor"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("type").asText()).isEqualTo(NOT_FOUND);
        assertThat(call("GET", "/entities/" + id, null).status()).isEqualTo(404);
    }

    /** 5.6.18: a body naming another entity is BadRequestData. */
    @Test
    void replaceEntityWithAnotherIdInTheBodyIsBadRequestData400() {
        String id = created();
        ServerClient.Response r = call("PUT", "/entities/" + id, EntityProvisionConformanceIT.entity(id("Sensor"), "Sensor"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("type").asText()).isEqualTo(BAD_REQUEST_DATA);
        assertThat(read(id).get("speed").get("value").asInt()).isEqualTo(12);
    }

    // ------------------------------------------------------------------ 5.6.19 replace attribute

    /** 5.6.19: replace attribute puts the new attribute whole in place of the old; 204. */
    @Test
    void replaceAttributeReplacesItWhole() {
        String id = created();
        assertThat(call("PATCH", "/entities/" + id + "/attrs/speed", "{\"value\":13,\"unitCode\":\"KMH\"}").status()).isEqualTo(204);
        ServerClient.Response r = call("PUT", "/entities/" + id + "/attrs/speed", "{\"type\":\"Property\",\"value\":44}");
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        JsonNode speed = read(id).get("speed");
        assertThat(speed.get("value").asInt()).isEqualTo(44);
        assertThat(speed.has("unitCode")).as("replaced whole, not merged").isFalse();
    }

    /** 5.6.19: replacing an attribute the entity lacks is ResourceNotFound, and adds nothing. */
    @Test
    void replaceAnUnknownAttributeIsResourceNotFound404() {
        String id = created();
        ServerClient.Response r = call("PUT", "/entities/" + id + "/attrs/occupancy", "{\"type\":\"Property\",\"value\":1}");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("type").asText()).isEqualTo(NOT_FOUND);
        assertThat(read(id).has("occupancy")).isFalse();
    }
}
