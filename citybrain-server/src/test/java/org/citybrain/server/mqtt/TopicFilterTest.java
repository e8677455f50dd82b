package org.citybrain.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Topic filters as MQTT 3.1.1 §4.7 and 5.0 §4.7 define them, with the standard's own examples. */
class TopicFilterTest {

    @ParameterizedTest(name = "''{0}'' matches ''{1}'': {2}")
    @CsvSource({
            "sport/tennis/player1/#, sport/tennis/player1, true",
            "sport/tennis/player1/#, sport/tennis/player1/ranking, true",
            "sport/tennis/player1/#, sport/tennis/player1/score/wimbledon, true",
            "sport/#, sport, true",
            "#, sport/tennis, true",
            "sport/tennis/+, sport/tennis/player1, true",
            "sport/tennis/+, sport/tennis/player1/ranking, false",
            "sport/+, sport, false",
            "sport/+, sport/, true",
            "+/+, /finance, true",
            "/+, /finance, true",
            "+, /finance, false",
            "#, $SYS/broker, false",
            "+/monitor/Clients, $SYS/monitor/Clients, false",
            "$SYS/#, $SYS/broker, true",
            "$SYS/monitor/+, $SYS/monitor/Clients, true",
            "citybrain/devices/+/telemetry, citybrain/devices/loop-1/telemetry, true",
            "citybrain/devices/+/telemetry, citybrain/devices/loop-1/errors, false",
            "citybrain/devices/loop-1, citybrain/devices/loop-12, false",
            "a/b, a/b/c, false",
            "a/b/c, a/b, false",
    })
    void matchesAsTheStandardSays(String filter, String topic, boolean matches) {
        assertThat(new TopicFilter(filter).matches(topic)).isEqualTo(matches);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sport/tennis#", "sport/tennis/#/ranking", "sport+", "+sport", "a/#/"})
    void malformedFiltersAreRefused(String filter) {
        assertThat(TopicFilter.isValid(filter)).isFalse();
        assertThatThrownBy(() -> new TopicFilter(filter)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void topicNamesHaveNoWildcards() {
        assertThat(TopicFilter.isValidTopicName("citybrain/devices/a/telemetry")).isTrue();
        assertThat(TopicFilter.isValidTopicName("citybrain/devices/+/telemetry")).isFalse();
        assertThat(TopicFilter.isValidTopicName("citybrain/#")).isFalse();
        assertThat(TopicFilter.isValidTopicName("")).isFalse();
    }

    @Test
    void aTelemetryTopicNamesItsDeviceAndNothingElseDoes() {
        assertThat(Topics.telemetryDevice("citybrain/devices/loop-1/telemetry")).contains("loop-1");
        assertThat(Topics.telemetryDevice("citybrain/devices/a/b/telemetry")).isEmpty();
        assertThat(Topics.telemetryDevice("citybrain/devices//telemetry")).isEmpty();
        assertThat(Topics.telemetryDevice("citybrain/devices/loop-1/errors")).isEmpty();
    }

    @Test
    void aDeviceSubscribesBelowItsOwnTopicOnly() {
        assertThat(Topics.deviceMaySubscribe("loop-1", "citybrain/devices/loop-1/errors")).isTrue();
        assertThat(Topics.deviceMaySubscribe("loop-1", "citybrain/devices/loop-1/#")).isTrue();
        assertThat(Topics.deviceMaySubscribe("loop-1", "citybrain/devices/loop-2/errors")).isFalse();
        assertThat(Topics.deviceMaySubscribe("loop-1", "citybrain/devices/+/errors")).isFalse();
        assertThat(Topics.deviceMaySubscribe("loop-1", "#")).isFalse();
        assertThat(Topics.deviceMaySubscribe("+", "citybrain/devices/+/errors")).isFalse();
    }
}
