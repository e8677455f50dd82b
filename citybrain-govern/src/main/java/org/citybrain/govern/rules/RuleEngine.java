package org.citybrain.govern.rules;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Evaluates early-warning rules incrementally, one reading at a time: each reading costs a map
 * look-up by attribute, then per matching rule a look-up of its state for the entity and a few
 * comparisons. Nothing is re-scanned; memory is one small state per rule and entity (plus the
 * baseline slots of anomaly rules).
 *
 * <h2>Episodes and alerts</h2>
 * A run of breaching readings is an episode. Once it has lasted the rule's persistence the alert
 * is {@link AlertSink.Change#RAISED RAISED}, once: further breaching readings only update it. The
 * first reading back to normal (or a gap longer than the rule's {@code maxGap}) ends the episode
 * and the alert is {@link AlertSink.Change#CLEARED CLEARED}. A new episode that reaches its
 * persistence within the rule's suppression window after that is folded into the same alert
 * ({@link AlertSink.Change#REOPENED REOPENED}) instead of raising another.
 *
 * <h2>State across restarts</h2>
 * {@link #snapshot} and {@link #restore} carry every rule's state (runs, open episodes, alerts and
 * their suppression windows, baselines, expected entities) across a restart; {@link DurableAlerts}
 * keeps them crash-safe. {@link #replay} evaluates readings again after a restore without counting
 * the ones already seen as out of order.
 *
 * <h2>Order and threads</h2>
 * Readings of one series must arrive in observation order: one observed no later than the
 * previous reading of its series is counted in {@link #outOfOrder()} and ignored. Every method is
 * synchronized; the sink is called on the caller's thread.
 */
public final class RuleEngine {
    private static final long NONE = Long.MIN_VALUE;
    private static final int SNAPSHOT_MAGIC = 0x43425253; // "CBRS"
    private static final int SNAPSHOT_VERSION = 1;
    private static final long HOUR_MILLIS = 3_600_000L;

    private final AlertSink sink;
    private final UnaryOperator<String> names;
    private Map<String, Compiled> byId = new LinkedHashMap<>();
    private Map<String, Compiled[]> byAttribute = new HashMap<>();
    private long readings;
    private long outOfOrder;

    /**
     * @param rules the rules; ids must be unique
     * @param names maps a rule's entity type and attribute to the names readings carry (the hub
     *              stores them expanded); {@code UnaryOperator.identity()} to match them as written
     * @param sink  where alerts go
     */
    public RuleEngine(List<Rule> rules, UnaryOperator<String> names, AlertSink sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.names = Objects.requireNonNull(names, "names");
        replaceRules(rules, Instant.EPOCH);
    }

    public RuleEngine(List<Rule> rules, AlertSink sink) {
        this(rules, UnaryOperator.identity(), sink);
    }

    /** The rules, in the order given. */
    public synchronized List<Rule> rules() {
        List<Rule> out = new ArrayList<>(byId.size());
        byId.values().forEach(c -> out.add(c.rule));
        return out;
    }

    /**
     * Replaces the rules. A rule whose id and definition are unchanged keeps its state (open
     * episodes, baselines); the active alerts of rules removed or changed are cleared at {@code now}.
     *
     * @throws IllegalArgumentException if two rules share an id
     */
    public synchronized void replaceRules(List<Rule> rules, Instant now) {
        Map<String, Compiled> next = new LinkedHashMap<>();
        for (Rule rule : rules) {
            Compiled old = byId.get(rule.id());
            Compiled c = old != null && old.rule.equals(rule) ? old : new Compiled(rule, names);
            if (next.putIfAbsent(rule.id(), c) != null) {
                throw new IllegalArgumentException("two rules have the id '" + rule.id() + "'");
            }
        }
        for (Compiled old : byId.values()) {
            if (next.get(old.rule.id()) != old) {
                for (State s : old.states.values()) {
                    if (s.active) {
                        clear(old, s, now.toEpochMilli());
                    }
                }
            }
        }
        Map<String, List<Compiled>> lists = new HashMap<>();
        next.values().forEach(c -> lists.computeIfAbsent(c.attribute, a -> new ArrayList<>()).add(c));
        Map<String, Compiled[]> index = new HashMap<>();
        lists.forEach((a, l) -> index.put(a, l.toArray(new Compiled[0])));
        byId = next;
        byAttribute = index;
    }

    /** Whether some rule watches {@code attribute} (as the engine names it). */
    public synchronized boolean watches(String attribute) {
        return byAttribute.containsKey(attribute);
    }

    /** Evaluates one reading. A non-finite value is ignored. */
    public void accept(URI entityId, String entityType, String attribute, Instant observedAt, double value) {
        accept(entityId, entityType, attribute, observedAt.toEpochMilli(), value);
    }

    /** As {@link #accept(URI, String, String, Instant, double)}, the time in epoch milliseconds. */
    public synchronized void accept(URI entityId, String entityType, String attribute, long observedAtMillis, double value) {
        evaluate(entityId, entityType, attribute, observedAtMillis, value, false);
    }

    /**
     * Like {@link #accept(URI, String, String, long, double)} for a reading that may have been
     * evaluated already (catching up from the store after a restart or an overload): a rule that
     * has seen a reading of the series at or after it skips it without counting it out of order.
     */
    public synchronized void replay(URI entityId, String entityType, String attribute, long observedAtMillis, double value) {
        evaluate(entityId, entityType, attribute, observedAtMillis, value, true);
    }

    private void evaluate(URI entityId, String entityType, String attribute, long observedAtMillis, double value,
            boolean replay) {
        Compiled[] rules = byAttribute.get(attribute);
        if (rules == null || !Double.isFinite(value)) {
            return;
        }
        boolean counted = !replay;
        if (counted) {
            readings++;
        }
        for (Compiled c : rules) {
            if (c.entityType != null && !c.entityType.equals(entityType)) {
                continue;
            }
            State s = c.states.get(entityId);
            if (s == null) {
                s = new State(entityId, entityType, c.slots);
                c.states.put(entityId, s);
            }
            if (observedAtMillis <= s.lastTime) {
                if (!replay) {
                    outOfOrder++;
                }
                continue;
            }
            if (!counted) {
                readings++;
                counted = true;
            }
            evaluate(c, s, observedAtMillis, value);
            s.lastTime = observedAtMillis;
            s.lastValue = value;
        }
    }

    /**
     * The observation time up to which every rule watching {@code attribute} of this entity has
     * evaluated its readings (the earliest of their latest readings), or empty if some rule has
     * seen none: where to catch up from.
     */
    public synchronized Optional<Instant> evaluatedUntil(URI entityId, String entityType, String attribute) {
        Compiled[] rules = byAttribute.get(attribute);
        if (rules == null) {
            return Optional.empty();
        }
        long until = Long.MAX_VALUE;
        for (Compiled c : rules) {
            if (c.entityType != null && !c.entityType.equals(entityType)) {
                continue;
            }
            State s = c.states.get(entityId);
            if (s == null || s.lastTime == NONE) {
                return Optional.empty();
            }
            until = Math.min(until, s.lastTime);
        }
        return until == Long.MAX_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(until));
    }

    /**
     * Expects readings from an entity that may never have sent one: every absence rule for its
     * type (rules without a type included) watches it from {@code from}, and alerts when nothing
     * arrives for longer than its silence after that. An entity the rule already watches keeps its
     * state. The server calls this for every entity and registered device of a watched type.
     */
    public synchronized void expect(URI entityId, String entityType, Instant from) {
        long t = from.toEpochMilli();
        for (Compiled c : byId.values()) {
            if (c.condition instanceof Condition.Absence
                    && (c.entityType == null || c.entityType.equals(entityType))
                    && !c.states.containsKey(entityId)) {
                State s = new State(entityId, entityType, c.slots);
                s.expectedFrom = t;
                c.states.put(entityId, s);
            }
        }
    }

    /** Stops watching a deleted entity: its active alerts are cleared at {@code now}, its state dropped. */
    public synchronized void forget(URI entityId, Instant now) {
        for (Compiled c : byId.values()) {
            State s = c.states.remove(entityId);
            if (s != null && s.active) {
                clear(c, s, now.toEpochMilli());
            }
        }
    }

    /** An entity some rule holds state for, and its type as the engine names it. */
    public record Watched(URI entityId, String entityType) {
    }

    /** Every entity some rule holds state for, each once. */
    public synchronized List<Watched> watched() {
        Map<URI, Watched> out = new LinkedHashMap<>();
        for (Compiled c : byId.values()) {
            for (State s : c.states.values()) {
                out.putIfAbsent(s.entityId, new Watched(s.entityId, s.entityType));
            }
        }
        return new ArrayList<>(out.values());
    }

    /** The entity types absence rules watch, as the engine names them; empty string for "any type". */
    public synchronized Set<String> absenceTypes() {
        Set<String> out = new TreeSet<>();
        for (Compiled c : byId.values()) {
            if (c.condition instanceof Condition.Absence) {
                out.add(c.entityType == null ? "" : c.entityType);
            }
        }
        return out;
    }

    /**
     * Checks the absence rules at {@code now}: raises an alert for every watched entity silent
     * for longer than its rule allows, including an {@linkplain #expect expected} entity that has
     * never sent a reading (its alert runs from when it was expected). Costs one step per entity watched by an absence rule; call
     * it periodically (the server does every 10 s).
     */
    public synchronized void tick(Instant now) {
        long t = now.toEpochMilli();
        for (Compiled c : byId.values()) {
            if (c.condition instanceof Condition.Absence a) {
                long silence = a.silence().toMillis();
                for (State s : c.states.values()) {
                    // silent since its last reading, or since it was expected if it never sent one
                    long since = s.lastTime != NONE ? s.lastTime : s.expectedFrom;
                    if (!s.active && since != NONE && t - since > silence) {
                        s.runStart = since;
                        s.lastBreach = since;
                        s.count = 0;
                        s.worst = Double.NaN;
                        raiseOrReopen(c, s, t);
                    }
                }
            }
        }
    }

    /** The alerts active now, by rule then entity. */
    public synchronized List<Alert> active() {
        List<Alert> out = new ArrayList<>();
        for (Compiled c : byId.values()) {
            for (State s : c.states.values()) {
                if (s.active) {
                    out.add(alert(c, s, NONE));
                }
            }
        }
        return out;
    }

    /**
     * The state of every rule and entity (open episodes, persistence runs, alerts and their
     * suppression windows, baselines, expected entities), with each rule's definition, as bytes
     * for {@link #restore}. Copies under the engine's lock: about 100 bytes per rule and entity
     * (plus 20 per baseline slot).
     */
    public synchronized byte[] snapshot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(SNAPSHOT_MAGIC);
            out.writeInt(SNAPSHOT_VERSION);
            out.writeInt(byId.size());
            for (Compiled c : byId.values()) {
                writeText(out, RuleJson.write(c.rule).toString());
                out.writeInt(c.states.size());
                for (State s : c.states.values()) {
                    s.write(out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not on a byte array
        }
        return bytes.toByteArray();
    }

    /**
     * Puts back the state a {@link #snapshot} holds, replacing the state of the rules it names. A
     * rule whose definition is the same as in the snapshot gets its state back; the alerts still
     * active of a rule changed or removed since are {@link AlertSink.Change#CLEARED CLEARED} at
     * {@code now}, as {@link #replaceRules} would have done.
     *
     * @return the rules and entities whose state came back
     * @throws RuleException if {@code snapshot} is not one (damaged, or of another version)
     */
    public synchronized int restore(byte[] snapshot, Instant now) {
        int restored = 0;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            if (in.readInt() != SNAPSHOT_MAGIC) {
                throw new RuleException("not a rule state snapshot");
            }
            int version = in.readInt();
            if (version != SNAPSHOT_VERSION) {
                throw new RuleException("rule state snapshot of version " + version + ", this engine reads "
                        + SNAPSHOT_VERSION);
            }
            int rules = in.readInt();
            for (int i = 0; i < rules; i++) {
                String json = readText(in);
                Rule rule = RuleJson.readRule(json, "rule state snapshot");
                Compiled current = byId.get(rule.id());
                boolean same = current != null && RuleJson.write(current.rule).toString().equals(json);
                Compiled into = same ? current : new Compiled(rule, names);
                int states = in.readInt();
                for (int k = 0; k < states; k++) {
                    State s = State.read(in, into.slots);
                    if (same) {
                        into.states.put(s.entityId, s);
                        restored++;
                    } else if (s.active) {
                        clear(into, s, now.toEpochMilli());
                    }
                }
            }
        } catch (IOException e) {
            throw new RuleException("rule state snapshot is damaged: " + e.getMessage());
        }
        return restored;
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readText(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 24) {
            throw new IOException("a text of " + n + " bytes");
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    /** Readings evaluated (those of an attribute some rule watches; a replayed one only if some rule had not seen it). */
    public synchronized long readings() {
        return readings;
    }

    /** Readings ignored because their series had already seen a later one. */
    public synchronized long outOfOrder() {
        return outOfOrder;
    }

    private void evaluate(Compiled c, State s, long t, double v) {
        if (c.condition instanceof Condition.Absence) {
            if (s.active) {
                clear(c, s, t);
            }
            return;
        }
        if (s.runStart != NONE && t - s.lastTime > c.maxGap) {
            // a gap is not evidence of a breach: the episode ends with its last breaching reading
            end(c, s, s.lastBreach);
        }
        double worst;
        boolean breach;
        if (c.condition instanceof Condition.Threshold th) {
            double limit = s.active && th.clearAt().isPresent() ? th.clearAt().getAsDouble() : th.limit();
            breach = th.above() ? v > limit : v < limit;
            worst = v;
        } else if (c.condition instanceof Condition.RateOfChange r) {
            if (s.lastTime == NONE || t - s.lastTime > c.maxGap) {
                return;
            }
            double rate = (v - s.lastValue) * HOUR_MILLIS / (t - s.lastTime);
            breach = r.rising() ? rate > r.perHour() : -rate > r.perHour();
            worst = Math.abs(rate);
        } else {
            Condition.Anomaly a = (Condition.Anomaly) c.condition;
            int slot = c.slot(t);
            double z = Double.NaN;
            if (s.n[slot] >= a.minSamples()) {
                double spread = Math.max(Math.sqrt(s.var[slot]), a.minSpread());
                double diff = v - s.mean[slot];
                z = spread > 0 ? diff / spread : diff == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, diff);
            }
            learn(a, s, slot, v);
            if (Double.isNaN(z)) {
                return;
            }
            breach = switch (a.direction()) {
                case ABOVE -> z > a.sigmas();
                case BELOW -> -z > a.sigmas();
                case EITHER -> Math.abs(z) > a.sigmas();
            };
            worst = z;
        }
        if (!breach) {
            if (s.runStart != NONE) {
                end(c, s, t);
            }
            return;
        }
        if (s.runStart == NONE) {
            s.runStart = t;
            s.count = 0;
            s.worst = worst;
        } else if (c.worse(worst, s.worst)) {
            s.worst = worst;
        }
        s.count++;
        s.lastBreach = t;
        if (s.active) {
            s.alertReadings++;
            if (c.worse(worst, s.alertWorst)) {
                s.alertWorst = worst;
            }
        } else if (t - s.runStart >= c.persistence) {
            raiseOrReopen(c, s, t);
        }
    }

    private static void learn(Condition.Anomaly a, State s, int slot, double v) {
        int n = s.n[slot];
        if (n == 0) {
            s.mean[slot] = v;
            s.var[slot] = 0;
        } else {
            // exponentially weighted, but a plain mean while the slot has seen fewer than 1/rate readings
            double w = Math.max(a.learningRate(), 1.0 / (n + 1));
            double diff = v - s.mean[slot];
            double step = w * diff;
            s.mean[slot] += step;
            s.var[slot] = (1 - w) * (s.var[slot] + diff * step);
        }
        if (n < Integer.MAX_VALUE) {
            s.n[slot] = n + 1;
        }
    }

    private void raiseOrReopen(Compiled c, State s, long t) {
        boolean reopen = s.alertId != null && s.clearedAt != NONE && s.runStart - s.clearedAt <= c.suppression;
        if (reopen) {
            s.reopened++;
            s.alertReadings += s.count;
            if (c.worse(s.worst, s.alertWorst)) {
                s.alertWorst = s.worst;
            }
        } else {
            s.alertId = c.rule.id() + "-" + Integer.toHexString(s.entityId.hashCode()) + "-" + s.runStart;
            s.alertFrom = s.runStart;
            s.alertIssued = t;
            s.alertReadings = s.count;
            s.alertWorst = s.worst;
            s.reopened = 0;
        }
        s.active = true;
        s.clearedAt = NONE;
        sink.accept(reopen ? AlertSink.Change.REOPENED : AlertSink.Change.RAISED, alert(c, s, NONE));
    }

    /** Ends the episode at {@code t}: clears the alert if one was raised. */
    private void end(Compiled c, State s, long t) {
        s.runStart = NONE;
        if (s.active) {
            clear(c, s, t);
        }
    }

    private void clear(Compiled c, State s, long t) {
        s.active = false;
        s.clearedAt = t;
        s.runStart = NONE;
        sink.accept(AlertSink.Change.CLEARED, alert(c, s, t));
    }

    private static Alert alert(Compiled c, State s, long to) {
        return new Alert(s.alertId, c.rule, s.entityId, s.entityType, Instant.ofEpochMilli(s.alertFrom),
                Instant.ofEpochMilli(s.alertIssued), to == NONE ? Optional.empty()
                        : Optional.of(Instant.ofEpochMilli(to)),
                Instant.ofEpochMilli(s.lastBreach == NONE ? s.alertFrom : s.lastBreach), s.alertReadings, s.alertWorst,
                s.reopened);
    }

    /** A rule ready for evaluation: its names mapped, its durations in milliseconds, its states. */
    private static final class Compiled {
        final Rule rule;
        final Condition condition;
        final String entityType;
        final String attribute;
        final long persistence;
        final long maxGap;
        final long suppression;
        final int slots;
        final ZoneRules zone;
        final Map<URI, State> states = new HashMap<>();

        Compiled(Rule rule, UnaryOperator<String> names) {
            this.rule = rule;
            this.condition = rule.condition();
            this.entityType = rule.entityType().map(names).orElse(null);
            this.attribute = names.apply(rule.attribute());
            this.suppression = rule.suppression().toMillis();
            if (condition instanceof Condition.Threshold th) {
                persistence = th.persistence().toMillis();
                maxGap = th.maxGap().toMillis();
            } else if (condition instanceof Condition.RateOfChange r) {
                persistence = r.persistence().toMillis();
                maxGap = r.maxGap().toMillis();
            } else if (condition instanceof Condition.Anomaly a) {
                persistence = a.persistence().toMillis();
                maxGap = a.maxGap().toMillis();
            } else {
                persistence = 0;
                maxGap = Long.MAX_VALUE;
            }
            if (condition instanceof Condition.Anomaly a) {
                slots = a.season().slots;
                zone = a.zone().getRules();
            } else {
                slots = 0;
                zone = ZoneOffset.UTC.getRules();
            }
        }

        /** Whether {@code candidate} is farther from normal than {@code current}. */
        boolean worse(double candidate, double current) {
            if (Double.isNaN(current)) {
                return true;
            }
            if (condition instanceof Condition.Threshold th) {
                return th.above() ? candidate > current : candidate < current;
            }
            if (condition instanceof Condition.Anomaly) {
                return Math.abs(candidate) > Math.abs(current);
            }
            return candidate > current;
        }

        /** The baseline slot of an instant: hour of the day or of the week (Monday 00:00 is 0), local time. */
        int slot(long epochMillis) {
            long local = Math.floorDiv(epochMillis, 1000) + zone.getOffset(Instant.ofEpochMilli(epochMillis)).getTotalSeconds();
            long hours = Math.floorDiv(local, 3600);
            if (slots == 24) {
                return (int) Math.floorMod(hours, 24);
            }
            // 1970-01-01 was a Thursday: shift so that Monday 00:00 is slot 0
            return (int) Math.floorMod(hours + 3 * 24, 168);
        }
    }

    /** What one rule remembers of one entity. */
    private static final class State {
        final URI entityId;
        final String entityType;
        // absence rules: watched from here when the entity has not sent a reading yet
        long expectedFrom = NONE;
        long lastTime = NONE;
        double lastValue = Double.NaN;
        // the current run of breaching readings
        long runStart = NONE;
        long lastBreach = NONE;
        int count;
        double worst = Double.NaN;
        // the alert of the current or last episode
        String alertId;
        boolean active;
        long alertFrom;
        long alertIssued;
        long clearedAt = NONE;
        int alertReadings;
        double alertWorst = Double.NaN;
        int reopened;
        // anomaly baseline per slot, empty for other kinds
        final double[] mean;
        final double[] var;
        final int[] n;

        State(URI entityId, String entityType, int slots) {
            this.entityId = entityId;
            this.entityType = entityType;
            this.mean = new double[slots];
            this.var = new double[slots];
            this.n = new int[slots];
        }

        void write(DataOutputStream out) throws IOException {
            writeText(out, entityId.toString());
            writeText(out, entityType);
            out.writeLong(expectedFrom);
            out.writeLong(lastTime);
            out.writeDouble(lastValue);
            out.writeLong(runStart);
            out.writeLong(lastBreach);
            out.writeInt(count);
            out.writeDouble(worst);
            out.writeBoolean(alertId != null);
            if (alertId != null) {
                writeText(out, alertId);
            }
            out.writeBoolean(active);
            out.writeLong(alertFrom);
            out.writeLong(alertIssued);
            out.writeLong(clearedAt);
            out.writeInt(alertReadings);
            out.writeDouble(alertWorst);
            out.writeInt(reopened);
            out.writeInt(n.length);
            for (int i = 0; i < n.length; i++) {
                out.writeDouble(mean[i]);
                out.writeDouble(var[i]);
                out.writeInt(n[i]);
            }
        }

        static State read(DataInputStream in, int slots) throws IOException {
            State s = new State(URI.create(readText(in)), readText(in), slots);
            s.expectedFrom = in.readLong();
            s.lastTime = in.readLong();
            s.lastValue = in.readDouble();
            s.runStart = in.readLong();
            s.lastBreach = in.readLong();
            s.count = in.readInt();
            s.worst = in.readDouble();
            s.alertId = in.readBoolean() ? readText(in) : null;
            s.active = in.readBoolean();
            s.alertFrom = in.readLong();
            s.alertIssued = in.readLong();
            s.clearedAt = in.readLong();
            s.alertReadings = in.readInt();
            s.alertWorst = in.readDouble();
            s.reopened = in.readInt();
            int stored = in.readInt();
            for (int i = 0; i < stored; i++) {
                double mean = in.readDouble();
                double var = in.readDouble();
                int n = in.readInt();
                if (i < slots) {
                    s.mean[i] = mean;
                    s.var[i] = var;
                    s.n[i] = n;
                }
            }
            return s;
        }
    }
}
