package org.citybrain.hub.sdm;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.ReadOptions;
import org.citybrain.hub.entity.Representation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Loading the models is quiet: the keywords the shipped schemas carry beyond JSON Schema are
 * declared, so the validator has nothing to warn about at every start of the server.
 */
class SchemaLoadingLogTest {

    private final Logger validatorLog = (Logger) LoggerFactory.getLogger("com.networknt.schema");
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    @BeforeEach
    void capture() {
        events.start();
        validatorLog.addAppender(events);
    }

    @AfterEach
    void release() {
        validatorLog.detachAppender(events);
    }

    @Test
    void loadingTheShippedModelsLogsNoWarning() {
        SmartDataModels models = SmartDataModels.load(SdmFixtures.directory());

        assertThat(models.types()).contains("RoadSegment", "ItemFlowObserved");
        assertThat(warnings()).isEmpty();
    }

    @Test
    void aKeywordOutsideTheDeclaredOnesIsStillReportedWhenLoaded(@TempDir Path dir) throws IOException {
        SmartDataModels.load(bikeModel(dir, """
                "$schemaVersion": "0.0.1", "modelTags": "", "properties": {"gears": {"type": "integer", "minimun": 1}}"""));

        assertThat(warnings()).singleElement().asString().contains("minimun");
    }

    @Test
    void theDeclaredKeywordsAssertNothing(@TempDir Path dir) throws IOException {
        SmartDataModels models = SmartDataModels.load(bikeModel(dir, """
                "properties": {"gears": {"type": "integer", "min": 1, "laneLength": {"type": "string"}}}"""));

        Entity bike = EntityJson.read("""
                {"id": "urn:ngsi-ld:Bike:1", "type": "Bike", "gears": 0}""",
                Representation.KEY_VALUES, ReadOptions.strict());

        assertThat(models.validate(bike)).isEmpty();
    }

    /** A directory with one model, Bike, whose schema has {@code members} besides its {@code $schema} and {@code $id}. */
    private static Path bikeModel(Path dir, String members) throws IOException {
        Files.createDirectory(dir.resolve("Bike"));
        Files.writeString(dir.resolve("Bike/schema.json"), """
                {"$schema": "https://json-schema.org/draft/2020-12/schema",
                 "$id": "https://smart-data-models.github.io/dataModel.Test/Bike/schema.json",
                 %s}""".formatted(members));
        return dir;
    }

    private List<String> warnings() {
        return events.list.stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
