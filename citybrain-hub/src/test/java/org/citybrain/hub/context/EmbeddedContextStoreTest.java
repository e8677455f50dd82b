package org.citybrain.hub.context;

/** The contract on the embedded store (a log in a temporary directory). */
class EmbeddedContextStoreTest extends ContextStoreContractTest {
    @Override
    Backend backend() {
        return StoreBackends.embedded();
    }
}
