package org.citybrain.hub.context;

/** Telemetry and history on the embedded store. */
class EmbeddedTelemetryAndHistoryTest extends TelemetryAndHistoryContractTest {
    @Override
    Backend backend() {
        return StoreBackends.embedded();
    }
}
