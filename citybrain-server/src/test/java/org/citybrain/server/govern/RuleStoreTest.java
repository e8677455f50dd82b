package org.citybrain.server.govern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.citybrain.govern.rules.Rule;
import org.citybrain.govern.rules.RuleEngine;
import org.citybrain.govern.rules.RuleException;
import org.citybrain.govern.rules.RuleJson;
import org.citybrain.govern.store.RuleDefinitions;
import org.citybrain.govern.store.RuleFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's rules: stored first, then given to the engine; and a change made through another
 * server's store (two stores on one set of definitions, as two servers on one database) reaching
 * this server's engine on its next refresh.
 */
class RuleStoreTest {
    @TempDir
    Path dir;

    static Rule rule(String id) {
        return RuleJson.readRule("{\"id\": \"" + id + "\", \"attribute\": \"pm25\", \"kind\": \"threshold\", \"above\": 75, "
                + "\"severity\": \"low\"}", "test");
    }

    @Test
    void changesAreStoredAndAppliedAndOtherServersChangesArriveOnRefresh() {
        RuleDefinitions shared = RuleFile.open(dir.resolve("rules.json"));
        RuleEngine here = new RuleEngine(shared.all(), (change, alert) -> { });
        RuleEngine there = new RuleEngine(shared.all(), (change, alert) -> { });
        RuleStore mine = new RuleStore(shared, here);
        RuleStore other = new RuleStore(shared, there);

        assertThat(mine.put(rule("a"))).isFalse();
        assertThat(here.rules()).containsExactly(rule("a"));
        assertThat(RuleFile.open(dir.resolve("rules.json")).all()).as("stored").containsExactly(rule("a"));
        assertThat(there.rules()).isEmpty();
        other.refresh();
        assertThat(there.rules()).containsExactly(rule("a"));

        other.replace(List.of(rule("b")));
        mine.refresh();
        assertThat(here.rules()).containsExactly(rule("b"));
        assertThatThrownBy(() -> mine.remove("a")).isInstanceOf(RuleException.class).hasMessageContaining("no rule 'a'");
        mine.remove("b");
        other.refresh();
        assertThat(there.rules()).isEmpty();
    }
}
