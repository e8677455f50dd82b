package org.citybrain.hub.store.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.citybrain.hub.ingest.Device;
import org.citybrain.hub.ingest.DeviceAuthenticationException;
import org.citybrain.hub.ingest.DeviceRegistry;
import org.junit.jupiter.api.Test;

/** The device registry on PostgreSQL: the rules of DeviceRegistryTest, and two hubs on one database. */
class PostgresDevicesIT extends OnTestDatabase {
    private static final Device LOOP = Device.of("loop-7", "urn:ngsi-ld:TrafficFlowObserved:road-1", "TrafficFlowObserved")
            .withMapping(Map.of("spd", "averageVehicleSpeed"));

    private DeviceRegistry hub() {
        return DeviceRegistry.on(new PostgresDevices(database));
    }

    @Test
    void theIssuedTokenAuthenticatesItsDeviceAndNothingElseDoes() {
        DeviceRegistry registry = hub();
        String token = registry.register(LOOP).token();
        assertThat(registry.authenticate("loop-7", token).attributeFor("spd")).isEqualTo("averageVehicleSpeed");
        assertThatThrownBy(() -> registry.authenticate("loop-7", token + "x")).isInstanceOf(DeviceAuthenticationException.class);
        assertThatThrownBy(() -> registry.authenticate("loop-9", token)).isInstanceOf(DeviceAuthenticationException.class);
    }

    @Test
    void theDatabaseHoldsASaltedHashNeverTheTokenAndItSurvivesReopening() throws SQLException {
        String token = hub().register(LOOP).token();
        PostgresOptions o = schema.options();
        try (Connection c = DriverManager.getConnection(o.url(), o.user(), o.password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT body FROM " + o.schema() + ".citybrain_device")) {
            rs.next();
            assertThat(rs.getString(1)).doesNotContain(token).contains("sha256").contains("salt");
        }
        assertThat(hub().authenticate("loop-7", token).id()).isEqualTo("loop-7");
    }

    @Test
    void aDeviceOneHubRegisteredIsKnownToTheOtherAndCannotBeRegisteredThereAgain() {
        DeviceRegistry a = hub();
        DeviceRegistry b = hub(); // opened before the registration
        String token = a.register(LOOP).token();
        assertThat(b.authenticate("loop-7", token).entityType()).isEqualTo("TrafficFlowObserved");
        DeviceRegistry c = hub();
        assertThat(c.devices()).extracting(Device::id).containsExactly("loop-7");
        DeviceRegistry d = hub();
        d.register(LOOP.withId("loop-8"));
        assertThatThrownBy(() -> b.register(LOOP.withId("loop-8"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already registered");
        assertThat(b.devices()).extracting(Device::id).containsExactly("loop-7", "loop-8");
    }
}
