package org.citybrain.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadmeExamplesTest {

    @TempDir
    Path tmp;

    @Test
    void readmeShowsTheDemoAndASimulationForEachBundledFormat() {
        List<String> joined = ReadmeExamples.commands().stream().map(c -> String.join(" ", c)).toList();

        assertThat(joined).contains("demo");
        assertThat(joined).anySatisfy(c -> assertThat(c).startsWith("simulate").contains("hangzhou_4x4/roadnet_4_4.json"));
        assertThat(joined).anySatisfy(c -> assertThat(c).startsWith("simulate").contains(".net.xml", ".rou.xml"));
        assertThat(joined).anySatisfy(c -> assertThat(c).startsWith("simulate").contains("roadnet_round2.txt",
                "flow_round2.txt"));
        assertThat(joined).anySatisfy(c -> assertThat(c).startsWith("import"));
    }

    @Test
    void everyReadmeCommandParses() {
        for (List<String> example : ReadmeExamples.commands()) {
            assertThatCode(() -> CityBrainCli.commandLine(new CliEnvironment(tmp, false, false))
                    .parseArgs(example.toArray(String[]::new)))
                    .as(String.join(" ", example)).doesNotThrowAnyException();
        }
    }

    @Test
    void everyCommandLineOfTheDocsParsesAndNamesBundledFilesThatExist() throws java.io.IOException {
        List<List<String>> examples = new java.util.ArrayList<>();
        try (var pages = java.nio.file.Files.list(ProjectHome.root().resolve("docs"))) {
            pages.filter(p -> p.toString().endsWith(".md")).sorted()
                    .forEach(page -> examples.addAll(ReadmeExamples.commands(page)));
        }
        assertThat(examples).as("./citybrain command lines in docs/*.md").hasSizeGreaterThanOrEqualTo(4);
        for (List<String> example : examples) {
            assertThatCode(() -> CityBrainCli.commandLine(new CliEnvironment(tmp, false, false))
                    .parseArgs(example.toArray(String[]::new)))
                    .as(String.join(" ", example)).doesNotThrowAnyException();
            example.stream().filter(arg -> arg.startsWith("scenarios/")).forEach(arg ->
                    assertThat(ProjectHome.root().resolve(arg)).as(String.join(" ", example)).isRegularFile());
        }
    }

    @Test
    void everyScenarioFileTheReadmeNamesExists() {
        for (List<String> example : ReadmeExamples.commands()) {
            for (String arg : example) {
                if (arg.startsWith("scenarios/")) {
                    assertThat(ProjectHome.root().resolve(arg)).as(String.join(" ", example)).isRegularFile();
                }
            }
        }
    }
}
