package org.citybrain.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An HTTP endpoint for notifications in tests and benchmarks (the JDK's own HTTP server on a free
 * loopback port): every POST to {@code /ok/<name>} is answered 204 and kept; to {@code /fail/...}
 * answered 500.
 */
public final class NotificationReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final Map<String, BlockingQueue<Received>> byPath = new ConcurrentHashMap<>();
    private volatile Consumer<Received> listener = r -> { };

    /** One notification as it arrived. */
    public record Received(String path, JsonNode body, Map<String, List<String>> headers, long nanos) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }
    }

    public NotificationReceiver(int threads) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(threads));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.startsWith("/fail/")) {
                exchange.sendResponseHeaders(500, -1);
            } else {
                Received r = new Received(path, JSON.readTree(body), Map.copyOf(exchange.getRequestHeaders()), System.nanoTime());
                listener.accept(r);
                byPath.computeIfAbsent(path, p -> new LinkedBlockingQueue<>()).add(r);
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        server.start();
    }

    public NotificationReceiver() {
        this(4);
    }

    /** The URL of {@code /ok/<name>} (or of {@code /fail/<name>} with {@code fail}). */
    public String url(String name, boolean fail) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + (fail ? "/fail/" : "/ok/") + name;
    }

    public String url(String name) {
        return url(name, false);
    }

    /** Called on the receiving thread for every notification kept. */
    public void onEach(Consumer<Received> action) {
        this.listener = action;
    }

    /** The next notification to {@code /ok/<name>}, waiting up to {@code seconds}; null if none came. */
    public Received next(String name, double seconds) {
        try {
            return byPath.computeIfAbsent("/ok/" + name, p -> new LinkedBlockingQueue<>())
                    .poll((long) (seconds * 1000), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
