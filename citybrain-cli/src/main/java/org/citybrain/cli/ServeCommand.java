package org.citybrain.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.citybrain.govern.cases.CaseException;
import org.citybrain.hub.store.StoreException;
import org.citybrain.server.CityBrainServer;
import org.citybrain.server.SettingException;
import org.citybrain.server.mqtt.EmbeddedBroker;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "serve",
        header = "Run the CityBrain server: NGSI-LD context broker, device ingestion over HTTP and MQTT, history.",
        description = {
            "Starts the server on embedded defaults: its stores live in --data-dir (created if missing), HTTP on --port, "
                + "an MQTT broker on 1883 (--citybrain.mqtt.port=N to change). Nothing else to install. Stop it with Ctrl-C; everything acknowledged is on disk.",
            "The administrator's bearer token is CITYBRAIN_ADMIN_TOKEN when that is set at the first start; otherwise "
                + "one is generated and printed once. Other settings (citybrain.*, server.*) can be given as "
                + "environment variables (e.g. CITYBRAIN_MAX_BODY_BYTES) or as --name=value after '--'. See docs/server.md.",
        })
final class ServeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "HTTP port.")
    int port;

    @Option(names = "--data-dir", defaultValue = "./data", paramLabel = "DIR",
            description = "Where the embedded stores keep their files.")
    Path dataDir;

    @picocli.CommandLine.Parameters(paramLabel = "--name=value", arity = "0..*", showDefaultValue = Visibility.NEVER,
            description = "Further server settings, e.g. --citybrain.max-body-bytes=2097152 (after '--').")
    List<String> settings = new ArrayList<>();

    /** The server running in this process, for tests that stop it; Ctrl-C stops it otherwise. */
    static final java.util.concurrent.atomic.AtomicReference<ConfigurableApplicationContext> RUNNING =
            new java.util.concurrent.atomic.AtomicReference<>();

    @Override
    public Integer call() throws InterruptedException {
        return run(spec, port, dataDir, settings, List.of(), out -> { });
    }

    /**
     * Starts the server, prints where it listens, and waits until it is closed (Ctrl-C): serve's
     * behaviour, shared with {@code demo}.
     *
     * @param defaults  settings ({@code --name=value}) that apply unless {@code settings} gives the same name
     * @param moreLines what else to print once the server listens, given the base URL
     */
    static int run(CommandSpec spec, int port, Path dataDir, List<String> settings, List<String> defaults,
            java.util.function.Consumer<String> moreLines) throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be 0..65535, got " + port);
        }
        for (String s : settings) {
            if (!s.startsWith("--") || !s.contains("=")) {
                throw new ParameterException(spec.commandLine(), "server settings take the form --name=value, got '" + s + "'");
            }
        }
        List<String> args = new ArrayList<>(settings);
        List<String> allDefaults = new ArrayList<>(defaults);
        // a failed start is reported once, by explain(), not also by Spring's banner on stdout
        allDefaults.add("--logging.level." + StartFailureAnalysis.SPRING_REPORTER + "=OFF");
        for (String d : allDefaults) {
            String name = d.substring(0, d.indexOf('=') + 1);
            if (settings.stream().noneMatch(s -> s.startsWith(name))) {
                args.add(d);
            }
        }
        ConfigurableApplicationContext server;
        StartFailureAnalysis.take();
        try {
            server = CityBrainServer.start(port, dataDir.toString(), args.toArray(String[]::new));
        } catch (RuntimeException e) {
            throw explain(e, port, dataDir, StartFailureAnalysis.take());
        }
        CountDownLatch closed = new CountDownLatch(1);
        server.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        RUNNING.set(server);
        int actual = ((WebServerApplicationContext) server).getWebServer().getPort();
        String base = "http://localhost:" + actual;
        PrintWriter out = spec.commandLine().getOut();
        out.printf("CityBrain server listening on %s (data in %s). Ctrl-C stops it.%n", base, dataDir.toAbsolutePath().normalize());
        out.println("  NGSI-LD API: " + base + "/ngsi-ld/v1/entities   API docs: " + base + "/swagger-ui.html   health: "
                + base + "/actuator/health");
        server.getBeanProvider(EmbeddedBroker.class).ifAvailable(broker ->
                out.println("  MQTT: tcp://localhost:" + broker.port() + "   devices publish to citybrain/devices/{id}/telemetry"));
        out.flush();
        moreLines.accept(base);
        out.flush();
        closed.await();
        return 0;
    }

    /**
     * Start-up failures a user can fix, as input errors with the fix; anything else as it is. Told
     * apart by the exceptions' types along the cause chain (Spring wraps them in bean creation
     * errors), never by their messages' text:
     * <ul>
     *   <li>Spring's {@link PortInUseException}: the HTTP port is taken;</li>
     *   <li>{@link EmbeddedBroker.PortInUseException}: the MQTT port is taken;</li>
     *   <li>a {@link SettingException}: a setting the server cannot start with, said as it is;</li>
     *   <li>a store that cannot be opened: the hub's {@link StoreException}, an {@link UncheckedIOException}
     *       (a file of the data directory), a case store's {@link CaseException.Kind#STORAGE}, or a
     *       registry ({@code users.json}, {@code devices.json}) that could not be read, an
     *       {@link IllegalStateException} caused by an {@link IOException}.</li>
     * </ul>
     * Any other failure that Spring Boot analysed (a setting that does not bind, say) is reported
     * with its analysis, what went wrong and what to do, on one line; the rest as it is.
     */
    private static RuntimeException explain(RuntimeException e, int port, Path dataDir, Optional<FailureAnalysis> analysis) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PortInUseException) {
                return new CliInputException("port " + port + " is already in use; stop what uses it or choose another with --port");
            }
            if (t instanceof SettingException setting) {
                return new CliInputException(setting.getMessage());
            }
            if (t instanceof EmbeddedBroker.PortInUseException mqtt) {
                return new CliInputException("the MQTT port " + mqtt.port() + " is already in use (another broker, such as "
                        + "Mosquitto, on 1883?); stop it, or choose another with 'citybrain serve -- --citybrain.mqtt.port=N' "
                        + "(0 picks a free one), or run without MQTT: -- --citybrain.mqtt.enabled=false");
            }
            if (t instanceof StoreException || t instanceof UncheckedIOException
                    || t instanceof CaseException c && c.kind() == CaseException.Kind.STORAGE
                    || t instanceof IllegalStateException && t.getCause() instanceof IOException) {
                return new CliInputException("cannot open the data directory " + dataDir + ": " + oneLine(t.getMessage()));
            }
        }
        if (analysis.isPresent()) {
            FailureAnalysis a = analysis.get();
            return new CliInputException("the server did not start: " + oneLine(a.getDescription())
                    + (a.getAction() == null ? "" : " — " + oneLine(a.getAction())));
        }
        return e;
    }

    /** A message on one line (a JSON parser's names the source on a line of its own). */
    private static String oneLine(String message) {
        return String.valueOf(message).replaceAll("\\s*\\R\\s*", " ");
    }
}
