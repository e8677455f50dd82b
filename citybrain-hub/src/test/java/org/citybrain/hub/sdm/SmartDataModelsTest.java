package org.citybrain.hub.sdm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmartDataModelsTest {

    private static final SmartDataModels MODELS = SmartDataModels.bundled();

    @Test
    void theBundledModelsAreTheRepositoryCopy() {
        assertThat(MODELS.types()).isEqualTo(SmartDataModels.load(SdmFixtures.directory()).types());
        assertThat(MODELS.types()).contains("TrafficFlowObserved", "OffStreetParking", "ParkingSpot",
                "AirQualityObserved", "NoiseLevelObserved", "CrowdFlowObserved", "Alert", "Device",
                "WeatherObserved", "RoadSegment", "Streetlight");
    }

    @Test
    void aModelsTypeComesFromItsSchemaOrElseItsFolder() {
        assertThat(MODELS.model("service_requests")).hasValueSatisfying(m -> assertThat(m.folder()).isEqualTo("service_requests"));
        assertThat(MODELS.model("Alert")).hasValueSatisfying(
                m -> assertThat(m.schemaId()).hasToString("https://smart-data-models.github.io/dataModel.Alert/alert/schema.json"));
    }

    @Test
    void rawGitHubUrlsAreReadAsTheSmartDataModelsPagesUrl() {
        assertThat(SmartDataModels.localId(
                "https://raw.githubusercontent.com/smart-data-models/dataModel.Environment/master/Environment-schema.json"))
                .isEqualTo("https://smart-data-models.github.io/dataModel.Environment/Environment-schema.json");
        assertThat(SmartDataModels.localId("https://smart-data-models.github.io/data-models/common-schema.json"))
                .isEqualTo("https://smart-data-models.github.io/data-models/common-schema.json");
    }

    @Test
    void aRefOutsideTheShippedSchemasFailsLoadingInsteadOfFetchingIt(@TempDir Path dir) throws IOException {
        Files.createDirectory(dir.resolve("Bike"));
        Files.writeString(dir.resolve("Bike/schema.json"), """
                {"$schema": "https://json-schema.org/draft/2020-12/schema",
                 "$id": "https://smart-data-models.github.io/dataModel.Test/Bike/schema.json",
                 "allOf": [{"$ref": "https://example.org/elsewhere.json#/definitions/X"}]}""");

        assertThatThrownBy(() -> SmartDataModels.load(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("https://example.org/elsewhere.json#/definitions/X");
    }

    @Test
    void aNewModelFolderIsPickedUpWithoutCode(@TempDir Path dir) throws IOException {
        copySharedSchemas(dir);
        Files.createDirectory(dir.resolve("Bike"));
        Files.writeString(dir.resolve("Bike/schema.json"), """
                {"$schema": "https://json-schema.org/draft/2020-12/schema",
                 "$id": "https://smart-data-models.github.io/dataModel.Test/Bike/schema.json",
                 "allOf": [{"$ref": "https://smart-data-models.github.io/data-models/common-schema.json#/definitions/GSMA-Commons"},
                           {"properties": {"type": {"enum": ["Bike"]},
                                           "refDock": {"type": "string", "description": "Relationship. Its dock"},
                                           "gears": {"type": "integer", "minimum": 1}}}],
                 "required": ["id", "type"]}""");

        SmartDataModels models = SmartDataModels.load(dir);

        assertThat(models.types()).containsExactly("Bike");
        assertThat(models.model("Bike").orElseThrow().relationshipAttributes()).containsExactly("refDock");
    }

    @Test
    void attributesTheSchemaCallsRelationshipsAreRelationshipsEvenWithoutTheRefPrefix() {
        assertThat(MODELS.relationshipRule().isRelationship("Anomaly", "detectedBy")).isTrue();
        assertThat(MODELS.relationshipRule().isRelationship("Device", "detectedBy")).isFalse();
        assertThat(MODELS.relationshipRule().isRelationship("AnyType", "refSomething")).isTrue();
        assertThat(MODELS.relationshipRule().isRelationship("Device", "name")).isFalse();
    }

    @Test
    void theModelsLoadFromAJarAsFromADirectory(@TempDir Path dir) throws Exception {
        Path classes = Path.of(SmartDataModels.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = dir.resolve("hub.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes.resolve(SmartDataModels.CLASSPATH_ROOT))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, (OutputStream) out);
                out.closeEntry();
            }
        }

        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertThat(SmartDataModels.fromClassLoader(loader).types()).isEqualTo(MODELS.types());
        }
    }

    private static void copySharedSchemas(Path target) throws IOException {
        for (String shared : List.of("common-schema.json")) {
            Files.copy(SdmFixtures.directory().resolve(shared), target.resolve(shared));
        }
    }
}
