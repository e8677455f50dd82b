package org.citybrain.hub.ingest;

/**
 * A device could not be authenticated: unknown id or wrong token (deliberately not told apart,
 * so that ids cannot be probed). The server answers HTTP 401 or MQTT CONNACK "not authorized".
 */
public final class DeviceAuthenticationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DeviceAuthenticationException(String deviceId) {
        super("unknown device or wrong token: " + deviceId);
    }
}
