package org.citybrain.server.mqtt;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ObjIntConsumer;

/**
 * The embedded broker's subscriptions: per connection, its topic filters with the QoS granted.
 * Matching looks at every filter of every connection, which is plenty for the few subscribers
 * (applications, not devices) a city's notifications have; a topic tree would be the next step.
 * Safe for concurrent use.
 */
final class Subscriptions<C> {
    private final Map<C, Map<TopicFilter, Integer>> byClient = new ConcurrentHashMap<>();

    /** Adds or replaces (with its new QoS) a subscription. */
    void add(C client, TopicFilter filter, int qos) {
        byClient.computeIfAbsent(client, c -> new ConcurrentHashMap<>()).put(filter, qos);
    }

    /** Removes one subscription; whether it existed. */
    boolean remove(C client, TopicFilter filter) {
        Map<TopicFilter, Integer> filters = byClient.get(client);
        return filters != null && filters.remove(filter) != null;
    }

    void removeAll(C client) {
        byClient.remove(client);
    }

    /**
     * Calls {@code action} once for each client with a subscription matching {@code topic}, with
     * the highest QoS among its matching subscriptions (MQTT allows one delivery per client).
     */
    void forEachMatch(String topic, ObjIntConsumer<C> action) {
        byClient.forEach((client, filters) -> {
            int qos = -1;
            for (Map.Entry<TopicFilter, Integer> e : filters.entrySet()) {
                if (e.getValue() > qos && e.getKey().matches(topic)) {
                    qos = e.getValue();
                }
            }
            if (qos >= 0) {
                action.accept(client, qos);
            }
        });
    }
}
