package org.citybrain.server.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.citybrain.server.CityBrainServer;
import org.citybrain.server.mqtt.EmbeddedBroker;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The real server in this JVM for a benchmark, on a fresh data directory, with an HTTP client for it. */
final class BenchServer implements AutoCloseable {
    static final String ADMIN = "benchmark-admin-token-0123456789";

    private final ConfigurableApplicationContext server; // null for a server in another process
    private final Path data;
    private final boolean deleteData;
    private final String host;
    final int port;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    BenchServer(String dataDir, String... settings) throws IOException {
        this.deleteData = dataDir == null;
        this.data = dataDir != null ? Path.of(dataDir)
                : Files.createTempDirectory(Files.createDirectories(Path.of("target")), "bench-");
        String[] args = Stream.concat(Stream.of("--citybrain.admin-token=" + ADMIN, "--citybrain.mqtt.port=0",
                "--citybrain.congestion.enabled=false", "--logging.level.root=WARN"), Stream.of(settings)).toArray(String[]::new);
        this.server = CityBrainServer.start(0, data.toString(), args);
        this.host = "127.0.0.1";
        this.port = ((WebServerApplicationContext) server).getWebServer().getPort();
    }

    private BenchServer(URI running) {
        this.server = null;
        this.data = null;
        this.deleteData = false;
        this.host = running.getHost();
        this.port = running.getPort();
    }

    /**
     * The server in this JVM, or with the system property {@code target=http://host:port} the one
     * running there (started by {@link SustainedServer}, with the same administrator token).
     */
    static BenchServer startOrConnect(String dataDir, String... settings) throws IOException {
        String target = System.getProperty("target");
        return target != null ? new BenchServer(URI.create(target)) : new BenchServer(dataDir, settings);
    }

    /** Whether the server runs in this JVM (so that this JVM's heap is the server's). */
    boolean inThisJvm() {
        return server != null;
    }

    HttpResponse<String> send(String method, String path, String token, String body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The port of the server's embedded MQTT broker. */
    int mqttPort() {
        return server.getBean(EmbeddedBroker.class).port();
    }

    static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))];
    }

    static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }

    @Override
    public void close() throws IOException {
        if (server == null) {
            return;
        }
        server.close();
        if (deleteData) {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
