package org.citybrain.server.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.Property;
import org.citybrain.server.context.RenderedEntities.Form;
import org.junit.jupiter.api.Test;

class RenderedEntitiesTest {
    private final AtomicInteger renders = new AtomicInteger();

    private static Entity sensor(int id, int temperature) {
        return new Entity(URI.create("urn:ngsi-ld:Sensor:" + id), "Sensor",
                Map.of("temperature", Property.of(IntNode.valueOf(temperature))), org.citybrain.hub.entity.JsonLdContext.EMPTY,
                java.util.Optional.empty(), java.util.Optional.empty());
    }

    private byte[] get(RenderedEntities cache, Entity entity, Form form) {
        return cache.get(entity, form, () -> {
            renders.incrementAndGet();
            return (form + ":" + entity).getBytes(StandardCharsets.UTF_8);
        });
    }

    @Test
    void theSameEntityIsRenderedOncePerForm() {
        RenderedEntities cache = new RenderedEntities(1 << 20);
        Entity e = sensor(1, 20);
        byte[] first = get(cache, e, Form.NORMALIZED);
        assertThat(get(cache, e, Form.NORMALIZED)).isSameAs(first);
        byte[] keyValues = get(cache, e, Form.KEY_VALUES);
        assertThat(new String(keyValues, StandardCharsets.UTF_8)).startsWith("KEY_VALUES:");
        assertThat(get(cache, e, Form.NORMALIZED)).isSameAs(first);
        assertThat(get(cache, e, Form.KEY_VALUES)).isSameAs(keyValues);
        assertThat(renders).hasValue(2);
        assertThat(cache.hits()).isEqualTo(3);
        assertThat(cache.misses()).isEqualTo(2);
    }

    @Test
    void anEqualCopyIsServedFromTheCacheButAChangedEntityIsRenderedAgain() {
        RenderedEntities cache = new RenderedEntities(1 << 20);
        byte[] first = get(cache, sensor(1, 20), Form.NORMALIZED);
        assertThat(get(cache, sensor(1, 20), Form.NORMALIZED)).isSameAs(first);
        byte[] changed = get(cache, sensor(1, 21), Form.NORMALIZED);
        assertThat(new String(changed, StandardCharsets.UTF_8)).contains("21");
        assertThat(renders).hasValue(2);
        // the old version's other forms are gone with it: nothing of version 20 is served for 21
        assertThat(new String(get(cache, sensor(1, 21), Form.KEY_VALUES), StandardCharsets.UTF_8)).contains("21");
        assertThat(renders).hasValue(3);
        // and going back renders again rather than trusting anything kept
        assertThat(new String(get(cache, sensor(1, 20), Form.NORMALIZED), StandardCharsets.UTF_8)).contains("20");
        assertThat(renders).hasValue(4);
    }

    @Test
    void forgettingDropsTheEntryAndItsBytes() {
        RenderedEntities cache = new RenderedEntities(1 << 20);
        Entity e = sensor(1, 20);
        get(cache, e, Form.NORMALIZED);
        assertThat(cache.bytes()).isGreaterThan(RenderedEntities.ENTRY_OVERHEAD);
        cache.forget(e.id());
        assertThat(cache.bytes()).isZero();
        assertThat(cache.size()).isZero();
        get(cache, e, Form.NORMALIZED);
        assertThat(renders).hasValue(2);
    }

    @Test
    void theBytesKeptStayWithinTheLimit() {
        int limit = 64 * 1024;
        RenderedEntities cache = new RenderedEntities(limit);
        for (int i = 0; i < 5_000; i++) {
            get(cache, sensor(i, i % 40), Form.NORMALIZED);
            assertThat(cache.bytes()).isLessThanOrEqualTo(limit);
        }
        assertThat(cache.size()).isPositive().isLessThan(5_000);
        long entryBytes = RenderedEntities.ENTRY_OVERHEAD + get(cache, sensor(4_999, 4_999 % 40), Form.NORMALIZED).length;
        assertThat(cache.bytes()).isGreaterThanOrEqualTo(limit / 2 - entryBytes);
    }

    @Test
    void noRoomKeepsNothing() {
        RenderedEntities cache = new RenderedEntities(0);
        Entity e = sensor(1, 20);
        get(cache, e, Form.NORMALIZED);
        get(cache, e, Form.NORMALIZED);
        assertThat(renders).hasValue(2);
        assertThat(cache.size()).isZero();
        assertThatThrownBy(() -> new RenderedEntities(-1)).hasMessageContaining("citybrain.entity-cache-bytes");
    }
}
