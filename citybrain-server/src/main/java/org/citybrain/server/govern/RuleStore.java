package org.citybrain.server.govern;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.citybrain.govern.rules.Rule;
import org.citybrain.govern.rules.RuleEngine;
import org.citybrain.govern.rules.RuleException;
import org.citybrain.govern.rules.RuleJson;
import org.citybrain.hub.auth.AtomicFiles;

/**
 * The early-warning rules of the server: kept in {@code govern/rules.json} in the data directory
 * (written whole, atomically, on every change; edited by hand while the server is stopped, or
 * through the API), and applied to the engine at once.
 */
final class RuleStore {
    private final Path file;
    private final RuleEngine engine;

    RuleStore(Path file, RuleEngine engine) {
        this.file = file;
        this.engine = engine;
    }

    /** The rules in {@code file}, none if it does not exist. */
    static List<Rule> load(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return RuleJson.readSet(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the rules: " + e.getMessage(), e);
        }
    }

    synchronized List<Rule> rules() {
        return engine.rules();
    }

    synchronized void replace(List<Rule> rules) {
        save(rules);
        engine.replaceRules(rules, Instant.now());
    }

    /** Adds a rule, or replaces the one with its id. */
    synchronized boolean put(Rule rule) {
        List<Rule> next = new ArrayList<>(engine.rules());
        boolean replaced = next.removeIf(r -> r.id().equals(rule.id()));
        next.add(rule);
        replace(next);
        return replaced;
    }

    synchronized void remove(String id) {
        List<Rule> next = new ArrayList<>(engine.rules());
        if (!next.removeIf(r -> r.id().equals(id))) {
            throw new RuleException("no rule '" + id + "'");
        }
        replace(next);
    }

    private void save(List<Rule> rules) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.replace(file, RuleJson.writeSet(rules).toPrettyString().getBytes(StandardCharsets.UTF_8));
    }
}
