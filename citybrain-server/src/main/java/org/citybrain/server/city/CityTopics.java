package org.citybrain.server.city;

/**
 * The MQTT topics of the city's devices: the hub's telemetry topic, and the commands topic a
 * signal listens to ({@code citybrain/devices/{signalDeviceId}/commands}, payload
 * {@code {"phase": N}} or {@code {"release": true}}; docs/demo.md).
 */
final class CityTopics {
    private CityTopics() {
    }

    static String telemetry(String deviceId) {
        return "citybrain/devices/" + deviceId + "/telemetry";
    }

    static String commands(String deviceId) {
        return "citybrain/devices/" + deviceId + "/commands";
    }
}
