package org.citybrain.govern.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleJsonTest {
    static final String SET = """
            {"rules": [
              {"id": "pm25-unhealthy", "name": "PM2.5 above 75 for an hour", "entityType": "AirQualityObserved",
               "attribute": "pm25", "kind": "threshold", "above": 75, "for": "PT1H", "clearBelow": 60,
               "severity": "medium", "subCategory": "airPollution", "suppression": "PT3H"},
              {"id": "pm25-jump", "attribute": "pm25", "kind": "rate", "risePerHour": 100, "severity": "low"},
              {"id": "silent", "attribute": "pm25", "kind": "absence", "silentFor": "PT3H", "severity": "informational"},
              {"id": "odd", "attribute": "pm25", "kind": "anomaly", "season": "hourOfWeek", "zone": "Asia/Shanghai",
               "sigmas": 4, "direction": "either", "severity": "high"}
            ]}
            """;

    @Test
    void everyKindReadsAndWritesBackToTheSameRules() {
        List<Rule> rules = RuleJson.readSet(SET, "rules.json");
        assertThat(rules).hasSize(4);
        Condition.Threshold th = (Condition.Threshold) rules.get(0).condition();
        assertThat(th.persistence()).isEqualTo(Duration.ofHours(1));
        assertThat(th.maxGap()).isEqualTo(Duration.ofHours(1));
        assertThat(th.clearAt()).hasValue(60);
        assertThat(rules.get(0).suppression()).isEqualTo(Duration.ofHours(3));
        assertThat(rules.get(1).name()).isEqualTo("pm25-jump");
        assertThat(rules.get(3).condition()).isInstanceOf(Condition.Anomaly.class);
        assertThat(RuleJson.readSet(RuleJson.writeSet(rules).toString(), "again")).isEqualTo(rules);
    }

    @Test
    void errorsSayWhereAndWhy() {
        assertThatThrownBy(() -> RuleJson.readSet("{\"rules\":[{\"id\":\"a\",\"attribute\":\"x\",\"kind\":\"threshold\","
                + "\"above\":1,\"for\":\"1h\",\"severity\":\"low\"}]}", "rules.json"))
                .hasMessage("rules.json: $.rules[0].for: '1h' is not an ISO-8601 duration (e.g. PT1H, PT30M)");
        assertThatThrownBy(() -> RuleJson.readSet("{\"rules\":[{\"id\":\"a\",\"attribute\":\"x\",\"kind\":\"threshold\","
                + "\"above\":1,\"severity\":\"low\",\"fro\":\"PT1H\"}]}", "rules.json"))
                .hasMessage("rules.json: $.rules[0].fro: not a member of a threshold rule");
        assertThatThrownBy(() -> RuleJson.readSet("{\"rules\":[{\"id\":\"a\",\"attribute\":\"x\",\"kind\":\"threshold\","
                + "\"above\":1,\"below\":2,\"severity\":\"low\"}]}", "rules.json"))
                .hasMessage("rules.json: $.rules[0]: give exactly one of \"above\" and \"below\"");
        assertThatThrownBy(() -> RuleJson.readRule("{\"id\":\"a\",\"attribute\":\"x\",\"kind\":\"spike\",\"severity\":\"low\"}",
                "body")).hasMessage("body: $.kind: 'spike' is not threshold, rate, absence or anomaly");
        assertThatThrownBy(() -> RuleJson.readRule("{\"id\":\"a\",\"attribute\":\"x\",\"kind\":\"absence\",\"silentFor\":\"PT1H\","
                + "\"severity\":\"dire\"}", "body")).hasMessageContaining("body: $: unknown severity 'dire'");
        String rule = "{\"id\":\"a\",\"attribute\":\"x\",\"kind\":\"absence\",\"silentFor\":\"PT1H\",\"severity\":\"low\"}";
        assertThatThrownBy(() -> RuleJson.readSet("{\"rules\":[" + rule + "," + rule + "]}", "r"))
                .hasMessage("r: $.rules[1].id: 'a' is used by an earlier rule");
    }
}
