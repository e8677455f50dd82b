package org.citybrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/cli.md against the command itself: every command has its section there, its synopsis names
 * every option the command takes, and each option's help shows its default once.
 */
class CliDocsTest {
    /** Options every command takes, in cli.md's table of them. */
    static final java.util.Set<String> COMMON = java.util.Set.of("--help", "--version", "--verbose");

    @TempDir
    Path tmp;

    private Map<String, CommandLine> commands() {
        return CityBrainCli.commandLine(new CliEnvironment(tmp, false, false)).getSubcommands();
    }

    /** The section {@code ## name} of cli.md, up to the next section. */
    private static String section(String doc, String name) {
        var m = Pattern.compile("(?ms)^## " + Pattern.quote(name) + "\\n(.*?)(?=^## |\\z)").matcher(doc);
        return m.find() ? m.group(1) : "";
    }

    @Test
    void everyCommandHasASectionInCliMdWhoseSynopsisNamesEachOfItsOptions() throws IOException {
        String doc = Files.readString(ProjectHome.root().resolve("docs/cli.md"));
        commands().forEach((name, command) -> {
            if (name.equals("help")) {
                return;
            }
            String section = section(doc, name);
            assertThat(section).as("docs/cli.md has a section '## %s'", name).isNotEmpty();
            assertThat(doc).as("docs/cli.md's table of commands").contains("[`" + name + "`](#" + name + ")");
            int open = section.indexOf("```\n");
            String synopsis = section.substring(open + 4, section.indexOf("```", open + 4));
            assertThat(synopsis).as("synopsis of %s", name).startsWith("citybrain " + name);
            for (OptionSpec option : command.getCommandSpec().options()) {
                String longest = option.longestName();
                if (!COMMON.contains(longest)) {
                    assertThat(synopsis.replace("--[no-]", "--")).as("synopsis of %s names %s", name, longest)
                            .containsPattern(Pattern.quote(longest.replace("--[no-]", "--")) + "(?![-\\w])");
                }
            }
        });
    }

    @Test
    void everyOptionShowsItsDefaultOnce() {
        commands().forEach((name, command) -> {
            String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            assertThat(help).as("%s --help", name).doesNotContain("Default: []");
            for (OptionSpec option : command.getCommandSpec().options()) {
                String description = String.join(" ", option.description());
                if (option.defaultValue() != null && option.arity().max() > 0) { // a flag's default is not shown
                    assertThat(description.toLowerCase()).as("%s %s: help shows the default by itself", name, option.longestName())
                            .doesNotContain("default");
                }
            }
        });
    }
}
