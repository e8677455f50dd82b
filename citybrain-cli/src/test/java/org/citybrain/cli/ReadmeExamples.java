package org.citybrain.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The {@code ./citybrain ...} command lines shown in the README's code blocks, so they run as tests. */
final class ReadmeExamples {
    private ReadmeExamples() {
    }

    /** Each example's arguments after {@code ./citybrain}, continuation lines joined, comments dropped. */
    static List<List<String>> commands() {
        return commands(ProjectHome.root().resolve("README.md"));
    }

    /**
     * The {@code ./citybrain ...} command lines in the code blocks of {@code page}, as {@link #commands()};
     * a synopsis (with {@code [optional]} parts) is not a command line and is left out.
     */
    static List<List<String>> commands(Path page) {
        List<String> lines;
        try {
            lines = Files.readAllLines(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<List<String>> commands = new ArrayList<>();
        boolean inCode = false;
        StringBuilder pending = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            if (!inCode) {
                continue;
            }
            if (pending == null && line.startsWith("./citybrain ")) {
                pending = new StringBuilder();
            }
            if (pending == null) {
                continue;
            }
            int comment = line.indexOf(" #");
            if (comment >= 0) {
                line = line.substring(0, comment).strip();
            }
            boolean continues = line.endsWith("\\");
            pending.append(' ').append(continues ? line.substring(0, line.length() - 1) : line);
            if (!continues && pending.indexOf("[") >= 0) {
                pending = null;
            } else if (!continues) {
                List<String> words = new ArrayList<>(Arrays.asList(pending.toString().strip().split("\\s+")));
                words.remove(0); // ./citybrain
                commands.add(words);
                pending = null;
            }
        }
        return commands;
    }

    /**
     * The example made fit for a test: scenario paths from the project, outputs into {@code tmp},
     * at most {@code steps} steps.
     */
    static String[] forTest(List<String> example, Path tmp, int steps) {
        List<String> args = new ArrayList<>();
        boolean sawSteps = false;
        for (int i = 0; i < example.size(); i++) {
            String a = example.get(i);
            String previous = i > 0 ? example.get(i - 1) : "";
            if (previous.equals("--steps")) {
                a = Integer.toString(steps);
                sawSteps = true;
            } else if (previous.equals("--report") || previous.equals("--out") || previous.equals("--detectors")
                    || previous.equals("--json")) {
                a = tmp.resolve(a).toString();
            } else if (a.startsWith("scenarios/")) {
                a = ProjectHome.root().resolve(a).toString();
            }
            args.add(a);
        }
        if (!sawSteps && List.of("simulate", "evaluate").contains(example.get(0))) {
            args.add("--steps");
            args.add(Integer.toString(steps));
        }
        return args.toArray(String[]::new);
    }
}
