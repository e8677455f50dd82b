package org.citybrain.server;

import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The temporal API with readings in PostgreSQL ({@link TestPostgres}). */
@SpringBootTest(classes = CityBrainServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"citybrain.admin-token=" + TemporalApiTests.ADMIN, TemporalApiTests.MAX_INSTANCES,
            TemporalApiTests.RETENTION})
class TemporalOnPostgresIT extends TemporalApiTests {
    private static final java.nio.file.Path OWN_DATA = TestData.newDirectory();

    @BeforeAll
    static void database() {
        TestPostgres.requireOrSkip();
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        TestPostgres.properties(registry, OWN_DATA);
    }
}
