package org.citybrain.server;

import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestExecutionListeners;

/** The temporal API with readings in PostgreSQL ({@link TestPostgres}). */
@SpringBootTest(classes = CityBrainServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"citybrain.admin-token=" + TemporalApiTests.ADMIN, TemporalApiTests.MAX_INSTANCES,
            TemporalApiTests.RETENTION})
// the server stops with the class, then its schema is dropped
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestExecutionListeners(listeners = TestPostgres.DropSchema.class, mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
class TemporalOnPostgresIT extends TemporalApiTests {
    private static final java.nio.file.Path OWN_DATA = TestData.newDirectory();

    @BeforeAll
    static void database() {
        TestPostgres.requireOrSkip();
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        TestPostgres.properties(registry, OWN_DATA, TemporalOnPostgresIT.class);
    }
}
