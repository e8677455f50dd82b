package org.citybrain.server.city;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.citybrain.server.CityBrainServer;
import org.citybrain.server.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The {@code curl} examples of README.md and docs/demo.md, run as a reader copies them, one at a
 * time (bash and curl, {@code $TOKEN} the administrator's, {@code $DEVICE_TOKEN} the one the device
 * registration answered), against a server with the demo's city inside it: each answers 2xx, a listing the page
 * shows has something in it, and the README's reading shows on its device's entity. Skipped
 * without bash or curl.
 */
@SpringBootTest(classes = CityBrainServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"citybrain.admin-token=" + DocsCurlExamplesIT.ADMIN, "citybrain.mqtt.port=0", "citybrain.city.speed=100",
            "citybrain.city.detector-interval=10s", "citybrain.congestion.enabled=false"})
@DirtiesContext // its city stops with its server instead of running on beside the next tests
class DocsCurlExamplesIT {
    static final String ADMIN = "admin-token-for-the-docs-examples";
    static final Path data = TestData.newDirectory();
    static final Path ROOT = Path.of("..");
    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        CityIT.hangzhou(registry, data);
    }

    @BeforeAll
    static void bashAndCurl() {
        assumeTrue(runs("bash", "--version") && runs("curl", "--version"), "bash or curl missing; the docs' curl examples are skipped");
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The {@code curl} commands in the page's code blocks, in order, continuation lines joined. */
    static List<String> curlCommands(Path page) throws IOException {
        List<String> commands = new ArrayList<>();
        boolean inCode = false;
        StringBuilder pending = null;
        for (String raw : Files.readAllLines(page)) {
            String line = raw.strip();
            if (line.startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            if (!inCode || (pending == null && !line.startsWith("curl "))) {
                continue;
            }
            pending = pending == null ? new StringBuilder() : pending.append(' ');
            boolean continues = line.endsWith("\\");
            pending.append(continues ? line.substring(0, line.length() - 1).strip() : line);
            if (!continues) {
                commands.add(pending.toString());
                pending = null;
            }
        }
        return commands;
    }

    record Answer(int status, String body) {
    }

    /** Runs the command as the reader would, on this server's port; the HTTP status is curl's last line. */
    Answer run(String command, String deviceToken) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c",
                command.replace("localhost:8080", "localhost:" + port) + " -w '\\n%{http_code}'");
        builder.environment().put("TOKEN", ADMIN);
        builder.environment().put("DEVICE_TOKEN", deviceToken);
        Process p = builder.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(command).isTrue();
        assertThat(p.exitValue()).as(command + "\n" + out).isZero();
        int cut = out.lastIndexOf('\n');
        return new Answer(Integer.parseInt(out.substring(cut + 1).strip()), out.substring(0, Math.max(cut, 0)));
    }

    @Test
    void everyCurlExampleOfTheReadmeAndTheDemoPageAnswersAsThePageSays() throws Exception {
        List<String> commands = new ArrayList<>(curlCommands(ROOT.resolve("README.md")));
        commands.addAll(curlCommands(ROOT.resolve("docs/demo.md")));
        assertThat(commands).as("curl examples found").hasSizeGreaterThanOrEqualTo(9);
        String deviceToken = "";
        for (String command : commands) {
            // a reader pastes one command at a time
            Thread.sleep(1100);
            Answer answer = run(command, deviceToken);
            // a listing the page shows is not empty: the city's first readings and forecasts may take a moment
            for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                    answer.body().equals("[]") && !command.contains(" -X ") && System.nanoTime() < end; ) {
                Thread.sleep(500);
                answer = run(command, deviceToken);
            }
            assertThat(answer.status()).as(command + "\n" + answer.body()).isBetween(200, 299);
            assertThat(answer.body()).as(command).isNotEqualTo("[]");
            if (command.contains("-X POST localhost:8080/api/devices ")) {
                deviceToken = JSON.readTree(answer.body()).path("token").asText();
                assertThat(deviceToken).as(answer.body()).isNotEmpty();
            }
            if (command.startsWith("curl -s localhost:8080/ngsi-ld/v1/entities/urn:ngsi-ld:TrafficFlowObserved:loop-7 ")) {
                JsonNode entity = JSON.readTree(answer.body());
                assertThat(entity.at("/intensity/value").asInt()).as("the reading shows on the entity: " + entity).isEqualTo(12);
            }
        }
        assertThat(deviceToken).as("the README registers a device").isNotEmpty();
    }
}
