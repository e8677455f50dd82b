package org.citybrain.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.citybrain.server.ServerClient;
import org.junit.jupiter.api.Test;

/**
 * Entities and their attributes written one at a time (ETSI GS CIM 009 V1.6.1, clauses 4.6 and
 * 5.6.1–5.6.6): what each operation answers, what it refuses and that a refused request writes
 * nothing. docs/hub/conformance/entities.md lists the rules.
 */
class EntityProvisionConformanceIT extends ConformanceServer {

    /** An entity of {@code type} with a Property {@code speed} and a Relationship {@code segment}. */
    static String entity(String id, String type) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"speed\":{\"type\":\"Property\",\"value\":12},"
                + "\"segment\":{\"type\":\"Relationship\",\"object\":\"urn:ngsi-ld:RoadSegment:s1\"}}";
    }

    /**
     * A valid TrafficFlowObserved (a Smart Data Model, so checked against its schema) without
     * {@code @context}, its names those of the Transportation context ({@link #TRANSPORTATION}).
     */
    static String trafficFlow(String id) {
        return "{\"id\":\"" + id + "\",\"type\":\"TrafficFlowObserved\",\"intensity\":{\"type\":\"Property\",\"value\":7},"
                + "\"dateObserved\":{\"type\":\"Property\",\"value\":\"2026-11-29T08:00:00Z\"},"
                + "\"location\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Point\",\"coordinates\":[120.1,30.2]}}}";
    }

    private String created(String type) {
        String id = id(type);
        ServerClient.Response r = call("POST", "/entities", entity(id, type));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return id;
    }

    private JsonNode read(String id) {
        ServerClient.Response r = call("GET", "/entities/" + id, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }


    // ------------------------------------------------------------------ 4.6 entity and attribute rules

    /** 4.6: an entity needs a type. */
    @Test
    void createEntityWithoutTypeIsBadRequestData400() {
        String id = id("Sensor");
        assertProblem(call("POST", "/entities", "{\"id\":\"" + id + "\"}"), 400, BAD_REQUEST_DATA);
        assertThat(call("GET", "/entities/" + id, null).status()).isEqualTo(404);
    }

    /** 4.6: an entity needs an id. */
    @Test
    void createEntityWithoutIdIsBadRequestData400() {
        assertProblem(call("POST", "/entities", "{\"type\":\"Sensor\"}"), 400, BAD_REQUEST_DATA);
    }

    /** 4.5: a Property carries a value. */
    @Test
    void aPropertyWithoutValueIsBadRequestData400() {
        String id = id("Sensor");
        ServerClient.Response r = call("POST", "/entities", "{\"id\":\"" + id + "\",\"type\":\"Sensor\","
                + "\"speed\":{\"type\":\"Property\"}}");
        assertProblem(r, 400, BAD_REQUEST_DATA);
        assertThat(r.json().get("jsonPath").asText()).startsWith("$.speed");
        assertThat(call("GET", "/entities/" + id, null).status()).isEqualTo(404);
    }

    /** 4.5: a Relationship's object is a URI. */
    @Test
    void aRelationshipWhoseObjectIsNotAUriIsBadRequestData400() {
        ServerClient.Response r = call("POST", "/entities", "{\"id\":\"" + id("Sensor") + "\",\"type\":\"Sensor\","
                + "\"segment\":{\"type\":\"Relationship\",\"object\":\"not a uri\"}}");
        assertProblem(r, 400, BAD_REQUEST_DATA);
        assertThat(r.json().get("jsonPath").asText()).isEqualTo("$.segment.object");
    }

    /** 4.5: an attribute is a Property, a Relationship or a GeoProperty. */
    @Test
    void anAttributeOfAnUnknownTypeIsBadRequestData400() {
        ServerClient.Response r = call("POST", "/entities", "{\"id\":\"" + id("Sensor") + "\",\"type\":\"Sensor\","
                + "\"speed\":{\"type\":\"Quantity\",\"value\":1}}");
        assertProblem(r, 400, BAD_REQUEST_DATA);
        assertThat(r.json().get("jsonPath").asText()).isEqualTo("$.speed.type");
    }

    /** 4.5 (not implemented): several instances of one attribute (datasetId) are OperationNotSupported. */
    @Test
    void multiAttributesAreOperationNotSupported422() {
        String id = id("Sensor");
        ServerClient.Response r = call("POST", "/entities", "{\"id\":\"" + id + "\",\"type\":\"Sensor\",\"speed\":["
                + "{\"type\":\"Property\",\"value\":1,\"datasetId\":\"urn:ngsi-ld:Dataset:a\"},"
                + "{\"type\":\"Property\",\"value\":2,\"datasetId\":\"urn:ngsi-ld:Dataset:b\"}]}");
        assertProblem(r, 422, "https://uri.etsi.org/ngsi-ld/errors/OperationNotSupported");
        assertThat(r.json().get("jsonPath").asText()).startsWith("$.speed");
        assertThat(call("GET", "/entities/" + id, null).status()).isEqualTo(404);
    }

    /** 4.5 (not implemented): a LanguageProperty is OperationNotSupported, not mistaken for bad data. */
    @Test
    void aLanguagePropertyIsOperationNotSupported422() {
        ServerClient.Response r = call("POST", "/entities", "{\"id\":\"" + id("Sensor") + "\",\"type\":\"Sensor\","
                + "\"name\":{\"type\":\"LanguageProperty\",\"languageMap\":{\"en\":\"Gate\"}}}");
        assertProblem(r, 422, "https://uri.etsi.org/ngsi-ld/errors/OperationNotSupported");
    }

    /** 4.8: createdAt and modifiedAt are the broker's; values a client sends are ignored. */
    @Test
    void systemTimesInARequestAreIgnored() {
        String id = id("Sensor");
        String body = entity(id, "Sensor").replaceFirst("\\{", "{\"createdAt\":\"2001-01-01T00:00:00Z\",");
        assertThat(call("POST", "/entities", body).status()).isEqualTo(201);
        JsonNode e = call("GET", "/entities/" + id + "?options=sysAttrs", null).json();
        Instant createdAt = Instant.parse(e.get("createdAt").asText());
        assertThat(createdAt).isAfter(Instant.now().minus(1, ChronoUnit.HOURS));
    }

    // ------------------------------------------------------------------ 5.6.1 create entity

    /** 5.6.1: a created entity is there to read, as it was sent. */
    @Test
    void createEntityThenRetrieveGivesItBack() {
        String id = created("Sensor");
        JsonNode e = read(id);
        assertThat(e.get("type").asText()).isEqualTo("Sensor");
        assertThat(e.get("speed").get("value").asInt()).isEqualTo(12);
        assertThat(e.get("segment").get("object").asText()).isEqualTo("urn:ngsi-ld:RoadSegment:s1");
    }

    // ------------------------------------------------------------------ 5.6.2 update attributes

    /** 5.6.2: an update of only existing attributes answers 204. */
    @Test
    void updateAttributesThatAllExistIs204() {
        String id = created("Sensor");
        ServerClient.Response r = call("PATCH", "/entities/" + id + "/attrs", "{\"speed\":{\"type\":\"Property\",\"value\":30}}");
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        assertThat(read(id).get("speed").get("value").asInt()).isEqualTo(30);
    }

    /** 5.6.2: updating attributes of an entity that does not exist is ResourceNotFound. */
    @Test
    void updateAttributesOfAnUnknownEntityIsResourceNotFound404() {
        assertProblem(call("PATCH", "/entities/" + id("Sensor") + "/attrs", "{\"speed\":{\"type\":\"Property\",\"value\":1}}"),
                404, NOT_FOUND);
    }

    /** 5.6.2: the entity id in the path is an absolute URI. */
    @Test
    void updateAttributesWithAnIdThatIsNotAUriIsBadRequestData400() {
        assertProblem(call("PATCH", "/entities/not-a-uri/attrs", "{\"speed\":{\"type\":\"Property\",\"value\":1}}"),
                400, BAD_REQUEST_DATA);
    }

    // ------------------------------------------------------------------ 5.6.3 append attributes

    /** 5.6.3: append adds new attributes and, without noOverwrite, replaces existing ones; 204. */
    @Test
    void appendAttributesAddsAndOverwritesIs204() {
        String id = created("Sensor");
        ServerClient.Response r = call("POST", "/entities/" + id + "/attrs",
                "{\"speed\":{\"type\":\"Property\",\"value\":40},\"occupancy\":{\"type\":\"Property\",\"value\":0.5}}");
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        JsonNode e = read(id);
        assertThat(e.get("speed").get("value").asInt()).isEqualTo(40);
        assertThat(e.get("occupancy").get("value").asDouble()).isEqualTo(0.5);
        assertThat(e.has("segment")).as("append leaves the other attributes").isTrue();
    }

    /** 5.6.3: appending to an entity that does not exist is ResourceNotFound. */
    @Test
    void appendAttributesToAnUnknownEntityIsResourceNotFound404() {
        assertProblem(call("POST", "/entities/" + id("Sensor") + "/attrs", "{\"speed\":{\"type\":\"Property\",\"value\":1}}"),
                404, NOT_FOUND);
    }

    /** 5.6.3: an invalid attribute in the fragment is BadRequestData, and nothing of the fragment is written. */
    @Test
    void appendAnInvalidAttributeIsBadRequestData400AndWritesNothing() {
        String id = created("Sensor");
        ServerClient.Response r = call("POST", "/entities/" + id + "/attrs",
                "{\"occupancy\":{\"type\":\"Property\",\"value\":0.5},\"broken\":{\"type\":\"Property\"}}");
        assertProblem(r, 400, BAD_REQUEST_DATA);
        assertThat(read(id).has("occupancy")).isFalse();
    }

    /** 5.6.3: the fragment may repeat the entity id, but not name another entity. */
    @Test
    void appendWithAnotherEntitysIdInTheBodyIsBadRequestData400() {
        String id = created("Sensor");
        assertProblem(call("POST", "/entities/" + id + "/attrs", "{\"id\":\"" + id("Sensor") + "\","
                + "\"occupancy\":{\"type\":\"Property\",\"value\":0.5}}"), 400, BAD_REQUEST_DATA);
    }

    /** 5.6.3: options other than noOverwrite are refused. */
    @Test
    void appendWithAnUnknownOptionIsBadRequestData400() {
        String id = created("Sensor");
        ServerClient.Response r = call("POST", "/entities/" + id + "/attrs?options=overwriteAll",
                "{\"speed\":{\"type\":\"Property\",\"value\":41}}");
        assertProblem(r, 400, BAD_REQUEST_DATA);
        assertThat(r.json().get("detail").asText()).contains("noOverwrite");
        assertThat(read(id).get("speed").get("value").asInt()).isEqualTo(12);
    }

    // ------------------------------------------------------------------ 5.6.4 partial attribute update

    /** 5.6.4: a partial update of an attribute the entity lacks is ResourceNotFound. */
    @Test
    void partialUpdateOfAnUnknownAttributeIsResourceNotFound404() {
        String id = created("Sensor");
        assertProblem(call("PATCH", "/entities/" + id + "/attrs/occupancy", "{\"value\":1}"), 404, NOT_FOUND);
        assertThat(read(id).has("occupancy")).isFalse();
    }

    /** 5.6.4: a partial update on an entity that does not exist is ResourceNotFound. */
    @Test
    void partialUpdateOfAnUnknownEntityIsResourceNotFound404() {
        assertProblem(call("PATCH", "/entities/" + id("Sensor") + "/attrs/speed", "{\"value\":1}"), 404, NOT_FOUND);
    }

    /** 5.6.4: a partial update keeps what it does not mention (here the Relationship's kind and the other attributes). */
    @Test
    void partialUpdateChangesOnlyWhatItNames() {
        String id = created("Sensor");
        ServerClient.Response r = call("PATCH", "/entities/" + id + "/attrs/segment", "{\"object\":\"urn:ngsi-ld:RoadSegment:s2\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        JsonNode e = read(id);
        assertThat(e.get("segment").get("type").asText()).isEqualTo("Relationship");
        assertThat(e.get("segment").get("object").asText()).isEqualTo("urn:ngsi-ld:RoadSegment:s2");
        assertThat(e.get("speed").get("value").asInt()).isEqualTo(12);
    }

    /** 5.6.4: a fragment without a value changes the metadata it names and keeps the value. */
    @Test
    void partialUpdateOfMetadataAloneKeepsTheValue() {
        String id = created("Sensor");
        String observed = java.time.Instant.now().plusSeconds(2).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        ServerClient.Response r = call("PATCH", "/entities/" + id + "/attrs/speed",
                "{\"unitCode\":\"KMH\",\"observedAt\":\"" + observed + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        JsonNode speed = read(id).get("speed");
        assertThat(speed.get("value").asInt()).isEqualTo(12);
        assertThat(speed.get("unitCode").asText()).isEqualTo("KMH");
        assertThat(speed.get("observedAt").asText()).isEqualTo(observed);
        ServerClient.Response object = call("PATCH", "/entities/" + id + "/attrs/segment",
                "{\"observedAt\":\"" + observed + "\"}");
        assertThat(object.status()).as(object.body()).isEqualTo(204);
        assertThat(read(id).get("segment").get("object").asText()).isEqualTo("urn:ngsi-ld:RoadSegment:s1");
    }

    /** 5.6.4: a fragment that changes the attribute's type must bring the new value; nothing is written. */
    @Test
    void partialUpdateChangingTheTypeWithoutAValueIsBadRequestData400() {
        String id = created("Sensor");
        JsonNode before = read(id);
        assertProblem(call("PATCH", "/entities/" + id + "/attrs/speed", "{\"type\":\"Relationship\"}"), 400,
                BAD_REQUEST_DATA);
        assertThat(read(id)).isEqualTo(before);
    }

    /** 5.6.4: a sub-attribute in the patch replaces the one of that name, named with the request's context. */
    @Test
    void partialUpdateReplacesASubAttributeOfTheSameName() {
        String id = id("Sensor");
        ServerClient.Response c = call("POST", "/entities", "{\"id\":\"" + id + "\",\"type\":\"Sensor\",\"speed\":{"
                + "\"type\":\"Property\",\"value\":12,\"accuracy\":{\"type\":\"Property\",\"value\":0.5}}}");
        assertThat(c.status()).as(c.body()).isEqualTo(201);
        ServerClient.Response r = call("PATCH", "/entities/" + id + "/attrs/speed",
                "{\"value\":13,\"accuracy\":{\"type\":\"Property\",\"value\":0.9}}");
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        JsonNode speed = read(id).get("speed");
        assertThat(speed.get("value").asInt()).isEqualTo(13);
        assertThat(speed.get("accuracy").get("value").asDouble()).isEqualTo(0.9);
        JsonNode sys = call("GET", "/entities/" + id + "?options=sysAttrs", null).json().get("speed");
        assertThat(sys.properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrder("type", "value", "accuracy", "createdAt", "modifiedAt");
    }

    // ------------------------------------------------------------------ 5.6.5 delete attribute

    /** 5.6.5: deleting an attribute of an entity that does not exist is ResourceNotFound. */
    @Test
    void deleteAttributeOfAnUnknownEntityIsResourceNotFound404() {
        assertProblem(call("DELETE", "/entities/" + id("Sensor") + "/attrs/speed", null), 404, NOT_FOUND);
    }

    /** 5.6.5: datasetId deletes only the instance of that dataset; deleteAll deletes whichever there is. */
    @Test
    void deleteAttributeWithADatasetIdDeletesOnlyThatInstance() {
        String id = id("Sensor");
        ServerClient.Response c = call("POST", "/entities", "{\"id\":\"" + id + "\",\"type\":\"Sensor\","
                + "\"speed\":{\"type\":\"Property\",\"value\":12,\"datasetId\":\"urn:ngsi-ld:Dataset:radar\"},"
                + "\"flow\":{\"type\":\"Property\",\"value\":3}}");
        assertThat(c.status()).as(c.body()).isEqualTo(201);

        assertProblem(call("DELETE", "/entities/" + id + "/attrs/speed?datasetId=urn:ngsi-ld:Dataset:camera", null), 404,
                NOT_FOUND);
        assertProblem(call("DELETE", "/entities/" + id + "/attrs/flow?datasetId=urn:ngsi-ld:Dataset:radar", null), 404,
                NOT_FOUND);
        assertThat(read(id).has("speed")).isTrue();
        assertThat(read(id).has("flow")).isTrue();
        assertThat(call("DELETE", "/entities/" + id + "/attrs/speed?datasetId=urn:ngsi-ld:Dataset:radar", null).status())
                .isEqualTo(204);
        assertThat(call("DELETE", "/entities/" + id + "/attrs/flow?deleteAll=true", null).status()).isEqualTo(204);
        assertThat(read(id).has("speed")).isFalse();
        assertThat(read(id).has("flow")).isFalse();
        assertProblem(call("DELETE", "/entities/" + id + "/attrs/x?datasetId=not%20a%20uri", null), 400, BAD_REQUEST_DATA);
    }

    /**
     * 4.5.5 with one instance per attribute: a write meant for another dataset's instance never
     * replaces the one held; appending it would make a second instance (422), updating or patching an
     * instance that is not there is ResourceNotFound.
     */
    @Test
    void writesForAnotherDatasetsInstanceLeaveTheOneHeld() {
        String id = id("Sensor");
        assertThat(call("POST", "/entities", "{\"id\":\"" + id + "\",\"type\":\"Sensor\",\"speed\":{\"type\":"
                + "\"Property\",\"value\":12,\"datasetId\":\"urn:ngsi-ld:Dataset:radar\"}}").status()).isEqualTo(201);
        JsonNode before = read(id);
        String camera = "{\"type\":\"Property\",\"value\":7,\"datasetId\":\"urn:ngsi-ld:Dataset:camera\"}";

        assertProblem(call("POST", "/entities/" + id + "/attrs", "{\"speed\":" + camera + "}"), 422, NOT_SUPPORTED);
        assertProblem(call("PATCH", "/entities/" + id + "/attrs/speed", camera), 404, NOT_FOUND);
        ServerClient.Response update = call("PATCH", "/entities/" + id + "/attrs", "{\"speed\":" + camera + "}");
        assertThat(update.status()).as(update.body()).isEqualTo(207);
        assertThat(read(id)).isEqualTo(before);
    }

    /** 5.6.5: a deleted attribute is gone, the others stay. */
    @Test
    void deleteAttributeRemovesOnlyThatAttribute() {
        String id = created("Sensor");
        assertThat(call("DELETE", "/entities/" + id + "/attrs/speed", null).status()).isEqualTo(204);
        JsonNode e = read(id);
        assertThat(e.has("speed")).isFalse();
        assertThat(e.has("segment")).isTrue();
    }

    // ------------------------------------------------------------------ 5.6.6 delete entity

    /** 5.6.6: deleting an entity that does not exist is ResourceNotFound. */
    @Test
    void deleteAnUnknownEntityIsResourceNotFound404() {
        assertProblem(call("DELETE", "/entities/" + id("Sensor"), null), 404, NOT_FOUND);
    }

    /** 5.6.6: the entity id in the path is an absolute URI. */
    @Test
    void deleteEntityWithAnIdThatIsNotAUriIsBadRequestData400() {
        assertProblem(call("DELETE", "/entities/not-a-uri", null), 400, BAD_REQUEST_DATA);
    }

    /** 5.6.6 / 5.6.1: once deleted, the id is free to create again. */
    @Test
    void aDeletedEntitysIdCanBeCreatedAgain() {
        String id = created("Sensor");
        assertThat(call("DELETE", "/entities/" + id, null).status()).isEqualTo(204);
        assertThat(call("POST", "/entities", entity(id, "Sensor").replace("\"value\":12", "\"value\":13")).status()).isEqualTo(201);
        assertThat(read(id).get("speed").get("value").asInt()).isEqualTo(13);
    }
}
