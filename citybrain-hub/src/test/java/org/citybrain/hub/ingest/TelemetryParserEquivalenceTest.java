package org.citybrain.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.citybrain.hub.entity.NgsiLdException;
import org.citybrain.hub.store.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming {@link TelemetryParser} against the tree reader it replaced
 * ({@link TreeTelemetryParser}): for every payload, the same readings (value text byte for byte)
 * or the same error (type, code, path, message).
 */
class TelemetryParserEquivalenceTest {
    private static final Instant NOW = Instant.parse("2025-05-01T08:00:00Z");
    private static final long TS = NOW.toEpochMilli();
    private static final Device DEVICE = Device.of("loop-7", "urn:ngsi-ld:TrafficFlowObserved:road-1", "TrafficFlowObserved");
    private static final Device MAPPED = DEVICE.withMapping(Map.of("spd", "averageVehicleSpeed", "odd", "bad name",
            "r", "refRoad", "i", "id"));
    private static final Device BAD_TYPE = Device.of("loop-8", "urn:ngsi-ld:X:1", "Bad Type");
    private static final IngestOptions OPTIONS = new IngestOptions(ZoneId.of("Europe/Madrid"), 1 << 16, 40, Duration.ofMinutes(10));

    private static final String[] VALUES = {
        "12", "-0", "0", "2147483647", "2147483648", "-9223372036854775808", "9223372036854775808",
        "123456789012345678901234567890", "48.5", "-0.0", "1e3", "1E-7", "0.1", "1.0", "3.141592653589793238",
        "1e400", "-1e400", "1e-400", "true", "false", "null", "\"ok\"", "\"\"", "\"a\\\"b\\\\c\\n\\t\\u0001\\u001f\\u007f\"",
        "\"é ü 中 \\ud83d\\ude00\"", "\"/slash\"", "\"2025-05-01T10:00:00\"", "\"2025-05-01T10:00:00Z\"",
        "\"2025-05-01T10:00\"", "\"1234-67-90T12345\"", "\"urn:ngsi-ld:RoadSegment:1\"", "\"not a uri\"",
        "{\"type\": \"Point\", \"coordinates\": [-3.7, 40.4]}", "{\"type\": \"Point\", \"coordinates\": [500, 1]}",
        "{\"@type\": \"DateTime\", \"@value\": \"2025-05-01T10:00:00\"}", "{\"a\": {\"b\": [1, 2.5, null]}}",
        "[1, 2]", "[\"urn:a:1\", \"urn:b:2\"]", "[]", "{}",
    };
    private static final String[] KEYS = {
        "intensity", "spd", "averageVehicleSpeed", "refRoad", "r", "bad name", "odd", "@context", "id", "i", "type",
        "createdAt", "pm2.5", "no-2", "x:y", "\u00e9t\u00e9", "a'b", "",
    };
    private static final String[] TS_VALUES = {
        Long.toString(TS), Long.toString(TS - 1), "0", "-1", "1.5", "\"yesterday\"", "null", "true", "{}", "[1]",
        Long.toString(TS + Duration.ofHours(1).toMillis()), "99999999999999999999", "1e3",
    };

    private final TelemetryParser fast = new TelemetryParser(OPTIONS);
    private final TreeTelemetryParser reference = new TreeTelemetryParser(OPTIONS);

    @Test
    void everyValueKeyAndTimeReadsAsTheTreeReaderReadsIt() {
        for (Device device : List.of(DEVICE, MAPPED, BAD_TYPE)) {
            for (String key : KEYS) {
                for (String value : VALUES) {
                    String reading = "{\"ts\": " + TS + ", \"values\": {\"" + key.replace("'", "'") + "\": " + value + "}}";
                    assertSame(reading, device);
                    assertSame("[" + reading + "]", device);
                    assertSame("[" + reading + ", " + reading.replace(Long.toString(TS), Long.toString(TS - 5)) + "]", device);
                }
            }
            for (String ts : TS_VALUES) {
                assertSame("[{\"ts\": " + ts + ", \"values\": {\"a\": 1}}]", device);
                assertSame("{\"ts\": " + ts + ", \"values\": {\"a\": 1}}", device);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[", "[{", "[]", "[] []", "[{}] x", "[1]", "[null]", "[[]]", "[{\"ts\": 1}]", "[{\"values\": {\"a\": 1}}]",
        "[{\"ts\": 1, \"values\": {\"a\": 1}}, 5]", "[{\"ts\": 1, \"values\": {\"a\": null}}, {\"ts\": ]",
        "[{\"ts\": 1, \"values\": {\"a\": null}}, {\"x\": 1}] trailing", "[{\"ts\": 1, \"ts\": 2, \"values\": {\"a\": 1}}]",
        "[{\"values\": {\"a\": 1}, \"values\": 5, \"ts\": 1}]", "[{\"values\": 5, \"values\": {\"a\": 1}, \"ts\": 1}]",
        "[{\"ts\": 1, \"values\": {\"a\": 1, \"b\": 2, \"a\": 3}}]", "[{\"extra\": 1, \"ts\": \"x\", \"values\": 7}]",
        "[{\"ts\": 1, \"values\": {\"spd\": 1, \"averageVehicleSpeed\": 2}}]", "[{\"ts\": 1, \"values\": {}}]",
        "[{\"ts\": 1, \"values\": null}]", "{\"ts\": 1, \"values\": {\"a\": 1}}", "{\"ts\": 1,", "42", "\"x\"", "",
        " [ {\"ts\" : 1 , \"values\" : {\"a\" : 1} } ] ", "[{\"ts\": 1, \"values\": {\"a\": 1}},]",
        "{\"speed\": {\"type\": \"Property\", \"value\": 1, \"observedAt\": \"2025-05-01T07:00:00Z\"}}",
    })
    void edgeCasesReadAsTheTreeReaderReadsThem(String payload) {
        assertSame(payload, DEVICE);
        assertSame(payload, MAPPED);
    }

    @Test
    void randomPayloadsReadAsTheTreeReaderReadsThem() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        System.out.println("TelemetryParserEquivalenceTest seed " + seed);
        for (int n = 0; n < 3_000; n++) {
            StringBuilder json = new StringBuilder("[");
            int readings = 1 + random.nextInt(6);
            for (int r = 0; r < readings; r++) {
                json.append(r == 0 ? "" : ",").append("{\"ts\": ")
                        .append(random.nextInt(30) == 0 ? TS_VALUES[random.nextInt(TS_VALUES.length)] : Long.toString(TS - random.nextInt(5)))
                        .append(", \"values\": {");
                int values = 1 + random.nextInt(5);
                for (int v = 0; v < values; v++) {
                    String key = random.nextInt(4) == 0 ? KEYS[random.nextInt(KEYS.length)] : "k" + random.nextInt(8);
                    String value = random.nextInt(3) == 0 ? VALUES[random.nextInt(VALUES.length)] : Double.toString(random.nextGaussian() * 1e3);
                    json.append(v == 0 ? "" : ",").append('"').append(key).append("\": ").append(value);
                }
                json.append("}}");
            }
            json.append(']');
            String payload = json.toString();
            Device device = random.nextBoolean() ? DEVICE : MAPPED;
            assertSame(payload, device);
            assertSame(payload.substring(1, payload.length() - 1), device);
        }
    }

    private void assertSame(String payload, Device device) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        Object expected = outcome(() -> reference.parse(bytes, device, NOW));
        Object actual = outcome(() -> fast.parse(bytes, device, NOW));
        assertThat(actual).as("%s from device %s", payload, device.id()).isEqualTo(expected);
    }

    private static Object outcome(java.util.function.Supplier<List<Reading>> parse) {
        try {
            return parse.get();
        } catch (NgsiLdException e) {
            return List.of(e.getClass().getName(), e.code(), e.jsonPath(), e.getMessage());
        } catch (RuntimeException e) {
            return List.of(e.getClass().getName(), String.valueOf(e.getMessage()));
        }
    }
}
