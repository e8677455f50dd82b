package org.citybrain.server.govern;

import org.citybrain.govern.store.ApiKeys;
import org.citybrain.hub.auth.SaltedHash;

/**
 * Open311 API keys issued by an administrator to client applications, kept as SHA-256 hashes
 * ({@link ApiKeys}: {@code govern/open311-keys.json}, or PostgreSQL in production mode); the key
 * itself is shown once, when issued.
 */
final class Open311Keys {
    private final ApiKeys keys;

    Open311Keys(ApiKeys keys) {
        this.keys = keys;
    }

    /** Issues a key to {@code client}; returns the key, which is not kept. */
    String issue(String client) {
        String key = SaltedHash.newToken();
        keys.add(ApiKeys.hash(key), client);
        return key;
    }

    /** The client a key was issued to, or null. */
    String client(String key) {
        return keys.client(ApiKeys.hash(key)).orElse(null);
    }
}
