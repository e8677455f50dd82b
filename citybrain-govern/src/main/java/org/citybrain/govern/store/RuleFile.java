package org.citybrain.govern.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.citybrain.govern.rules.Rule;
import org.citybrain.govern.rules.RuleJson;
import org.citybrain.hub.store.AtomicFiles;

/**
 * The rules in one JSON file ({@code {"rules": [...]}}, docs/governance.md), read once when
 * opened, written whole and atomically on every change: edited by hand while the server is
 * stopped, or through the API.
 */
public final class RuleFile implements RuleDefinitions {
    private final Path file;
    private List<Rule> rules;

    private RuleFile(Path file, List<Rule> rules) {
        this.file = file;
        this.rules = List.copyOf(rules);
    }

    /**
     * The rules in {@code file}, none if it does not exist (it is created by the first change).
     *
     * @throws org.citybrain.govern.rules.RuleException if a rule is invalid, with its JSON path
     */
    public static RuleFile open(Path file) {
        if (!Files.exists(file)) {
            return new RuleFile(file, List.of());
        }
        try {
            return new RuleFile(file, RuleJson.readSet(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the rules: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<Rule> all() {
        return rules;
    }

    @Override
    public synchronized void replaceAll(List<Rule> next) {
        List<Rule> copy = List.copyOf(next);
        AtomicFiles.replace(file, RuleJson.writeSet(copy).toPrettyString().getBytes(StandardCharsets.UTF_8));
        rules = copy;
    }

    @Override
    public synchronized boolean put(Rule rule) {
        List<Rule> next = new ArrayList<>(rules);
        boolean replaced = next.removeIf(r -> r.id().equals(rule.id()));
        next.add(rule);
        replaceAll(next);
        return replaced;
    }

    @Override
    public synchronized boolean remove(String id) {
        List<Rule> next = new ArrayList<>(rules);
        if (!next.removeIf(r -> r.id().equals(id))) {
            return false;
        }
        replaceAll(next);
        return true;
    }
}
