package org.citybrain.server;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The temporal API on the embedded store. */
@SpringBootTest(classes = CityBrainServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"citybrain.admin-token=" + TemporalApiTests.ADMIN, TemporalApiTests.MAX_INSTANCES,
            TemporalApiTests.RETENTION})
class TemporalApiIT extends TemporalApiTests {
    private static final java.nio.file.Path OWN_DATA = TestData.newDirectory();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("citybrain.data-dir", OWN_DATA::toString);
    }
}
