package org.citybrain.govern.store;

import java.util.List;
import org.citybrain.govern.rules.Rule;

/**
 * Where the early-warning rules are kept as data: {@link RuleFile} ({@code govern/rules.json} in
 * the data directory) or {@code PostgresRuleDefinitions} (production mode). Only definitions: the
 * engine's evaluation state is not here. Each change is durable when it returns; changes of
 * different rules from two servers never undo each other.
 */
public interface RuleDefinitions {
    /** The rules, in the order they were (last) put. */
    List<Rule> all();

    /** Replaces every rule with {@code rules}. */
    void replaceAll(List<Rule> rules);

    /**
     * Adds {@code rule}, or replaces the one with its id.
     *
     * @return whether one was replaced
     */
    boolean put(Rule rule);

    /**
     * Removes the rule {@code id}.
     *
     * @return whether there was one
     */
    boolean remove(String id);
}
