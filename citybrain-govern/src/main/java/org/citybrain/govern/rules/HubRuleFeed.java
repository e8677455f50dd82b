package org.citybrain.govern.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.citybrain.hub.context.EntityChange;
import org.citybrain.hub.ingest.Ingestor;
import org.citybrain.hub.store.Reading;
import org.citybrain.hub.store.SeriesKey;

/**
 * Feeds the rules engine from the hub: a {@link org.citybrain.hub.context.ChangeFeed} listener
 * that, for every telemetry change, reads the attribute's readings that arrived since the last
 * one it evaluated (so a change the feed dropped under overload is caught up with by the next
 * one) and hands each numeric value to the engine in observation order.
 *
 * <p>Names: the hub stores attribute and type names expanded; rules name them by their term.
 * A reading's name is matched by its last segment (after the last {@code /} or {@code #}), so
 * {@code pm25} matches {@code https://smart-data-models.github.io/data-models/terms.jsonld#/definitions/pm25}
 * and {@code https://uri.etsi.org/ngsi-ld/default-context/pm25} alike.
 *
 * <p>Readings observed before {@code since} are never evaluated: a restarted server does not
 * raise the alerts of old history again.
 */
public final class HubRuleFeed implements Consumer<EntityChange> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant FAR_FUTURE = Instant.parse("9999-01-01T00:00:00Z");

    private final Ingestor ingestor;
    private final RuleEngine engine;
    private final Instant since;
    private final Map<SeriesKey, Instant> evaluated = new HashMap<>();
    private final Map<String, String> terms = new HashMap<>();

    public HubRuleFeed(Ingestor ingestor, RuleEngine engine, Instant since) {
        this.ingestor = Objects.requireNonNull(ingestor, "ingestor");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.since = Objects.requireNonNull(since, "since");
    }

    @Override
    public synchronized void accept(EntityChange change) {
        if (change.kind() != EntityChange.Kind.UPDATED) {
            return;
        }
        String type = term(change.type());
        for (String attribute : change.attributes()) {
            String name = term(attribute);
            if (!engine.watches(name)) {
                continue;
            }
            SeriesKey key = new SeriesKey(change.id(), attribute);
            Instant from = evaluated.getOrDefault(key, since);
            List<Reading> readings = ingestor.history(change.id(), attribute, from, FAR_FUTURE);
            Instant last = from;
            for (Reading r : readings) {
                if (r.observedAt().equals(from) && evaluated.containsKey(key)) {
                    continue; // evaluated last time
                }
                engine.accept(change.id(), type, name, r.observedAt(), numericValue(r.value()));
                last = r.observedAt();
            }
            evaluated.put(key, last);
        }
    }

    private String term(String name) {
        String t = terms.get(name);
        if (t == null) {
            int cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('#'));
            t = cut < 0 ? name : name.substring(cut + 1);
            if (terms.size() < 100_000) {
                terms.put(name, t);
            }
        }
        return t;
    }

    /** The number in a reading's normalized JSON ({@code {"type":"Property","value":12.5}}), or NaN. */
    static double numericValue(String json) {
        int at = json.indexOf("\"value\":");
        if (at >= 0) {
            int start = at + 8;
            int end = start;
            while (end < json.length() && "+-.0123456789eE".indexOf(json.charAt(end)) >= 0) {
                end++;
            }
            if (end > start && end < json.length() && (json.charAt(end) == ',' || json.charAt(end) == '}')) {
                try {
                    return Double.parseDouble(json.substring(start, end));
                } catch (NumberFormatException e) {
                    // not a plain number after all: read it properly below
                }
            }
        }
        try {
            JsonNode v = JSON.readTree(json).path("value");
            return v.isNumber() ? v.asDouble() : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }


}
