package org.citybrain.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
