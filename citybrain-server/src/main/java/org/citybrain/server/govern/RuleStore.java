package org.citybrain.server.govern;

import java.time.Instant;
import java.util.List;
import org.citybrain.govern.rules.Rule;
import org.citybrain.govern.rules.RuleEngine;
import org.citybrain.govern.rules.RuleException;
import org.citybrain.govern.store.RuleDefinitions;

/**
 * The early-warning rules of the server: kept in {@link RuleDefinitions} ({@code govern/rules.json}
 * in the data directory, or PostgreSQL in production mode), and applied to the engine at once. A
 * change made on another server sharing the database reaches this one's engine at the next
 * {@link #refresh} (the govern timer's, every 10 s).
 */
final class RuleStore {
    private final RuleDefinitions definitions;
    private final RuleEngine engine;

    RuleStore(RuleDefinitions definitions, RuleEngine engine) {
        this.definitions = definitions;
        this.engine = engine;
    }

    synchronized List<Rule> rules() {
        return engine.rules();
    }

    synchronized void replace(List<Rule> rules) {
        definitions.replaceAll(rules);
        engine.replaceRules(rules, Instant.now());
    }

    /** Adds a rule, or replaces the one with its id. */
    synchronized boolean put(Rule rule) {
        boolean replaced = definitions.put(rule);
        engine.replaceRules(definitions.all(), Instant.now());
        return replaced;
    }

    synchronized void remove(String id) {
        if (!definitions.remove(id)) {
            throw new RuleException("no rule '" + id + "'");
        }
        engine.replaceRules(definitions.all(), Instant.now());
    }

    /** Gives the engine the stored rules if they differ from its own (rules unchanged keep their state). */
    synchronized void refresh() {
        List<Rule> stored = definitions.all();
        if (!stored.equals(engine.rules())) {
            engine.replaceRules(stored, Instant.now());
        }
    }
}
