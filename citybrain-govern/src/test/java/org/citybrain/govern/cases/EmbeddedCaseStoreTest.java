package org.citybrain.govern.cases;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the embedded store, its log in a temporary directory. */
class EmbeddedCaseStoreTest extends CaseStoreContractTest {
    @TempDir
    Path dir;

    @Override
    CaseStore open() {
        return EmbeddedCaseStore.open(dir.resolve("govern").resolve("cases.log"));
    }

    @Override
    void drop() {
        // the temporary directory goes with the test
    }
}
