package org.citybrain.server.mqtt;

import java.util.Optional;

/**
 * The topics the server gives meaning to. A device publishes its telemetry to
 * {@code citybrain/devices/{deviceId}/telemetry}; the server tells it about refused telemetry on
 * {@code citybrain/devices/{deviceId}/errors}.
 */
final class Topics {
    static final String DEVICES = "citybrain/devices/";
    static final String TELEMETRY = "/telemetry";
    static final String ERRORS = "/errors";
    /** What the server subscribes to at an external broker. */
    static final String ALL_TELEMETRY = DEVICES + "+" + TELEMETRY;

    private Topics() {
    }

    static String telemetry(String deviceId) {
        return DEVICES + deviceId + TELEMETRY;
    }

    static String errors(String deviceId) {
        return DEVICES + deviceId + ERRORS;
    }

    /** The device id of a telemetry topic, if {@code topic} is one. */
    static Optional<String> telemetryDevice(String topic) {
        if (!topic.startsWith(DEVICES) || !topic.endsWith(TELEMETRY)) {
            return Optional.empty();
        }
        String id = topic.substring(DEVICES.length(), topic.length() - TELEMETRY.length());
        return isTopicLevel(id) ? Optional.of(id) : Optional.empty();
    }

    /** Whether a device id can stand as one topic level: no '/', '+' or '#'. */
    static boolean isTopicLevel(String id) {
        return !id.isEmpty() && id.indexOf('/') < 0 && id.indexOf('+') < 0 && id.indexOf('#') < 0;
    }

    /** Whether a device may subscribe to {@code filter}: only below its own topic. */
    static boolean deviceMaySubscribe(String deviceId, String filter) {
        if (!isTopicLevel(deviceId)) {
            return false;
        }
        String own = DEVICES + deviceId + "/";
        return filter.startsWith(own) && filter.length() > own.length();
    }
}
