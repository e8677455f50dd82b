package org.citybrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.ThrowingSupplier;

/**
 * {@code serve}'s start-up failures that a user can fix: each is made to happen for real (a port
 * taken, a data directory that cannot be opened) and must come out as one line saying what to
 * change, exit code 1.
 */
class ServeCommandTest {

    /** {@code serve} on {@code data}, HTTP on {@code port}, with the extra settings; nothing else running. */
    private static CliRun serve(Path data, int port, String... settings) {
        String[] args = new String[6 + settings.length];
        args[0] = "serve";
        args[1] = "--port";
        args[2] = Integer.toString(port);
        args[3] = "--data-dir";
        args[4] = data.toString();
        args[5] = "--";
        System.arraycopy(settings, 0, args, 6, settings.length);
        return CliRun.run(args);
    }

    private static CliRun serveWithoutMqtt(Path data, int port, String... more) {
        String[] settings = new String[2 + more.length];
        settings[0] = "--citybrain.mqtt.enabled=false";
        settings[1] = "--citybrain.congestion.enabled=false";
        System.arraycopy(more, 0, settings, 2, more.length);
        return serve(data, port, settings);
    }

    /** Runs {@code run} with the process's stdout and stderr (where logging writes) going to {@code console}. */
    private static CliRun withConsoleIn(ByteArrayOutputStream console, ThrowingSupplier<CliRun> run) throws Throwable {
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            return run.get();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static void anInputError(CliRun r, String... says) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.errLines()).as(r.err()).hasSize(1);
        assertThat(r.err()).contains(says);
    }

    /**
     * {@link #anInputError}, and nothing else printed on the console: no Spring failure banner, no
     * log warnings or errors, no stack traces.
     */
    private static CliRun aQuietInputError(ThrowingSupplier<CliRun> run, String... says) throws Throwable {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        CliRun r = withConsoleIn(console, run);
        anInputError(r, says);
        assertThat(console.toString(StandardCharsets.UTF_8)).as("what else the process printed")
                .doesNotContain("APPLICATION FAILED TO START")
                .doesNotContain("Identify and stop the process")
                .doesNotContainPattern("\\b(WARN|ERROR)\\b")
                .doesNotContain("\tat ");
        return r;
    }

    @Test
    void anHttpPortInUseIsAnInputErrorThatSaysHowToChooseAnother(@TempDir Path data) throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            anInputError(serveWithoutMqtt(data, taken.getLocalPort()),
                    "port " + taken.getLocalPort() + " is already in use", "--port");
        }
    }

    @Test
    void anHttpPortInUseIsSaidOnceWithoutSpringsFailureBanner(@TempDir Path data) throws Throwable {
        try (ServerSocket taken = new ServerSocket(0)) {
            CliRun r = aQuietInputError(() -> serveWithoutMqtt(data, taken.getLocalPort()),
                    "port " + taken.getLocalPort() + " is already in use");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void aSettingSpringCannotBindIsOneLineWithSpringsAnalysis(@TempDir Path data) throws Throwable {
        aQuietInputError(() -> serveWithoutMqtt(data, 0, "--server.tomcat.max-keep-alive-requests=many"),
                "the server did not start", "server.tomcat.max-keep-alive-requests", "many");
    }

    @Test
    void anAdminTokenTooShortIsOneLineThatSaysHowLongItMustBe(@TempDir Path data) throws Throwable {
        aQuietInputError(() -> serveWithoutMqtt(data, 0, "--citybrain.admin-token=secret"),
                "CITYBRAIN_ADMIN_TOKEN", "at least 16 characters");
        assertThat(data.resolve("users.json")).as("nothing written").doesNotExist();
    }

    @Test
    void anMqttPortInUseIsAnInputErrorThatSaysHowToChooseAnother(@TempDir Path data) throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            anInputError(serve(data, 0, "--citybrain.mqtt.port=" + taken.getLocalPort(), "--citybrain.congestion.enabled=false"),
                    "MQTT port " + taken.getLocalPort() + " is already in use", "--citybrain.mqtt.port=N");
        }
    }

    @Test
    void aDataDirectoryThatIsAFileIsAnInputError(@TempDir Path tmp) throws Throwable {
        Path file = Files.writeString(tmp.resolve("data"), "not a directory");
        aQuietInputError(() -> serveWithoutMqtt(file, 0), "cannot open the data directory " + file);
    }

    @Test
    void anUnreadableUserRegistryIsAnInputError(@TempDir Path data) throws Throwable {
        Files.writeString(data.resolve("users.json"), "[{\"name\": \"admin\", ");
        aQuietInputError(() -> serveWithoutMqtt(data, 0), "cannot open the data directory " + data, "users.json");
    }

    @Test
    void aDamagedDeviceRegistryIsAnInputError(@TempDir Path data) throws Throwable {
        Files.writeString(data.resolve("devices.json"), "{not json\n{\"id\": \"loop-1\"}\n");
        aQuietInputError(() -> serveWithoutMqtt(data, 0), "cannot open the data directory " + data, "devices.json");
    }

    @Test
    void aDamagedCaseLogIsAnInputError(@TempDir Path data) throws Throwable {
        Files.createDirectories(data.resolve("govern"));
        Files.writeString(data.resolve("govern").resolve("cases.log"), "{not a case\n{\"case\": {}}\n");
        aQuietInputError(() -> serveWithoutMqtt(data, 0), "cannot open the data directory " + data, "cases.log");
    }

    @Test
    void aSettingThatIsNotNameEqualsValueIsAUsageError(@TempDir Path data) {
        CliRun r = CliRun.run("serve", "--port", "0", "--data-dir", data.toString(), "--", "citybrain.mqtt.port");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--name=value");
    }
}
