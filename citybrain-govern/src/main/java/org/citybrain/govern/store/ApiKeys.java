package org.citybrain.govern.store;

import java.util.Base64;
import java.util.Optional;
import org.citybrain.hub.auth.SaltedHash;

/**
 * Open311 API keys issued to client applications: only SHA-256 of each key is kept, with the
 * client's name. {@link ApiKeyFile} ({@code govern/open311-keys.json}) or {@code PostgresApiKeys}
 * (production mode).
 */
public interface ApiKeys {
    /** Keeps the hash of a newly issued key. */
    void add(String sha256, String client);

    /** The client whose key has this hash. */
    Optional<String> client(String sha256);

    /** The hash a key is kept under: SHA-256 of its UTF-8 bytes, in Base64. */
    static String hash(String key) {
        return Base64.getEncoder().encodeToString(SaltedHash.sha256(new byte[0], key));
    }
}
