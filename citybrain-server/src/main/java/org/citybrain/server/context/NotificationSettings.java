package org.citybrain.server.context;

import java.time.Duration;
import org.citybrain.hub.subscription.NotificationOptions;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How subscriptions' notifications are delivered, under {@code citybrain.notifications.*}
 * (environment: {@code CITYBRAIN_NOTIFICATIONS_*}); defaults here and in docs/server.md.
 *
 * @param timeout    the longest wait for an endpoint to take a notification (default 10 s)
 * @param retries    further attempts after a failed one (default 3)
 * @param backoff    the wait before the first retry, doubled for each next one (default 1 s)
 * @param maxPending entities waiting to be notified per subscription; beyond, changes are dropped
 *                   and counted (default 10,000)
 * @param threads    threads preparing notifications (default 2)
 */
@ConfigurationProperties("citybrain.notifications")
record NotificationSettings(@DefaultValue("10s") Duration timeout, @DefaultValue("3") int retries,
        @DefaultValue("1s") Duration backoff, @DefaultValue("10000") int maxPending, @DefaultValue("2") int threads) {

    NotificationOptions options() {
        NotificationOptions d = NotificationOptions.DEFAULTS;
        return new NotificationOptions(timeout, retries, backoff, maxPending, d.maxEntitiesPerNotification(),
                d.maxSubscriptions(), threads);
    }
}
