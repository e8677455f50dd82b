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
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The real server in this JVM for a benchmark, on a fresh data directory, with an HTTP client for it. */
final class BenchServer implements AutoCloseable {
    static final String ADMIN = "benchmark-admin-token-0123456789";

    private final ConfigurableApplicationContext server;
    private final Path data;
    private final boolean deleteData;
    final int port;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    BenchServer(String dataDir, String... settings) throws IOException {
        this.deleteData = dataDir == null;
        this.data = dataDir != null ? Path.of(dataDir)
                : Files.createTempDirectory(Files.createDirectories(Path.of("target")), "bench-");
        String[] args = Stream.concat(Stream.of("--citybrain.admin-token=" + ADMIN, "--citybrain.mqtt.port=0",
                "--citybrain.congestion.enabled=false", "--logging.level.root=WARN"), Stream.of(settings)).toArray(String[]::new);
        this.server = CityBrainServer.start(0, data.toString(), args);
        this.port = ((WebServerApplicationContext) server).getWebServer().getPort();
    }

    HttpResponse<String> send(String method, String path, String token, String body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
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

    static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))];
    }

    static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (deleteData) {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
