package org.citybrain.server.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.citybrain.hub.ingest.DeviceAuthenticationException;
import org.citybrain.hub.ingest.DeviceRegistry;
import org.citybrain.server.security.User;
import org.citybrain.server.security.UserRegistry;

/**
 * Who an MQTT connection is: a device (user name = device id, password = device token), which may
 * publish its own telemetry and subscribe below its own topic, or a user of the API (user name =
 * user name, password = the user's bearer token), which may subscribe to anything and publish
 * nothing.
 */
sealed interface MqttClientIdentity {

    /** A device, with the token it presented (the ingestor checks it again with every payload). */
    record DeviceClient(String deviceId, String token) implements MqttClientIdentity {
        @Override
        public String toString() {
            return "device " + deviceId;
        }
    }

    /** A user of the API. */
    record UserClient(User user) implements MqttClientIdentity {
        @Override
        public String toString() {
            return "user " + user.name();
        }
    }

    /** Checks CONNECT credentials against the device and user registries; a device id wins over a user name. */
    record Authenticator(DeviceRegistry devices, UserRegistry users) {

        Optional<MqttClientIdentity> authenticate(String userName, byte[] password) {
            if (userName == null || password == null) {
                return Optional.empty();
            }
            String secret = new String(password, StandardCharsets.UTF_8);
            if (devices.find(userName).isPresent()) {
                try {
                    devices.authenticate(userName, secret);
                    return Optional.of(new DeviceClient(userName, secret));
                } catch (DeviceAuthenticationException e) {
                    // fall through: a user may share the name
                }
            }
            return users.authenticate(secret).filter(u -> u.name().equals(userName)).map(UserClient::new);
        }
    }
}
