package org.citybrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every README command line for real, shortened to a minute of simulated time. */
class ReadmeExamplesIT {

    @TempDir
    Path tmp;

    @Test
    void everyReadmeCommandSucceeds() {
        List<List<String>> examples = ReadmeExamples.commands();
        assertThat(examples).isNotEmpty();
        for (List<String> example : examples) {
            if (example.get(0).equals("serve") || example.get(0).equals("demo")) {
                continue; // run until stopped; ServeKillIT and DemoCommandIT run them for real
            }
            CliRun r = CliRun.run(ReadmeExamples.forTest(example, tmp, 60));
            assertThat(r.exitCode()).as(String.join(" ", example) + "\n" + r.err()).isZero();
        }
        assertThat(tmp.resolve("hangzhou.json")).isRegularFile();
        assertThat(tmp.resolve("nanchang.json")).isRegularFile();
        assertThat(tmp.resolve("out/nanchang/network.geojson")).isRegularFile();
        assertThat(tmp.resolve("out/hangzhou-sumo/flow.json")).isRegularFile();
        assertThat(tmp.resolve("evaluation.json")).isRegularFile();
    }
}
