package org.citybrain.govern.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.citybrain.govern.rules.Rule;
import org.citybrain.govern.rules.RuleJson;
import org.citybrain.govern.rules.RuleStateStore;
import org.junit.jupiter.api.Test;

/**
 * What the rule definitions, the Open311 keys and the rules' state must do wherever they are kept, including across
 * a reopen; run by {@link FileStoresTest} and {@link PostgresStoresIT}.
 */
abstract class GovernStoresContractTest {

    /** The rules on this test's backing (the same data each call). */
    abstract RuleDefinitions rules();

    /** The keys on this test's backing (the same data each call). */
    abstract ApiKeys keys();

    /** The rules' state on this test's backing (the same data each call). */
    abstract RuleStateStore ruleState();

    static final Instant SAVED = Instant.parse("2026-11-30T03:00:00.123Z");

    @Test
    void theRuleStateKeepsTheLastCheckpointAndTheEventsDeliveredAfterIt() {
        try (RuleStateStore state = ruleState()) {
            assertThat(state.load()).isEmpty();
            assertThat(state.deliveredSinceCheckpoint()).isEmpty();
            state.delivered(new RuleStateStore.Delivered(1, "raised pm25 urn:a"));
            state.delivered(new RuleStateStore.Delivered(2, "cleared pm25 urn:a"));
        }
        try (RuleStateStore state = ruleState()) {
            assertThat(state.deliveredSinceCheckpoint()).extracting(RuleStateStore.Delivered::key)
                    .containsExactly("raised pm25 urn:a", "cleared pm25 urn:a");
            state.save(new RuleStateStore.Checkpoint(1, SAVED, new byte[] {7, 0, -1}));
            state.delivered(new RuleStateStore.Delivered(3, "raised noise urn:b"));
        }
        try (RuleStateStore state = ruleState()) {
            RuleStateStore.Checkpoint last = state.load().orElseThrow();
            assertThat(last.seq()).isEqualTo(1);
            assertThat(last.savedAt()).isEqualTo(SAVED);
            assertThat(last.state()).containsExactly(7, 0, -1);
            assertThat(state.deliveredSinceCheckpoint()).extracting(RuleStateStore.Delivered::seq).containsExactly(2L, 3L);
            state.save(new RuleStateStore.Checkpoint(3, SAVED.plusSeconds(60), new byte[] {1}));
            assertThat(state.deliveredSinceCheckpoint()).isEmpty();
            assertThat(state.load().orElseThrow().state()).containsExactly(1);
        }
    }

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
