package org.citybrain.hub.subscription;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * Delivers notifications to endpoints of some URI schemes: {@link HttpTransport} for
 * {@code http}/{@code https}, the server's MQTT one for {@code mqtt}.
 */
public interface NotificationTransport {

    /** Whether this transport serves {@code scheme} (lower case). */
    boolean serves(String scheme);

    /**
     * Checks, when a subscription is written, that notifications can go to {@code endpoint}.
     *
     * @throws IllegalArgumentException why not, said for the client
     */
    void check(URI endpoint);

    /**
     * Sends one notification, once. Must not block: the answer completes when the endpoint took it,
     * or exceptionally (with the reason as message) when it did not. The caller retries.
     */
    CompletableFuture<Void> send(Notification notification);
}
