package org.citybrain.server;

import java.nio.file.Path;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The telemetry tests on the embedded store (readings in the write-ahead log). */
// metrics are exported in tests only when asked for
@AutoConfigureObservability
@SpringBootTest(classes = CityBrainServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"citybrain.admin-token=" + TelemetryTests.ADMIN, "citybrain.max-body-bytes=4096"})
class TelemetryOverHttpIT extends TelemetryTests {
    static final Path data = TestData.newDirectory();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("citybrain.data-dir", data::toString);
    }
}
