package org.citybrain.hub.entity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonPathsTest {
    @Test
    void plainNamesAreDottedAndOthersBracketedWithQuotesEscaped() {
        assertThat(JsonPaths.member("$", "speed")).isEqualTo("$.speed");
        assertThat(JsonPaths.member("$.a", "_lane2")).isEqualTo("$.a._lane2");
        assertThat(JsonPaths.member("$", "2lanes")).isEqualTo("$['2lanes']");
        assertThat(JsonPaths.member("$", "a b")).isEqualTo("$['a b']");
        assertThat(JsonPaths.member("$", "é")).isEqualTo("$['é']");
        assertThat(JsonPaths.member("$", "")).isEqualTo("$['']");
        assertThat(JsonPaths.member("$", "it's")).isEqualTo("$['it\\'s']");
    }
}
