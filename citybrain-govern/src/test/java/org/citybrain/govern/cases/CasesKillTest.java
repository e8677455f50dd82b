package org.citybrain.govern.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM writing cases is killed with SIGKILL; every step it acknowledged is there after reopening. */
class CasesKillTest {

    @Test
    void everyAcknowledgedStepSurvivesKillMinus9(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cases.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), CaseWriterMain.class.getName(), file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged.size() < 300 && (line = out.readLine()) != null) {
                acknowledged.add(line);
            }
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).hasSize(300);
        try (Cases cases = Cases.open(file, GovernanceConfig.defaults(), Clock.systemUTC())) {
            for (String ack : acknowledged) {
                String[] f = ack.split(" ");
                Case c = cases.find(f[0]).orElseThrow(() -> new AssertionError("acknowledged " + ack + " is lost"));
                assertThat(c.version()).isGreaterThanOrEqualTo(Long.parseLong(f[1]));
                assertThat(cases.history(f[0])).hasSizeGreaterThanOrEqualTo(2);
            }
        }
    }
}
