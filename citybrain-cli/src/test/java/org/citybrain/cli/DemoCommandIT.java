package org.citybrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The platform demo through the real server, broker and city: starts, answers, stops, resumes. */
class DemoCommandIT {
    static final String TOKEN = "demo-admin-token-for-tests";

    @TempDir
    Path data;

    private CompletableFuture<CliRun> start() {
        ServeCommand.RUNNING.set(null);
        return CompletableFuture.supplyAsync(() -> CliRun.run("demo", "--port", "0", "--data-dir", data.toString(),
                "--speed", "50", "--", "--citybrain.mqtt.port=0", "--citybrain.admin-token=" + TOKEN,
                "--citybrain.city.detector-interval=10s"));
    }

    private static ConfigurableApplicationContext running(CompletableFuture<CliRun> demo) throws Exception {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (System.nanoTime() < end) {
            ConfigurableApplicationContext c = ServeCommand.RUNNING.get();
            if (c != null) {
                return c;
            }
            if (demo.isDone()) {
                throw new AssertionError("the demo ended before it ran: " + demo.get().err());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the demo did not start within 4 minutes");
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int port(ConfigurableApplicationContext c) {
        return ((WebServerApplicationContext) c).getWebServer().getPort();
    }

    private static String waitForReadings(int port) throws Exception {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < end) {
            HttpResponse<String> lane = get(port, "/ngsi-ld/v1/entities/urn:ngsi-ld:TrafficFlowObserved:road_0_1_0_1");
            if (lane.statusCode() == 200 && lane.body().contains("queueLength")) {
                return lane.body();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no reading of road_0_1_0_1 within 2 minutes");
    }

    @Test
    void theDemoServesTheLiveCityStopsCleanlyAndResumesInTheSameFolder() throws Exception {
        CompletableFuture<CliRun> first = start();
        ConfigurableApplicationContext server = running(first);
        int port = port(server);
        assertThat(get(port, "/actuator/health").statusCode()).isEqualTo(200);
        waitForReadings(port);
        assertThat(get(port, "/api/city").body()).contains("\"vehiclesRunning\"");
        server.close(); // what Ctrl-C does, through the JVM's shutdown hook
        CliRun run = first.get(1, TimeUnit.MINUTES);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("CityBrain demo: Hangzhou 4x4", "50x real time",
                "Dashboard: http://localhost:" + port + "/");
        assertThat(data.resolve("city/device-tokens.json")).isRegularFile();

        // the same folder again: the devices reconnect with their kept tokens, the history is there
        CompletableFuture<CliRun> second = start();
        server = running(second);
        port = port(server);
        waitForReadings(port);
        HttpResponse<String> history = get(port, "/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:TrafficFlowObserved:road_0_1_0_1"
                + "?attrs=queueLength&lastN=1000");
        assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
        server.close();
        CliRun again = second.get(1, TimeUnit.MINUTES);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(Files.readString(data.resolve("devices.json"))).contains("city-signal-intersection_1_1");
    }
}
