package org.citybrain.hub.subscription;

import java.time.Instant;
import java.util.Optional;

/**
 * How a subscription's notifications went (the status members of NotificationParams, 5.2.14).
 *
 * @param timesSent        notifications sent, successful or not (retries of one count once)
 * @param timesFailed      notifications that failed after every retry
 * @param lastNotification when the last notification was sent
 * @param lastSuccess      when one last reached its endpoint
 * @param lastFailure      when one last failed for good
 * @param lastFailureReason why (HTTP status or error), for operators
 */
public record DeliveryStatus(long timesSent, long timesFailed, Optional<Instant> lastNotification,
        Optional<Instant> lastSuccess, Optional<Instant> lastFailure, Optional<String> lastFailureReason) {

    public static final DeliveryStatus NONE = new DeliveryStatus(0, 0, Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    /** {@code ok} unless the last notification failed ({@code failed}). */
    public String status() {
        if (lastFailure.isEmpty()) {
            return "ok";
        }
        return lastSuccess.isPresent() && !lastSuccess.get().isBefore(lastFailure.get()) ? "ok" : "failed";
    }

    DeliveryStatus succeeded(Instant at) {
        return new DeliveryStatus(timesSent + 1, timesFailed, Optional.of(at), Optional.of(at), lastFailure, lastFailureReason);
    }

    DeliveryStatus failed(Instant at, String reason) {
        return new DeliveryStatus(timesSent + 1, timesFailed + 1, Optional.of(at), lastSuccess, Optional.of(at),
                Optional.of(reason));
    }
}
