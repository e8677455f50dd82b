package org.citybrain.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceRegistryTest {
    private static final Device LOOP = Device.of("loop-7", "urn:ngsi-ld:TrafficFlowObserved:road-1", "TrafficFlowObserved")
            .withMapping(Map.of("spd", "averageVehicleSpeed"));

    @TempDir
    Path dir;

    @Test
    void theIssuedTokenAuthenticatesItsDevice() {
        DeviceRegistry registry = DeviceRegistry.inMemory();
        DeviceRegistry.Registration registration = registry.register(LOOP);
        assertThat(registration.token()).hasSize(43);
        assertThat(registry.authenticate("loop-7", registration.token())).isEqualTo(LOOP);
        assertThat(registration.toString()).doesNotContain(registration.token());
    }

    @Test
    void aWrongTokenAnUnknownDeviceAndAnotherDevicesTokenAreRejectedAlike() {
        DeviceRegistry registry = DeviceRegistry.inMemory();
        String token = registry.register(LOOP).token();
        String other = registry.register(Device.of("loop-8", "urn:ngsi-ld:X:8", "X")).token();

        assertThatThrownBy(() -> registry.authenticate("loop-7", token + "x"))
                .isInstanceOf(DeviceAuthenticationException.class).hasMessage("unknown device or wrong token: loop-7");
        assertThatThrownBy(() -> registry.authenticate("loop-7", other)).isInstanceOf(DeviceAuthenticationException.class);
        assertThatThrownBy(() -> registry.authenticate("loop-9", token)).isInstanceOf(DeviceAuthenticationException.class);
        assertThatThrownBy(() -> registry.authenticate("loop-7", null)).isInstanceOf(DeviceAuthenticationException.class);
    }

    @Test
    void aDeviceIdCanBeRegisteredOnlyOnce() {
        DeviceRegistry registry = DeviceRegistry.inMemory();
        registry.register(LOOP);
        assertThatThrownBy(() -> registry.register(LOOP)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already registered");
    }

    @Test
    void theFileHoldsASaltedHashNeverTheTokenAndSurvivesReopening() throws Exception {
        Path file = dir.resolve("devices.json");
        String token1 = DeviceRegistry.open(file).register(LOOP).token();
        DeviceRegistry registry = DeviceRegistry.open(file);
        String token2 = registry.register(LOOP.withMapping(Map.of()).withId("loop-8")).token();

        String onDisk = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(onDisk).doesNotContain(token1).doesNotContain(token2).contains("sha256").contains("salt");

        DeviceRegistry reopened = DeviceRegistry.open(file);
        assertThat(reopened.authenticate("loop-7", token1).attributeFor("spd")).isEqualTo("averageVehicleSpeed");
        assertThat(reopened.authenticate("loop-8", token2).id()).isEqualTo("loop-8");
        assertThatThrownBy(() -> reopened.authenticate("loop-8", token1)).isInstanceOf(DeviceAuthenticationException.class);
    }

    @Test
    void eachRegistrationAppendsOneLineSoTheFileGrowsWithTheDevicesNotTheirSquare() throws Exception {
        Path file = dir.resolve("devices.json");
        DeviceRegistry registry = DeviceRegistry.open(file);
        registry.register(LOOP);
        long oneLine = Files.size(file);
        for (int i = 0; i < 99; i++) {
            registry.register(LOOP.withId("loop-x" + i));
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(100).first().asString().startsWith("{").contains("\"id\":\"loop-7\"");
        assertThat(Files.size(file)).isLessThan(oneLine * 101);
        assertThat(DeviceRegistry.open(file).devices()).hasSize(100);
    }

    @Test
    void aLineCutShortByACrashIsDroppedAndTheNextRegistrationIsReadable() throws Exception {
        Path file = dir.resolve("devices.json");
        String token = DeviceRegistry.open(file).register(LOOP).token();
        Files.writeString(file, "{\"id\":\"loop-9\",\"entityId\":\"urn:ngsi-ld:Tr", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);

        DeviceRegistry reopened = DeviceRegistry.open(file);
        assertThat(reopened.find("loop-9")).isEmpty();
        String token8 = reopened.register(LOOP.withId("loop-8")).token();

        DeviceRegistry again = DeviceRegistry.open(file);
        assertThat(again.authenticate("loop-7", token).id()).isEqualTo("loop-7");
        assertThat(again.authenticate("loop-8", token8).id()).isEqualTo("loop-8");
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(2);
    }

    @Test
    void aDamagedCompleteLineStopsOpeningWithItsLineNumber() throws Exception {
        Path file = dir.resolve("devices.json");
        DeviceRegistry.open(file).register(LOOP);
        Files.writeString(file, "not a device\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        String before = Files.readString(file, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> DeviceRegistry.open(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("devices.json").hasMessageContaining("line 2 is not a device");
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(before);
    }

    @Test
    void aFileInTheEarlierArrayFormIsReadAndRewrittenAsLines() throws Exception {
        Path file = dir.resolve("devices.json");
        DeviceRegistry registry = DeviceRegistry.open(file);
        String token7 = registry.register(LOOP).token();
        String token8 = registry.register(LOOP.withId("loop-8")).token();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Files.writeString(file, "[\n" + lines.get(0) + ",\n" + lines.get(1) + "\n]\n", StandardCharsets.UTF_8);

        DeviceRegistry reopened = DeviceRegistry.open(file);
        assertThat(reopened.authenticate("loop-7", token7).id()).isEqualTo("loop-7");
        assertThat(reopened.authenticate("loop-8", token8).id()).isEqualTo("loop-8");
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).containsExactlyElementsOf(lines);
    }
}
