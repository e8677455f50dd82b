package org.citybrain.hub.context;

/** The contract on PostgreSQL, each test in a schema of its own. */
class PostgresContextStoreIT extends ContextStoreContractTest {
    @Override
    Backend backend() {
        return StoreBackends.postgres();
    }
}
