package org.citybrain.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.citybrain.server.ServerClient;
import org.junit.jupiter.api.Test;

/**
 * Reading entities back (ETSI GS CIM 009 V1.6.1, clauses 4.5, 5.7.1 and the representation part
 * of 5.7.2) and what the broker says about the types and attributes it holds (5.7.5–5.7.10).
 * docs/hub/conformance/entities.md lists the rules.
 */
class EntityRetrievalConformanceIT extends ConformanceServer {
    private static final String DEFAULT_VOCABULARY = "https://uri.etsi.org/ngsi-ld/default-context/";

    private String created(String type) {
        String id = id(type);
        ServerClient.Response r = call("POST", "/entities", EntityProvisionConformanceIT.entity(id, type));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return id;
    }

    private JsonNode get(String path) {
        ServerClient.Response r = call("GET", path, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    // ------------------------------------------------------------------ 5.7.1 retrieve entity

    /** 5.7.1: the entity id in the path is an absolute URI. */
    @Test
    void retrieveEntityWithAnIdThatIsNotAUriIsBadRequestData400() {
        ServerClient.Response r = call("GET", "/entities/thisisaninvaliduri", null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("type").asText()).isEqualTo(BAD_REQUEST_DATA);
    }

    /** 5.7.1: attrs keeps only the named attributes (id and type always). */
    @Test
    void retrieveEntityWithAttrsGivesOnlyThoseAttributes() {
        String id = created("Sensor");
        JsonNode e = get("/entities/" + id + "?attrs=speed");
        assertThat(e.get("id").asText()).isEqualTo(id);
        assertThat(e.get("type").asText()).isEqualTo("Sensor");
        assertThat(e.has("speed")).isTrue();
        assertThat(e.has("segment")).isFalse();
    }

    /** 5.7.1: attrs naming only attributes the entity lacks is ResourceNotFound. */
    @Test
    void retrieveEntityWithAttrsItHasNoneOfIsResourceNotFound404() {
        String id = created("Sensor");
        ServerClient.Response r = call("GET", "/entities/" + id + "?attrs=occupancy,noise", null);
        assertThat(r.status()).as(r.body()).isEqualTo(404);
        assertThat(r.json().get("type").asText()).isEqualTo(NOT_FOUND);
        assertThat(call("GET", "/entities/" + id + "?attrs=occupancy,speed", null).json().has("speed")).isTrue();
    }

    // ------------------------------------------------------------------ 4.5 representations

    /** 4.5: the normalized form (the default) has each attribute as an object with its type. */
    @Test
    void theDefaultRepresentationIsNormalized() {
        String id = created("Sensor");
        JsonNode e = get("/entities/" + id);
        assertThat(e.get("speed").get("type").asText()).isEqualTo("Property");
        assertThat(e.get("speed").get("value").asInt()).isEqualTo(12);
        assertThat(e.get("segment").get("type").asText()).isEqualTo("Relationship");
        assertThat(get("/entities/" + id + "?options=normalized")).isEqualTo(e);
    }

    /** 4.5: in keyValues a Property is its value and a Relationship its object. */
    @Test
    void keyValuesGivesAPropertysValueAndARelationshipsObject() {
        String id = created("Sensor");
        JsonNode e = get("/entities/" + id + "?options=keyValues");
        assertThat(e.get("speed").asInt()).isEqualTo(12);
        assertThat(e.get("segment").asText()).isEqualTo("urn:ngsi-ld:RoadSegment:s1");
    }

    /** 4.5 (V1.6.1): simplified is another name of keyValues. */
    @Test
    void simplifiedIsTheSameAsKeyValues() {
        String id = created("Sensor");
        assertThat(get("/entities/" + id + "?options=simplified")).isEqualTo(get("/entities/" + id + "?options=keyValues"));
        assertThat(get("/entities?type=Sensor&id=" + id + "&options=simplified").get(0).get("speed").asInt()).isEqualTo(12);
    }

    /** 4.5: an options value the broker does not know is refused, not silently ignored. */
    @Test
    void anUnknownRepresentationOptionIsBadRequestData400() {
        String id = created("Sensor");
        ServerClient.Response r = call("GET", "/entities/" + id + "?options=concise", null);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("type").asText()).isEqualTo(BAD_REQUEST_DATA);
        assertThat(r.json().get("detail").asText()).contains("concise");
        assertThat(call("GET", "/entities?type=Sensor&id=" + id + "&options=concise", null).status()).isEqualTo(400);
    }

    /** 4.5: normalized and keyValues together contradict each other. */
    @Test
    void normalizedAndKeyValuesTogetherAreBadRequestData400() {
        String id = created("Sensor");
        assertThat(call("GET", "/entities/" + id + "?options=normalized,keyValues", null).status()).isEqualTo(400);
    }

    /** 4.8 / 5.7.1: without sysAttrs there are no createdAt and modifiedAt; with it, on the entity and each attribute. */
    @Test
    void sysAttrsAddsCreatedAtAndModifiedAtOnlyWhenAsked() {
        String id = created("Sensor");
        JsonNode plain = get("/entities/" + id);
        assertThat(plain.has("createdAt")).isFalse();
        assertThat(plain.get("speed").has("modifiedAt")).isFalse();
        JsonNode sys = get("/entities/" + id + "?options=sysAttrs");
        assertThat(sys.get("createdAt").asText()).isNotBlank();
        assertThat(sys.get("modifiedAt").asText()).isNotBlank();
        assertThat(sys.get("speed").get("createdAt").asText()).isNotBlank();
        assertThat(sys.get("segment").get("modifiedAt").asText()).isNotBlank();
    }

    /** 4.8: modifiedAt moves on when an attribute changes, createdAt stays. */
    @Test
    void modifiedAtFollowsChangesCreatedAtStays() throws InterruptedException {
        String id = created("Sensor");
        JsonNode before = get("/entities/" + id + "?options=sysAttrs");
        Thread.sleep(5);
        assertThat(call("PATCH", "/entities/" + id + "/attrs/speed", "{\"value\":13}").status()).isEqualTo(204);
        JsonNode after = get("/entities/" + id + "?options=sysAttrs");
        assertThat(after.get("createdAt")).isEqualTo(before.get("createdAt"));
        assertThat(after.get("speed").get("modifiedAt").asText()).isGreaterThan(before.get("speed").get("modifiedAt").asText());
    }

    // ------------------------------------------------------------------ 5.7.5–5.7.10 types and attributes

    /** 5.7.5: GET /types is an EntityTypeList naming the types of the entities held. */
    @Test
    void retrieveTypesIsAnEntityTypeList() {
        String type = "T" + UUID.randomUUID().toString().replace("-", "");
        created(type);
        JsonNode list = get("/types");
        assertThat(list.get("type").asText()).isEqualTo("EntityTypeList");
        assertThat(list.get("id").asText()).startsWith("urn:");
        assertThat(list.get("typeList")).extracting(JsonNode::asText).contains(type);
    }

    /** 5.7.6: GET /types?details=true lists EntityType objects with their attribute names. */
    @Test
    void retrieveTypeDetailsListsEachTypesAttributes() {
        String type = "T" + UUID.randomUUID().toString().replace("-", "");
        created(type);
        JsonNode details = get("/types?details=true");
        JsonNode mine = null;
        for (JsonNode t : details) {
            if (t.get("typeName").asText().equals(type)) {
                mine = t;
            }
        }
        assertThat(mine).as("the new type is listed").isNotNull();
        assertThat(mine.get("type").asText()).isEqualTo("EntityType");
        assertThat(mine.get("id").asText()).isEqualTo(DEFAULT_VOCABULARY + type);
        assertThat(mine.get("attributeNames")).extracting(JsonNode::asText).containsExactlyInAnyOrder("speed", "segment");
    }

    /** 5.7.7: GET /types/{type} is the EntityTypeInformation: how many entities, which attributes. */
    @Test
    void retrieveTypeInformationCountsItsEntities() {
        String type = "T" + UUID.randomUUID().toString().replace("-", "");
        created(type);
        created(type);
        JsonNode info = get("/types/" + type);
        assertThat(info.get("type").asText()).isEqualTo("EntityTypeInformation");
        assertThat(info.get("typeName").asText()).isEqualTo(type);
        assertThat(info.get("entityCount").asLong()).isEqualTo(2);
        assertThat(info.get("attributeDetails")).extracting(a -> a.get("type").asText()).containsOnly("Attribute");
        assertThat(info.get("attributeDetails")).extracting(a -> a.get("id").asText())
                .containsExactlyInAnyOrder(DEFAULT_VOCABULARY + "speed", DEFAULT_VOCABULARY + "segment");
    }

    /** 5.7.7: a type no entity has is ResourceNotFound. */
    @Test
    void retrieveAnUnknownTypeIsResourceNotFound404() {
        ServerClient.Response r = call("GET", "/types/T" + UUID.randomUUID().toString().replace("-", ""), null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("type").asText()).isEqualTo(NOT_FOUND);
    }

    /** 5.7.8: GET /attributes is an AttributeList naming the attributes of the entities held. */
    @Test
    void retrieveAttributesIsAnAttributeList() {
        String attribute = "a" + UUID.randomUUID().toString().replace("-", "");
        String id = created("Sensor");
        assertThat(call("POST", "/entities/" + id + "/attrs", "{\"" + attribute + "\":{\"type\":\"Property\",\"value\":1}}")
                .status()).isEqualTo(204);
        JsonNode list = get("/attributes");
        assertThat(list.get("type").asText()).isEqualTo("AttributeList");
        assertThat(list.get("attributeList")).extracting(JsonNode::asText).contains(attribute);
    }

    /** 5.7.9 / 5.7.10: attribute details: how many instances, in which entity types. */
    @Test
    void retrieveAttributeInformationCountsItAndNamesItsTypes() {
        String attribute = "a" + UUID.randomUUID().toString().replace("-", "");
        String type = "T" + UUID.randomUUID().toString().replace("-", "");
        String body = "{\"" + attribute + "\":{\"type\":\"Property\",\"value\":1}}";
        assertThat(call("POST", "/entities/" + created(type) + "/attrs", body).status()).isEqualTo(204);
        assertThat(call("POST", "/entities/" + created(type) + "/attrs", body).status()).isEqualTo(204);
        JsonNode info = get("/attributes/" + attribute);
        assertThat(info.get("type").asText()).isEqualTo("Attribute");
        assertThat(info.get("id").asText()).isEqualTo(DEFAULT_VOCABULARY + attribute);
        assertThat(info.get("attributeName").asText()).isEqualTo(attribute);
        assertThat(info.get("attributeCount").asLong()).isEqualTo(2);
        assertThat(info.get("typeNames")).extracting(JsonNode::asText).containsExactly(type);
        JsonNode details = get("/attributes?details=true");
        assertThat(details).extracting(a -> a.get("id").asText()).contains(DEFAULT_VOCABULARY + attribute);
    }

    /** 5.7.10: an attribute no entity has is ResourceNotFound. */
    @Test
    void retrieveAnUnknownAttributeIsResourceNotFound404() {
        ServerClient.Response r = call("GET", "/attributes/a" + UUID.randomUUID().toString().replace("-", ""), null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("type").asText()).isEqualTo(NOT_FOUND);
    }

    /** 5.7.5 / 6.3.6: names in the answer are compacted with the request's context. */
    @Test
    void typesAreCompactedWithTheLinkedContext() {
        String id = id("TrafficFlowObserved");
        ServerClient.Response r = linked("POST", "/entities", EntityProvisionConformanceIT.trafficFlow(id));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(linked("GET", "/types", null).json().get("typeList")).extracting(JsonNode::asText).contains("TrafficFlowObserved");
        assertThat(linked("GET", "/types/TrafficFlowObserved", null).json().get("typeName").asText()).isEqualTo("TrafficFlowObserved");
    }
}
