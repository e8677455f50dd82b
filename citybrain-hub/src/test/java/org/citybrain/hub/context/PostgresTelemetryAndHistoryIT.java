package org.citybrain.hub.context;

/** Telemetry and history with both stores in PostgreSQL. */
class PostgresTelemetryAndHistoryIT extends TelemetryAndHistoryContractTest {
    @Override
    Backend backend() {
        return StoreBackends.postgres();
    }
}
