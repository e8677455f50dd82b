package org.citybrain.govern.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.citybrain.govern.rules.Rule;
import org.citybrain.govern.rules.RuleJson;
import org.junit.jupiter.api.Test;

/**
 * What the rule definitions and the Open311 keys must do wherever they are kept, including across
 * a reopen; run by {@link FileStoresTest} and {@link PostgresStoresIT}.
 */
abstract class GovernStoresContractTest {

    /** The rules on this test's backing (the same data each call). */
    abstract RuleDefinitions rules();

    /** The keys on this test's backing (the same data each call). */
    abstract ApiKeys keys();

    static Rule rule(String id, double above) {
        return RuleJson.readRule("{\"id\": \"" + id + "\", \"attribute\": \"pm25\", \"kind\": \"threshold\", \"above\": " + above
                + ", \"for\": \"PT1H\", \"severity\": \"medium\", \"subCategory\": \"airPollution\"}", "test");
    }

    @Test
    void rulesArePutReplacedRemovedAndKeptInTheOrderTheyWereLastPut() {
        RuleDefinitions defs = rules();
        assertThat(defs.all()).isEmpty();
        assertThat(defs.put(rule("a", 75))).isFalse();
        assertThat(defs.put(rule("b", 150))).isFalse();
        assertThat(defs.put(rule("a", 80))).as("replaced").isTrue();
        assertThat(defs.all()).containsExactly(rule("b", 150), rule("a", 80));
        assertThat(rules().all()).as("reopened").containsExactly(rule("b", 150), rule("a", 80));
        assertThat(defs.remove("b")).isTrue();
        assertThat(defs.remove("b")).isFalse();
        assertThat(rules().all()).containsExactly(rule("a", 80));
    }

    @Test
    void replacingAllRulesKeepsExactlyTheNewSet() {
        RuleDefinitions defs = rules();
        defs.put(rule("a", 75));
        defs.replaceAll(List.of(rule("c", 1), rule("d", 2)));
        assertThat(defs.all()).containsExactly(rule("c", 1), rule("d", 2));
        assertThat(rules().all()).containsExactly(rule("c", 1), rule("d", 2));
        defs.replaceAll(List.of());
        assertThat(rules().all()).isEmpty();
    }

    @Test
    void keysAreKeptByTheirHashAndFoundAfterAReopen() {
        ApiKeys keys = keys();
        String hash = ApiKeys.hash("the-key-itself");
        assertThat(hash).doesNotContain("the-key-itself");
        keys.add(hash, "fix-my-street");
        assertThat(keys.client(hash)).contains("fix-my-street");
        assertThat(keys().client(hash)).as("reopened").contains("fix-my-street");
        assertThat(keys().client(ApiKeys.hash("another-key"))).isEmpty();
    }
}
