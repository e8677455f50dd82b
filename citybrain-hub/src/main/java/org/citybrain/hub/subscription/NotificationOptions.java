package org.citybrain.hub.subscription;

import java.time.Duration;
import java.util.Objects;

/**
 * How notifications are delivered, and the limits of the subscriptions' engine.
 *
 * @param timeout             the longest wait for an endpoint to take one notification
 * @param retries             further attempts after a failed one (0: none)
 * @param backoff             the wait before the first retry; each further one waits twice as long
 * @param maxPending          entities waiting to be notified per subscription (while a notification
 *                            is in flight or throttled); changes of further entities are dropped and
 *                            counted
 * @param maxEntitiesPerNotification entities in one notification's {@code data}; more go in the next
 * @param maxSubscriptions    subscriptions the server keeps
 * @param threads             threads that prepare notifications (sending is asynchronous)
 */
public record NotificationOptions(Duration timeout, int retries, Duration backoff, int maxPending,
        int maxEntitiesPerNotification, int maxSubscriptions, int threads) {

    /**
     * 10 s timeout, 3 retries after 1, 2 and 4 s, 10,000 pending entities, 1,000 per notification,
     * 10,000 subscriptions, 2 threads.
     */
    public static final NotificationOptions DEFAULTS = new NotificationOptions(Duration.ofSeconds(10), 3, Duration.ofSeconds(1),
            10_000, 1_000, 10_000, 2);

    public NotificationOptions {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(backoff, "backoff");
        if (timeout.isNegative() || timeout.isZero() || backoff.isNegative() || retries < 0 || maxPending < 1
                || maxEntitiesPerNotification < 1 || maxSubscriptions < 1 || threads < 1) {
            throw new IllegalArgumentException("notification options out of range: " + this);
        }
    }
}
