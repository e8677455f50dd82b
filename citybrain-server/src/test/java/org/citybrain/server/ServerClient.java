package org.citybrain.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/** A small HTTP client for tests against a running server: JSON in, status and JSON out. */
public final class ServerClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    public ServerClient(int port) {
        this.base = "http://localhost:" + port;
    }

    /** A response: status and body (parsed as JSON when it is JSON). */
    public record Response(int status, String body, Optional<String> contentType, java.util.Map<String, java.util.List<String>> headers) {
        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }
    }

    public Response send(String method, String path, String token, String body) {
        return send(method, path, token, body, "application/json");
    }

    public Response send(String method, String path, String token, String body, String contentType) {
        return send(method, path, token, body, contentType, java.util.Map.of());
    }

    /** A request with extra headers (Link, Accept, ...). */
    public Response send(String method, String path, String token, String body, String contentType,
            java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers().firstValue("Content-Type"),
                    response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Parses JSON text (for comparing what was sent with what comes back). */
    public JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null);
    }

    public Response post(String path, String token, String body) {
        return send("POST", path, token, body);
    }

    /** POSTs {@code fields} form-encoded (Open311), without a token. */
    public Response form(String path, java.util.Map<String, String> fields) {
        java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
        String body = fields.entrySet().stream().map(e -> java.net.URLEncoder.encode(e.getKey(), utf8) + "="
                + java.net.URLEncoder.encode(e.getValue(), utf8)).collect(java.util.stream.Collectors.joining("&"));
        return send("POST", path, null, body, "application/x-www-form-urlencoded");
    }

    /** Creates a user with {@code role} through {@code POST /api/users} as {@code admin}; its bearer token. */
    public String newUser(String admin, String name, String role) {
        Response created = post("/api/users", admin, "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        if (created.status() != 201) {
            throw new IllegalStateException("user " + name + " not created: " + created.status() + " " + created.body());
        }
        return created.json().get("token").asText();
    }
}
