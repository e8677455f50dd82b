package org.citybrain.server.mqtt;

/**
 * Publishes messages from the server to MQTT subscribers: through the embedded broker, or to the
 * external broker the server is a client of ({@code citybrain.mqtt.mode}). The seam for
 * notifications over MQTT. Safe for concurrent use; never blocks on the network.
 *
 * <p>Delivery is what MQTT promises for the QoS and no more: the embedded broker keeps no
 * messages for clients that are not connected (no persistent sessions, no retained messages), and
 * drops a message for a subscriber whose connection cannot take more (it counts those in
 * {@code citybrain.mqtt.dropped}).
 */
public interface MqttPublisher {

    /** The quality of service of a delivery; QoS 2 is not offered. */
    enum Qos {
        /** QoS 0: sent once, not acknowledged. */
        AT_MOST_ONCE,
        /** QoS 1: sent until acknowledged (within a connection). */
        AT_LEAST_ONCE;

        int level() {
            return ordinal();
        }
    }

    /**
     * Publishes {@code payload} to {@code topic}: every subscription whose filter matches gets it,
     * at the lower of {@code qos} and the subscription's QoS.
     *
     * @throws IllegalArgumentException if {@code topic} is empty or has wildcards
     */
    void publish(String topic, byte[] payload, Qos qos);
}
