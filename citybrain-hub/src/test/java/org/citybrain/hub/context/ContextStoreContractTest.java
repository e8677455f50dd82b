package org.citybrain.hub.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.citybrain.hub.entity.Attribute;
import org.citybrain.hub.entity.BadRequestDataException;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.NgsiLdException;
import org.citybrain.hub.entity.ProblemType;
import org.citybrain.hub.entity.Property;
import org.citybrain.hub.entity.ReadOptions;
import org.citybrain.hub.entity.Representation;
import org.junit.jupiter.api.Test;

/**
 * The NGSI-LD rules of each operation (ETSI GS CIM 009 5.6, 5.7), one test per rule: the contract
 * of every {@link ContextStore}, run by {@link EmbeddedContextStoreTest} and {@code PostgresContextStoreIT}.
 */
abstract class ContextStoreContractTest extends OpenStore {
    static final URI ROAD = URI.create("urn:ngsi-ld:TrafficFlowObserved:road-1");

    /** An entity in NGSI-LD normalized JSON, with ' for " to keep the fixtures readable. */
    static Entity entity(String json) {
        return EntityJson.read(json.replace('\'', '"'), Representation.NORMALIZED, ReadOptions.strict());
    }

    static Entity road(String id, String attributes) {
        return entity("{'id': '" + id + "', 'type': 'TrafficFlowObserved'" + (attributes.isEmpty() ? "" : ", ") + attributes + "}");
    }

    static Entity road1(String attributes) {
        return road(ROAD.toString(), attributes);
    }

    private Entity stored() {
        return store.find(ROAD).orElseThrow();
    }

    private Attribute attribute(String name) {
        return stored().attribute(name).orElseThrow();
    }

    private static double number(Attribute a) {
        return ((Property) a).value().asDouble();
    }

    private Instant tick() {
        clock.advance(Duration.ofSeconds(1));
        return clock.instant();
    }

    // ---------------------------------------------------------------- 5.6.1 create, retrieve, 5.6.6 delete

    @Test
    void createStoresTheEntityWithCreatedAtAndModifiedAtOnItAndItsAttributes() {
        Entity created = store.create(road1("'intensity': {'type': 'Property', 'value': 12}"));
        assertThat(created.createdAt()).contains(T0);
        assertThat(created.modifiedAt()).contains(T0);
        assertThat(created.attribute("intensity").orElseThrow().meta().createdAt()).contains(T0);
        assertThat(created.attribute("intensity").orElseThrow().meta().modifiedAt()).contains(T0);
        assertThat(store.find(ROAD)).contains(created);
    }

    @Test
    void createIgnoresTheSystemTimesTheCallerSent() {
        store.create(road1("'createdAt': '2000-01-01T00:00:00Z', "
                + "'intensity': {'type': 'Property', 'value': 12, 'modifiedAt': '2000-01-01T00:00:00Z'}"));
        assertThat(stored().createdAt()).contains(T0);
        assertThat(attribute("intensity").meta().modifiedAt()).contains(T0);
    }

    @Test
    void createOfAnExistingIdIsAlreadyExistsAndChangesNothing() {
        Entity first = store.create(road1("'intensity': {'type': 'Property', 'value': 12}"));
        tick();
        assertThatThrownBy(() -> store.create(road1("'intensity': {'type': 'Property', 'value': 99}")))
                .isInstanceOfSatisfying(ContextException.class,
                        e -> assertThat(e.kind()).isEqualTo(ContextException.Kind.ALREADY_EXISTS));
        assertThat(stored()).isEqualTo(first);
    }

    @Test
    void findOfAnUnknownIdIsEmpty() {
        assertThat(store.find(ROAD)).isEmpty();
    }

    @Test
    void deleteRemovesTheEntityAndADeleteOfAMissingOneIsResourceNotFound() {
        store.create(road1(""));
        store.delete(ROAD);
        assertThat(store.find(ROAD)).isEmpty();
        assertThat(store.query(EntityQuery.ofType("TrafficFlowObserved")).entities()).isEmpty();
        assertThatThrownBy(() -> store.delete(ROAD)).isInstanceOfSatisfying(ContextException.class,
                e -> assertThat(e.kind()).isEqualTo(ContextException.Kind.NOT_FOUND));
    }

    // ---------------------------------------------------------------- 5.6.3 append, 5.6.2 update

    @Test
    void appendAddsNewAttributesAndOverwritesExistingOnes() {
        store.create(road1("'intensity': {'type': 'Property', 'value': 12}"));
        Instant later = tick();
        UpdateResult result = store.append(ROAD, road1("'intensity': {'type': 'Property', 'value': 13}, "
                + "'occupancy': {'type': 'Property', 'value': 0.4}"), false);
        assertThat(result.updated()).containsExactly("intensity", "occupancy");
        assertThat(result.complete()).isTrue();
        assertThat(number(attribute("intensity"))).isEqualTo(13);
        assertThat(number(attribute("occupancy"))).isEqualTo(0.4);
        assertThat(stored().modifiedAt()).contains(later);
        assertThat(stored().createdAt()).contains(T0);
    }

    @Test
    void appendWithNoOverwriteLeavesExistingAttributesAndReportsThemNotUpdated() {
        store.create(road1("'intensity': {'type': 'Property', 'value': 12}"));
        UpdateResult result = store.append(ROAD, road1("'intensity': {'type': 'Property', 'value': 13}, "
                + "'occupancy': {'type': 'Property', 'value': 0.4}"), true);
        assertThat(result.updated()).containsExactly("occupancy");
        assertThat(result.notUpdated()).extracting(UpdateResult.NotUpdated::attributeName).containsExactly("intensity");
        assertThat(number(attribute("intensity"))).isEqualTo(12);
    }

    @Test
    void appendToAMissingEntityIsResourceNotFound() {
        assertThatThrownBy(() -> store.append(ROAD, road1("'intensity': {'type': 'Property', 'value': 13}"), false))
                .isInstanceOfSatisfying(ContextException.class,
                        e -> assertThat(e.kind()).isEqualTo(ContextException.Kind.NOT_FOUND));
    }

    @Test
    void aFragmentWithAnotherEntitysIdIsBadRequestDataAndChangesNothing() {
        Entity created = store.create(road1("'intensity': {'type': 'Property', 'value': 12}"));
        assertThatThrownBy(() -> store.append(ROAD, road("urn:ngsi-ld:TrafficFlowObserved:other",
                "'intensity': {'type': 'Property', 'value': 13}"), false))
                .isInstanceOf(BadRequestDataException.class).hasMessageContaining("$.id");
        assertThat(stored()).isEqualTo(created);
    }

    @Test
    void updateReplacesOnlyExistingAttributesAndReportsTheOthersNotUpdated() {
        store.create(road1("'intensity': {'type': 'Property', 'value': 12}"));
        tick();
        UpdateResult result = store.update(ROAD, road1("'intensity': {'type': 'Property', 'value': 13}, "
                + "'occupancy': {'type': 'Property', 'value': 0.4}"));
        assertThat(result.updated()).containsExactly("intensity");
        assertThat(result.notUpdated()).extracting(UpdateResult.NotUpdated::attributeName).containsExactly("occupancy");
        assertThat(number(attribute("intensity"))).isEqualTo(13);
        assertThat(stored().attribute("occupancy")).isEmpty();
    }

    @Test
    void anAttributeKeepsItsCreatedAtAcrossUpdates() {
        store.create(road1("'intensity': {'type': 'Property', 'value': 12}"));
        Instant later = tick();
        store.update(ROAD, road1("'intensity': {'type': 'Property', 'value': 13}"));
        assertThat(attribute("intensity").meta().createdAt()).contains(T0);
        assertThat(attribute("intensity").meta().modifiedAt()).contains(later);
    }

    // ---------------------------------------------------------------- 5.6.4 partial update, 5.6.5 delete attribute

    @Test
    void partialAttributeUpdateMergesValueMetadataAndSubAttributes() {
        store.create(road1("'speed': {'type': 'Property', 'value': 40, 'unitCode': 'KMH', "
                + "'observedAt': '2025-05-01T07:59:00Z', 'accuracy': {'type': 'Property', 'value': 0.9}}"));
        Attribute patch = road1("'speed': {'type': 'Property', 'value': 45, "
                + "'source': {'type': 'Property', 'value': 'radar'}}").attribute("speed").orElseThrow();
        store.patchAttribute(ROAD, "speed", patch);
        Property speed = (Property) attribute("speed");
        assertThat(speed.value().asInt()).isEqualTo(45);
        assertThat(speed.unitCode()).contains("KMH");
        assertThat(speed.meta().observedAt()).contains(Instant.parse("2025-05-01T07:59:00Z"));
        assertThat(speed.meta().subAttributes()).containsOnlyKeys("accuracy", "source");
    }

    @Test
    void aPartialUpdateOfMetadataAloneKeepsTheValue() {
        store.create(road1("'speed': {'type': 'Property', 'value': 40, 'unitCode': 'KMH', "
                + "'accuracy': {'type': 'Property', 'value': 0.9}}"));
        Attribute patch = road1("'speed': {'type': 'Property', 'value': true, 'unitCode': 'MTS', "
                + "'observedAt': '2025-05-01T08:30:00Z'}").attribute("speed").orElseThrow();
        store.patchMetadata(ROAD, "speed", patch);
        Property speed = (Property) attribute("speed");
        assertThat(speed.value().asInt()).as("the patch's value is a stand-in").isEqualTo(40);
        assertThat(speed.unitCode()).contains("MTS");
        assertThat(speed.meta().observedAt()).contains(Instant.parse("2025-05-01T08:30:00Z"));
        assertThat(speed.meta().subAttributes()).containsOnlyKeys("accuracy");
        assertThatThrownBy(() -> store.patchMetadata(ROAD, "occupancy", patch))
                .isInstanceOfSatisfying(ContextException.class,
                        e -> assertThat(e.kind()).isEqualTo(ContextException.Kind.NOT_FOUND));
    }

    // ---------------------------------------------------------------- 5.6.17 merge entity

    // ---------------------------------------------------------------- 5.6.18 replace entity

    @Test
    void replaceSwapsTheAttributesInOneWriteAndNeverCreates() {
        assertThatThrownBy(() -> store.replace(ROAD, road1("'speed': {'type': 'Property', 'value': 45}")))
                .isInstanceOfSatisfying(ContextException.class,
                        e -> assertThat(e.kind()).isEqualTo(ContextException.Kind.NOT_FOUND));
        assertThat(store.find(ROAD)).as("a replace never creates").isEmpty();
        Instant created = store.create(road1("'speed': {'type': 'Property', 'value': 40, 'unitCode': 'KMH'}, "
                + "'intensity': {'type': 'Property', 'value': 12}")).createdAt().orElseThrow();
        Instant later = tick();
        store.replace(ROAD, road1("'speed': {'type': 'Property', 'value': 45}, 'occupancy': {'type': 'Property', 'value': 0.3}"));
        Entity replaced = stored();
        assertThat(replaced.attributes()).containsOnlyKeys("speed", "occupancy");
        Property speed = (Property) replaced.attribute("speed").orElseThrow();
        assertThat(speed.unitCode()).as("replaced, not merged").isEmpty();
        assertThat(speed.meta().createdAt()).contains(created);
        assertThat(replaced.createdAt()).contains(created);
        assertThat(replaced.modifiedAt()).contains(later);
    }

    @Test
    void aMergeOfMetadataAloneKeepsTheValueAndNeedsTheAttribute() {
        store.create(road1("'speed': {'type': 'Property', 'value': 40, 'unitCode': 'KMH'}"));
        Instant later = tick();
        store.merge(ROAD, road1("'speed': {'type': 'Property', 'value': true, 'unitCode': 'MTS'}, "
                + "'occupancy': {'type': 'Property', 'value': 0.3}"), Set.of(), Set.of("speed"));
        Entity merged = stored();
        Property speed = (Property) merged.attribute("speed").orElseThrow();
        assertThat(speed.value().asInt()).isEqualTo(40);
        assertThat(speed.unitCode()).contains("MTS");
        assertThat(merged.attribute("occupancy")).isPresent();
        tick();
        assertThatThrownBy(() -> store.merge(ROAD, road1("'name': {'type': 'Property', 'value': true}, "
                + "'flow': {'type': 'Property', 'value': 7}"), Set.of(), Set.of("name")))
                .isInstanceOfSatisfying(ContextException.class,
                        e -> assertThat(e.kind()).isEqualTo(ContextException.Kind.NOT_FOUND));
        assertThat(stored().attributes()).as("nothing written").containsOnlyKeys("speed", "occupancy");
        assertThat(stored().modifiedAt()).contains(later);
    }

    @Test
    void mergeDeletesMergesAndAddsAttributesInOneWrite() {
        store.create(road1("'speed': {'type': 'Property', 'value': 40, 'unitCode': 'KMH'}, "
                + "'intensity': {'type': 'Property', 'value': 12}, 'name': {'type': 'Property', 'value': 'A1'}"));
        Instant later = tick();
        store.merge(ROAD, road1("'speed': {'type': 'Property', 'value': 45}, 'occupancy': {'type': 'Property', 'value': 0.3}"),
                Set.of("intensity", "noSuchAttribute"));
        Entity merged = stored();
        assertThat(merged.attributes()).containsOnlyKeys("speed", "name", "occupancy");
        Property speed = (Property) merged.attribute("speed").orElseThrow();
        assertThat(speed.value().asInt()).isEqualTo(45);
        assertThat(speed.unitCode()).as("merged, not replaced").contains("KMH");
        assertThat(speed.meta().createdAt()).contains(T0);
        assertThat(merged.modifiedAt()).contains(later);
        assertThat(List.of(speed.meta().modifiedAt(), merged.attribute("occupancy").orElseThrow().meta().modifiedAt()))
                .as("one write").containsOnly(Optional.of(later));
        assertThat(merged.attribute("name").orElseThrow().meta().modifiedAt()).contains(T0);
    }

    @Test
    void mergeIntoAMissingEntityIsResourceNotFoundAndAnEmptyMergeChangesNothing() {
        assertThatThrownBy(() -> store.merge(ROAD, road1("'speed': {'type': 'Property', 'value': 45}"), Set.of()))
                .isInstanceOfSatisfying(ContextException.class,
                        e -> assertThat(e.kind()).isEqualTo(ContextException.Kind.NOT_FOUND));
        Entity created = store.create(road1("'speed': {'type': 'Property', 'value': 40}"));
        tick();
        store.merge(ROAD, road1(""), Set.of("noSuchAttribute"));
        assertThat(stored().modifiedAt()).isEqualTo(created.modifiedAt());
    }

    @Test
    void partialUpdateOfAMissingAttributeIsResourceNotFound() {
        store.create(road1(""));
        assertThatThrownBy(() -> store.patchAttribute(ROAD, "speed", Property.of(45)))
                .isInstanceOfSatisfying(ContextException.class,
                        e -> assertThat(e.kind()).isEqualTo(ContextException.Kind.NOT_FOUND));
    }

    @Test
    void deleteAttributeOfADatasetDeletesOnlyAnInstanceOfThatDataset() {
        store.create(road1("'speed': {'type': 'Property', 'value': 40, 'datasetId': 'urn:ngsi-ld:Dataset:radar'}, "
                + "'intensity': {'type': 'Property', 'value': 12}"));
        Optional<URI> radar = Optional.of(URI.create("urn:ngsi-ld:Dataset:radar"));
        for (String name : List.of("speed", "intensity")) {
            Optional<URI> other = name.equals("speed") ? Optional.of(URI.create("urn:ngsi-ld:Dataset:camera")) : radar;
            assertThatThrownBy(() -> store.deleteAttribute(ROAD, name, other))
                    .isInstanceOfSatisfying(ContextException.class,
                            e -> assertThat(e.kind()).isEqualTo(ContextException.Kind.NOT_FOUND));
        }
        assertThat(stored().attributes()).containsOnlyKeys("speed", "intensity");
        store.deleteAttribute(ROAD, "speed", radar);
        assertThat(stored().attributes()).containsOnlyKeys("intensity");
    }

    @Test
    void writesMeantForAnotherDatasetsInstanceNeverReplaceTheOneHeld() {
        Entity created = store.create(road1("'speed': {'type': 'Property', 'value': 40, 'datasetId': 'urn:ngsi-ld:Dataset:radar'}"));
        Entity camera = road1("'speed': {'type': 'Property', 'value': 7, 'datasetId': 'urn:ngsi-ld:Dataset:camera'}");
        Entity unnamed = road1("'speed': {'type': 'Property', 'value': 8}");
        Attribute cameraSpeed = camera.attribute("speed").orElseThrow();

        assertThatThrownBy(() -> store.append(ROAD, camera, false)).isInstanceOfSatisfying(NgsiLdException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_MULTI_ATTRIBUTE));
        assertThatThrownBy(() -> store.append(ROAD, unnamed, false)).as("the default instance is another one too")
                .isInstanceOf(NgsiLdException.class);
        assertThat(store.update(ROAD, camera).notUpdated()).extracting(UpdateResult.NotUpdated::attributeName).containsExactly("speed");
        assertThatThrownBy(() -> store.patchAttribute(ROAD, "speed", cameraSpeed)).isInstanceOfSatisfying(ContextException.class,
                e -> assertThat(e.kind()).isEqualTo(ContextException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> store.merge(ROAD, camera, Set.of())).isInstanceOf(NgsiLdException.class);
        assertThat(stored()).as("nothing written").isEqualTo(created);

        store.update(ROAD, road1("'speed': {'type': 'Property', 'value': 41, 'datasetId': 'urn:ngsi-ld:Dataset:radar'}"));
        store.patchAttribute(ROAD, "speed", unnamed.attribute("speed").orElseThrow()); // no dataset named: the one held
        assertThat(((Property) attribute("speed")).value().asInt()).isEqualTo(8);
        assertThat(attribute("speed").meta().datasetId()).contains(URI.create("urn:ngsi-ld:Dataset:radar"));
    }

    @Test
    void deleteAttributeRemovesItAndAMissingAttributeIsResourceNotFound() {
        store.create(road1("'intensity': {'type': 'Property', 'value': 12}"));
        Instant later = tick();
        store.deleteAttribute(ROAD, "intensity");
        assertThat(stored().attributes()).isEmpty();
        assertThat(stored().modifiedAt()).contains(later);
        assertThatThrownBy(() -> store.deleteAttribute(ROAD, "intensity"))
                .isInstanceOfSatisfying(ContextException.class,
                        e -> assertThat(e.kind()).isEqualTo(ContextException.Kind.NOT_FOUND));
    }

    // ---------------------------------------------------------------- 5.6.7-5.6.10 batches

    private static final String OTHER = "urn:ngsi-ld:TrafficFlowObserved:road-2";

    @Test
    void batchCreateReportsExistingEntitiesAsAlreadyExistsAndCreatesTheOthers() {
        store.create(road1(""));
        BatchResult result = store.batch(BatchOperation.CREATE, List.of(road1(""), road(OTHER, "")));
        assertThat(result.success()).containsExactly(URI.create(OTHER));
        assertThat(result.errors()).extracting(BatchResult.BatchError::entityId, BatchResult.BatchError::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ROAD.toString(), ProblemType.ALREADY_EXISTS));
        assertThat(store.find(URI.create(OTHER))).isPresent();
    }

    @Test
    void batchUpsertReplacesExistingEntitiesWholeKeepingTheirCreatedAt() {
        store.create(road1("'intensity': {'type': 'Property', 'value': 12}"));
        Instant later = tick();
        BatchResult result = store.batch(BatchOperation.UPSERT_REPLACE,
                List.of(road1("'occupancy': {'type': 'Property', 'value': 0.4}"), road(OTHER, "")));
        assertThat(result.success()).containsExactly(ROAD, URI.create(OTHER));
        assertThat(result.created()).as("the upsert's creations, told from its updates").containsExactly(URI.create(OTHER));
        assertThat(stored().attributes()).containsOnlyKeys("occupancy");
        assertThat(stored().createdAt()).contains(T0);
        assertThat(stored().modifiedAt()).contains(later);
    }

    @Test
    void batchUpsertWithUpdateAppendsToExistingEntities() {
        store.create(road1("'intensity': {'type': 'Property', 'value': 12}"));
        store.batch(BatchOperation.UPSERT_UPDATE, List.of(road1("'occupancy': {'type': 'Property', 'value': 0.4}")));
        assertThat(stored().attributes()).containsOnlyKeys("intensity", "occupancy");
    }

    @Test
    void batchUpdateReportsMissingEntitiesAsResourceNotFound() {
        store.create(road1("'intensity': {'type': 'Property', 'value': 12}"));
        BatchResult result = store.batch(BatchOperation.UPDATE, List.of(
                road1("'intensity': {'type': 'Property', 'value': 13}"), road(OTHER, "'intensity': {'type': 'Property', 'value': 1}")));
        assertThat(result.success()).containsExactly(ROAD);
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.entityId()).isEqualTo(OTHER);
            assertThat(e.type()).isEqualTo(ProblemType.RESOURCE_NOT_FOUND);
        });
        assertThat(number(attribute("intensity"))).isEqualTo(13);
        assertThat(store.find(URI.create(OTHER))).isEmpty();
    }

    @Test
    void batchUpdateWithNoOverwriteLeavesExistingAttributes() {
        store.create(road1("'intensity': {'type': 'Property', 'value': 12}"));
        store.batch(BatchOperation.UPDATE_NO_OVERWRITE, List.of(road1("'intensity': {'type': 'Property', 'value': 13}, "
                + "'occupancy': {'type': 'Property', 'value': 0.4}")));
        assertThat(number(attribute("intensity"))).isEqualTo(12);
        assertThat(stored().attributes()).containsOnlyKeys("intensity", "occupancy");
    }

    @Test
    void batchDeleteReportsMissingIdsAsResourceNotFound() {
        store.create(road1(""));
        BatchResult result = store.batchDelete(List.of(ROAD, URI.create(OTHER)));
        assertThat(result.success()).containsExactly(ROAD);
        assertThat(result.errors()).extracting(BatchResult.BatchError::type).containsExactly(ProblemType.RESOURCE_NOT_FOUND);
        assertThat(store.find(ROAD)).isEmpty();
    }

    @Test
    void anEntityThatFailsValidationInABatchWritesNothingAndTheOthersAreStored() {
        // built in code, not read: a date-time without offset, which NGSI-LD rejects
        Entity bad = Entity.of(OTHER, "TrafficFlowObserved").withAttribute("at", Property.of("2025-05-01T08:00:00"));
        BatchResult result = store.batch(BatchOperation.CREATE, List.of(bad, road1("")));
        assertThat(result.success()).containsExactly(ROAD);
        assertThat(result.errors()).extracting(BatchResult.BatchError::type).containsExactly(ProblemType.BAD_REQUEST_DATA);
        assertThat(store.find(URI.create(OTHER))).isEmpty();
        assertThatThrownBy(() -> store.create(bad)).isInstanceOf(BadRequestDataException.class);
        assertThat(store.find(URI.create(OTHER))).isEmpty();
    }

    @Test
    void aBatchWithOneIdTwiceAppliesThemInOrder() {
        BatchResult result = store.batch(BatchOperation.CREATE, List.of(road1(""), road1("")));
        assertThat(result.success()).containsExactly(ROAD);
        assertThat(result.errors()).extracting(BatchResult.BatchError::type).containsExactly(ProblemType.ALREADY_EXISTS);
    }

    // ---------------------------------------------------------------- 5.7.5-5.7.9 types and attributes

    @Test
    void typesListEachTypeWithItsEntityCountAndAttributeNames() {
        store.create(road1("'intensity': {'type': 'Property', 'value': 12}"));
        store.create(road(OTHER, "'occupancy': {'type': 'Property', 'value': 0.4}"));
        store.create(entity("{'id': 'urn:ngsi-ld:Device:d1', 'type': 'Device', 'intensity': {'type': 'Property', 'value': 1}}"));
        assertThat(store.types()).containsExactly(
                new TypeInfo("Device", 1, List.of("intensity")),
                new TypeInfo("TrafficFlowObserved", 2, List.of("intensity", "occupancy")));
    }

    @Test
    void attributesListEachNameWithHowManyEntitiesHaveItAndTheirTypes() {
        store.create(road1("'intensity': {'type': 'Property', 'value': 12}"));
        store.create(road(OTHER, "'occupancy': {'type': 'Property', 'value': 0.4}"));
        store.create(entity("{'id': 'urn:ngsi-ld:Device:d1', 'type': 'Device', 'intensity': {'type': 'Property', 'value': 1}}"));
        assertThat(store.attributes()).containsExactly(
                new AttributeInfo("intensity", 2, List.of("Device", "TrafficFlowObserved")),
                new AttributeInfo("occupancy", 1, List.of("TrafficFlowObserved")));
    }

    // ---------------------------------------------------------------- 5.7.2 query

    private void roads(int n) {
        for (int i = 0; i < n; i++) {
            store.create(road(String.format("urn:ngsi-ld:TrafficFlowObserved:r%02d", i),
                    i % 2 == 0 ? "'intensity': {'type': 'Property', 'value': " + i + "}" : "'occupancy': {'type': 'Property', 'value': 0.5}"));
        }
        store.create(entity("{'id': 'urn:ngsi-ld:Device:d1', 'type': 'Device'}"));
    }

    private static EntityQuery query(Set<String> types, Optional<Pattern> idPattern, Set<String> attrs, int offset, int limit) {
        return new EntityQuery(types, Set.of(), idPattern, attrs, Optional.empty(), offset, limit, true);
    }

    private static List<String> ids(Page page) {
        return page.entities().stream().map(e -> e.id().toString().replaceAll(".*:", "")).toList();
    }

    @Test
    void queryByTypePagesThroughEntitiesOrderedByIdAndCountsAllMatches() {
        roads(10);
        Page page = store.query(query(Set.of("TrafficFlowObserved"), Optional.empty(), Set.of(), 3, 4));
        assertThat(ids(page)).containsExactly("r03", "r04", "r05", "r06");
        assertThat(page.total()).hasValue(10);
        assertThat(ids(store.query(query(Set.of("TrafficFlowObserved", "Device"), Optional.empty(), Set.of(), 9, 5))))
                .as("ids compare as strings: urn:ngsi-ld:Device:... before urn:ngsi-ld:TrafficFlowObserved:...")
                .containsExactly("r08", "r09");
    }

    @Test
    void queryByIdPatternMatchesTheWholeId() {
        roads(12);
        Page page = store.query(query(Set.of(), Optional.of(Pattern.compile(".*:r1\\d")), Set.of(), 0, 20));
        assertThat(ids(page)).containsExactly("r10", "r11");
        assertThat(store.query(query(Set.of(), Optional.of(Pattern.compile("r1")), Set.of(), 0, 20)).total()).hasValue(0);
    }

    @Test
    void queryByAttrsKeepsEntitiesWithOneOfThemAndOnlyThoseAttributes() {
        roads(4);
        store.append(URI.create("urn:ngsi-ld:TrafficFlowObserved:r00"), road("urn:ngsi-ld:TrafficFlowObserved:r00",
                "'occupancy': {'type': 'Property', 'value': 0.1}"), false);
        Page page = store.query(query(Set.of(), Optional.empty(), Set.of("occupancy"), 0, 20));
        assertThat(ids(page)).containsExactly("r00", "r01", "r03");
        assertThat(page.entities()).allSatisfy(e -> assertThat(e.attributes()).containsOnlyKeys("occupancy"));
    }

    @Test
    void queryByIdsReturnsThoseThatExistInIdOrder() {
        roads(4);
        Page page = store.query(new EntityQuery(Set.of(), Set.of(URI.create("urn:ngsi-ld:TrafficFlowObserved:r03"),
                URI.create("urn:ngsi-ld:TrafficFlowObserved:r01"), URI.create("urn:ngsi-ld:TrafficFlowObserved:nope")),
                Optional.empty(), Set.of(), Optional.empty(), 0, 20, false));
        assertThat(ids(page)).containsExactly("r01", "r03");
        assertThat(page.total()).isEmpty();
    }
}
