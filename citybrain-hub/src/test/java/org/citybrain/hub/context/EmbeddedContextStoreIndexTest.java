package org.citybrain.hub.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.Property;
import org.citybrain.hub.store.WalStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store keeps each entity in three places — the ordered map that listings walk, the
 * hash index that look-ups by id use, the set of ids of each type — and every write path must keep
 * them the same: writers on their own ids create, delete, replace and append, one by one and in
 * batches, while readers look entities up; then every id's look-up, the whole listing and each
 * type's listing must agree with what the writers were told, also after reopening (the log's
 * replay fills them again).
 */
class EmbeddedContextStoreIndexTest {
    private static final int WRITERS = 4;
    private static final int IDS_PER_WRITER = 24;
    private static final int OPERATIONS = 400;
    private static final List<String> TYPES = List.of("Sensor", "Parking");

    @TempDir
    Path dir;

    private static URI id(int writer, int n) {
        return URI.create("urn:ngsi-ld:Thing:w" + writer + "-" + n);
    }

    private static Entity entity(URI id, String type, int value) {
        return Entity.of(id, type).withAttribute("value", Property.of(value));
    }

    @Test
    void lookUpsListingsAndTypesAgreeAfterEveryKindOfWriteAndAfterReopening() throws Exception {
        long seed = new Random().nextLong();
        System.out.println("EmbeddedContextStoreIndexTest seed " + seed);
        Map<URI, String> expected = new ConcurrentHashMap<>(); // id -> type of the entities that exist
        try (WalStore readings = WalStore.open(dir.resolve("wal"))) {
            try (EmbeddedContextStore store = EmbeddedContextStore.open(dir.resolve("context"), readings, Clock.systemUTC())) {
                AtomicBoolean writing = new AtomicBoolean(true);
                Parallel.run(WRITERS + 2, t -> {
                    if (t >= WRITERS) {
                        read(store, writing, new Random(seed + t));
                        return;
                    }
                    try {
                        write(store, t, new Random(seed + t), expected);
                    } finally {
                        if (t == 0) {
                            writing.set(false);
                        }
                    }
                });
                assertAgree(store, expected, "seed " + seed + ", after the writes");
            }
            try (EmbeddedContextStore store = EmbeddedContextStore.open(dir.resolve("context"), readings, Clock.systemUTC())) {
                assertAgree(store, expected, "seed " + seed + ", after reopening");
            }
        }
    }

    /** One writer's random writes to its own ids, each checked against what it expects. */
    private static void write(EmbeddedContextStore store, int writer, Random random, Map<URI, String> expected) {
        for (int op = 0; op < OPERATIONS; op++) {
            List<URI> ids = new ArrayList<>();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                URI id = id(writer, random.nextInt(IDS_PER_WRITER));
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            }
            URI id = ids.get(0);
            String type = expected.getOrDefault(id, TYPES.get(random.nextInt(TYPES.size())));
            switch (random.nextInt(5)) {
                case 0 -> {
                    if (!expected.containsKey(id)) {
                        store.create(entity(id, type, op));
                        expected.put(id, type);
                    }
                }
                case 1 -> {
                    if (expected.containsKey(id)) {
                        store.delete(id);
                        expected.remove(id);
                    }
                }
                case 2 -> {
                    List<Entity> batch = new ArrayList<>();
                    for (URI each : ids) {
                        batch.add(entity(each, expected.getOrDefault(each, type), op));
                    }
                    BatchOperation how = random.nextBoolean() ? BatchOperation.UPSERT_REPLACE : BatchOperation.UPSERT_UPDATE;
                    assertThat(store.batch(how, batch).errors()).isEmpty();
                    batch.forEach(e -> expected.put(e.id(), e.type()));
                }
                case 3 -> {
                    store.batchDelete(ids);
                    ids.forEach(expected::remove);
                }
                default -> {
                    if (expected.containsKey(id)) {
                        store.append(id, Entity.of(id, type).withAttribute("extra", Property.of(op)), false);
                    }
                }
            }
        }
    }

    /** Looks entities up and lists them while the writers run: whatever is found is the entity asked for. */
    private static void read(EmbeddedContextStore store, AtomicBoolean writing, Random random) {
        while (writing.get()) {
            URI id = id(random.nextInt(WRITERS), random.nextInt(IDS_PER_WRITER));
            store.find(id).ifPresent(e -> assertThat(e.id()).isEqualTo(id));
            for (Entity e : store.query(query(Set.of(TYPES.get(random.nextInt(TYPES.size()))), Set.of(id))).entities()) {
                assertThat(e.id()).isEqualTo(id);
            }
        }
    }

    private static EntityQuery query(Set<String> types, Set<URI> ids) {
        return new EntityQuery(types, ids, Optional.empty(), Set.of(), Optional.empty(), 0, 1000, true);
    }

    private static void assertAgree(EmbeddedContextStore store, Map<URI, String> expected, String when) {
        for (int w = 0; w < WRITERS; w++) {
            for (int n = 0; n < IDS_PER_WRITER; n++) {
                URI id = id(w, n);
                assertThat(store.find(id).map(Entity::type)).as("look-up of %s, %s", id, when)
                        .isEqualTo(Optional.ofNullable(expected.get(id)));
            }
        }
        assertThat(ids(store.query(query(Set.of(), Set.of())).entities())).as("listing, %s", when)
                .isEqualTo(new TreeMap<>(expected).keySet().stream().toList());
        for (String type : TYPES) {
            List<URI> ofType = new TreeMap<>(expected).entrySet().stream().filter(e -> e.getValue().equals(type))
                    .map(Map.Entry::getKey).toList();
            assertThat(ids(store.query(query(Set.of(type), Set.of())).entities())).as("listing of %s, %s", type, when)
                    .isEqualTo(ofType);
        }
    }

    private static List<URI> ids(List<Entity> entities) {
        return entities.stream().map(Entity::id).toList();
    }
}
