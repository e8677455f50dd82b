package org.citybrain.govern.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.citybrain.govern.rules.FileRuleStateStore;
import org.citybrain.govern.rules.RuleException;
import org.citybrain.govern.rules.RuleStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on files in the data directory, and what hand-edited files give. */
class FileStoresTest extends GovernStoresContractTest {
    @TempDir
    Path dir;

    @Override
    RuleDefinitions rules() {
        return RuleFile.open(dir.resolve("govern").resolve("rules.json"));
    }

    @Override
    ApiKeys keys() {
        return new ApiKeyFile(dir.resolve("govern").resolve("open311-keys.json"));
    }

    @Override
    RuleStateStore ruleState() {
        return new FileRuleStateStore(dir.resolve("govern"));
    }

    @Test
    void aBadRuleInTheFileStopsTheOpeningWithItsPath() throws Exception {
        Path file = dir.resolve("rules.json");
        Files.writeString(file, "{\"rules\": [{\"id\": \"x\", \"attribute\": \"pm25\", \"kind\": \"threshold\", "
                + "\"above\": 75, \"for\": \"1h\", \"severity\": \"low\"}]}");
        assertThatThrownBy(() -> RuleFile.open(file)).isInstanceOf(RuleException.class)
                .hasMessageContaining("$.rules[0].for");
    }

    @Test
    void noFileIsWrittenUntilSomethingChanges() {
        rules().all();
        keys().client(ApiKeys.hash("k"));
        assertThat(dir.resolve("govern")).doesNotExist();
    }
}
