package org.citybrain.hub.store.pg;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.citybrain.hub.ingest.DeviceRegistry;
import org.citybrain.hub.store.StoreException;

/**
 * The device registry's devices in {@code citybrain_device} (schema {@code postgresql-2.sql}): one
 * row per device, written once, in the JSON of {@link DeviceRegistry.Credentials#toJson()}. The
 * primary key settles two hubs registering one id at once: one insert wins, the other is told the
 * id is taken.
 */
public final class PostgresDevices implements DeviceRegistry.Backend {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PostgresDatabase database;

    public PostgresDevices(PostgresDatabase database) {
        this.database = database;
    }

    @Override
    public List<DeviceRegistry.Credentials> all() {
        return database.read("reading the devices", c -> {
            List<DeviceRegistry.Credentials> result = new ArrayList<>();
            try (PreparedStatement query = c.prepareStatement("SELECT id, body FROM citybrain_device ORDER BY id");
                 ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    result.add(decode(rs.getString(1), rs.getString(2)));
                }
            }
            return result;
        });
    }

    @Override
    public Optional<DeviceRegistry.Credentials> find(String deviceId) {
        return database.read("reading device " + deviceId, c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT id, body FROM citybrain_device WHERE id = ?")) {
                query.setString(1, deviceId);
                try (ResultSet rs = query.executeQuery()) {
                    return rs.next() ? Optional.of(decode(rs.getString(1), rs.getString(2))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean insert(DeviceRegistry.Credentials credentials) {
        return database.transaction("registering device " + credentials.device().id(), c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO citybrain_device (id, body) VALUES (?, ?) ON CONFLICT (id) DO NOTHING")) {
                insert.setString(1, credentials.device().id());
                insert.setString(2, credentials.toJson().toString());
                return insert.executeUpdate() == 1;
            }
        });
    }

    private static DeviceRegistry.Credentials decode(String id, String body) {
        try {
            return DeviceRegistry.Credentials.fromJson(JSON.readTree(body));
        } catch (IOException | RuntimeException e) {
            throw new StoreException("citybrain_device row " + id + " is not a device: " + e.getMessage(), e);
        }
    }
}
