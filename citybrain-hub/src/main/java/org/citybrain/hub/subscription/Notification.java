package org.citybrain.hub.subscription;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * One notification ready to go (5.3.1): its NGSI-LD body and how to label it.
 *
 * @param endpoint    where it goes
 * @param contentType {@code application/json} or {@code application/ld+json} (then the body has the
 *                    {@code @context})
 * @param link        for {@code application/json}, the JSON-LD Link header value naming the context
 * @param body        {@code {id, type: "Notification", subscriptionId, notifiedAt, data}}
 */
public record Notification(URI endpoint, String contentType, Optional<String> link, ObjectNode body) {
    public Notification {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(body, "body");
    }
}
