package org.citybrain.hub.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.Property;
import org.citybrain.hub.ingest.Device;
import org.citybrain.hub.ingest.DeviceRegistry;
import org.citybrain.hub.ingest.IngestOptions;
import org.citybrain.hub.ingest.Ingestor;
import org.citybrain.hub.store.WalStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The change feed: what the writers publish after durability, and that publishing never blocks. */
class ChangeFeedTest {
    static final URI ID = URI.create("urn:ngsi-ld:Road:1");

    @TempDir
    Path dir;

    private static EntityChange next(BlockingQueue<EntityChange> changes) throws InterruptedException {
        EntityChange change = changes.poll(5, TimeUnit.SECONDS);
        assertThat(change).as("a change was published").isNotNull();
        return change;
    }

    @Test
    void theStorePublishesEachWriteWithTheAttributesItChanged() throws Exception {
        BlockingQueue<EntityChange> changes = new LinkedBlockingQueue<>();
        try (ChangeFeed feed = new ChangeFeed(); WalStore readings = WalStore.open(dir.resolve("wal"));
             EmbeddedContextStore store = EmbeddedContextStore.open(dir.resolve("context"), readings,
                     new TestClock(OpenStore.T0), feed)) {
            feed.addListener(changes::add);
            store.create(Entity.of(ID, "Road").withAttribute("speed", Property.of(40)).withAttribute("lanes", Property.of(2)));
            EntityChange created = next(changes);
            assertThat(created.kind()).isEqualTo(EntityChange.Kind.CREATED);
            assertThat(created.attributes()).containsExactlyInAnyOrder("speed", "lanes");
            store.append(ID, Entity.of(ID, "Road").withAttribute("speed", Property.of(41)), false);
            EntityChange appended = next(changes);
            assertThat(appended.kind()).isEqualTo(EntityChange.Kind.UPDATED);
            assertThat(appended.attributes()).containsExactly("speed");
            store.append(ID, Entity.of(ID, "Road").withAttribute("speed", Property.of(41)), false);
            assertThat(next(changes).attributes()).as("the same value again changes no attribute").isEmpty();
            store.deleteAttribute(ID, "lanes");
            assertThat(next(changes).attributes()).containsExactly("lanes");
            store.batch(BatchOperation.UPSERT_UPDATE, List.of(Entity.of(ID, "Road").withAttribute("name", Property.of("A1"))));
            assertThat(next(changes).attributes()).containsExactly("name");
            store.append(ID, Entity.of(ID, "Road").withAttribute("name", Property.of("A2")), true);
            store.delete(ID);
            EntityChange deleted = next(changes);
            assertThat(deleted.kind()).as("noOverwrite changed nothing, so published nothing").isEqualTo(EntityChange.Kind.DELETED);
            assertThat(deleted.type()).isEqualTo("Road");
        }
    }

    @Test
    void theIngestorPublishesOneChangePerPayloadOnceDurable() throws Exception {
        BlockingQueue<EntityChange> changes = new LinkedBlockingQueue<>();
        try (ChangeFeed feed = new ChangeFeed(); WalStore readings = WalStore.open(dir.resolve("wal"))) {
            feed.addListener(changes::add);
            DeviceRegistry devices = DeviceRegistry.open(dir.resolve("devices.json"));
            String token = devices.register(Device.of("d1", ID.toString(), "Road")).token();
            Ingestor ingestor = new Ingestor(devices, readings, IngestOptions.DEFAULTS, java.time.Clock.systemUTC(),
                    java.util.Optional.empty(), feed);
            String payload = "[{\"ts\":1700000000000,\"values\":{\"speed\":40,\"flow\":3}},"
                    + "{\"ts\":1700000001000,\"values\":{\"speed\":41}}]";
            ingestor.accept("d1", token, payload);
            EntityChange change = next(changes);
            assertThat(change.id()).isEqualTo(ID);
            assertThat(change.attributes()).containsExactlyInAnyOrder("speed", "flow");
            ingestor.accept("d1", token, payload);
            assertThat(changes.poll(300, TimeUnit.MILLISECONDS)).as("duplicates only: nothing changed").isNull();
        }
    }

    @Test
    void aFullQueueDropsAndCountsWithoutBlockingTheWriter() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ChangeFeed feed = new ChangeFeed(2)) {
            feed.addListener(c -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            java.util.List<EntityChange> heardDropped = new java.util.concurrent.CopyOnWriteArrayList<>();
            feed.addDropListener(heardDropped::add);
            feed.addDropListener(c -> {
                throw new IllegalStateException("a failing drop listener changes nothing");
            });
            long start = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                feed.publish(new EntityChange(ID, "Road", Set.of("speed"), EntityChange.Kind.UPDATED, System.nanoTime()));
            }
            assertThat(System.nanoTime() - start).as("publishing never waits").isLessThan(TimeUnit.SECONDS.toNanos(1));
            // kept: the one the listener holds, those the dispatcher drained with it, and a full queue
            assertThat(feed.overflowed()).isBetween(100L - 1 - 2 - 2, 100L - 2);
            assertThat(heardDropped).as("each dropped change, told on the publishing thread").hasSize((int) feed.overflowed());
            release.countDown();
        }
    }

    @Test
    void aFailingListenerDoesNotKeepTheOthersFromTheChange() throws Exception {
        BlockingQueue<EntityChange> changes = new LinkedBlockingQueue<>();
        try (ChangeFeed feed = new ChangeFeed()) {
            feed.addListener(c -> {
                throw new IllegalStateException("listener bug");
            });
            feed.addListener(changes::add);
            feed.publish(new EntityChange(ID, "Road", Map.of("a", 1).keySet(), EntityChange.Kind.CREATED, 0));
            assertThat(next(changes).id()).isEqualTo(ID);
        }
    }
}
