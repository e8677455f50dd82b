package org.citybrain.hub.subscription;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Notifications over HTTP (the NGSI-LD HTTP binding, 7.2): a POST of the notification with its
 * content type and, for {@code application/json}, the context in a Link header. A 2xx answer is
 * success; anything else, a timeout or a connection error is a failure. Connections are kept and
 * shared (JDK {@link HttpClient}, HTTP/1.1).
 */
public final class HttpTransport implements NotificationTransport {
    private final HttpClient client;
    private final Duration timeout;

    /** @param timeout the longest wait for an endpoint's answer, connecting included */
    public HttpTransport(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    @Override
    public boolean serves(String scheme) {
        return scheme.equals("http") || scheme.equals("https");
    }

    @Override
    public void check(URI endpoint) {
        if (endpoint.getHost() == null) {
            throw new IllegalArgumentException("an HTTP endpoint needs a host: " + endpoint);
        }
    }

    @Override
    public CompletableFuture<Void> send(Notification notification) {
        HttpRequest.Builder request = HttpRequest.newBuilder(notification.endpoint()).timeout(timeout)
                .header("Content-Type", notification.contentType())
                .POST(HttpRequest.BodyPublishers.ofString(notification.body().toString()));
        notification.link().ifPresent(link -> request.header("Link", link));
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).thenApply(response -> {
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("HTTP " + response.statusCode() + " from " + notification.endpoint());
            }
            return null;
        });
    }
}
