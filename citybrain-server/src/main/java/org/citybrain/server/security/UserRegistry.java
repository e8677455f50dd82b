package org.citybrain.server.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.citybrain.hub.auth.SaltedHash;
import org.citybrain.hub.store.AtomicFiles;

/**
 * The API's users and their bearer tokens, kept in {@code users.json} of the data directory, or in
 * a {@link Backend} (PostgreSQL in production: {@link PostgresUsers}).
 *
 * <p>Tokens are 256-bit random strings issued here ({@link SaltedHash#newToken()}); the file keeps
 * only SHA-256 of each, which is also the lookup key, so authenticating a request costs one hash
 * and one map lookup. Salting would add nothing for random 256-bit secrets and would force trying
 * every user's salt. The file is replaced whole and fsynced on every change. A backend stores each
 * new user before {@link #add} returns, refusing a name or token taken (also by another server on
 * the same database), and is asked for a token this process does not know; users are never changed
 * or removed, so what is cached stays true.
 */
public final class UserRegistry {
    /** The shortest token an operator may choose. */
    public static final int MIN_TOKEN_LENGTH = 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Backend backend;
    /** SHA-256 of the token (Base64) to user. */
    private final Map<String, User> byTokenHash = new ConcurrentHashMap<>();
    private final Map<String, String> tokenHashByName = new ConcurrentHashMap<>();

    /** A new user and its token, shown this once. */
    public record Issued(User user, String token) {
        @Override
        public String toString() {
            return "Issued[user=" + user + ", token=(hidden)]";
        }
    }

    /** A stored user: the user and SHA-256 of its token (Base64). */
    public record Entry(User user, String tokenHash) {
    }

    /** Where users are kept if not in a file: a database shared by several servers. */
    public interface Backend {
        List<Entry> all();

        /** The user whose token has this hash, if stored (by any server). */
        Optional<Entry> byTokenHash(String tokenHash);

        /**
         * Stores a new user durably.
         *
         * @throws IllegalArgumentException storing nothing, if the name or the token is taken
         */
        void insert(Entry entry);
    }

    private UserRegistry(Path file, Backend backend) {
        this.file = file;
        this.backend = backend;
    }

    /** The registry kept in {@code backend}, whose users are loaded now. */
    public static UserRegistry on(Backend backend) {
        UserRegistry registry = new UserRegistry(null, backend);
        backend.all().forEach(e -> registry.put(e.user(), e.tokenHash()));
        return registry;
    }

    /**
     * Opens the registry kept in {@code file}, which need not exist yet.
     *
     * @throws IllegalStateException if the file exists but cannot be read as a registry
     */
    public static UserRegistry open(Path file) {
        UserRegistry registry = new UserRegistry(file, null);
        if (Files.exists(file)) {
            try {
                for (JsonNode u : JSON.readTree(file.toFile())) {
                    User user = new User(u.get("name").asText(), Role.valueOf(u.get("role").asText()));
                    registry.put(user, u.get("sha256").asText());
                }
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("cannot read the user registry " + file + ": " + e.getMessage(), e);
            }
        }
        return registry;
    }

    /** Whether no user exists yet (first start). */
    public boolean isEmpty() {
        refresh();
        return tokenHashByName.isEmpty();
    }

    /**
     * Adds a user with a new random token.
     *
     * @throws IllegalArgumentException if the name is taken
     */
    public Issued add(User user) {
        String token = SaltedHash.newToken();
        add(user, token);
        return new Issued(user, token);
    }

    /**
     * Adds a user whose token the operator chose (the administrator's {@code CITYBRAIN_ADMIN_TOKEN}).
     *
     * @throws IllegalArgumentException if the name is taken, or the token is shorter than 16
     *                                  characters or already belongs to someone
     */
    public synchronized void add(User user, String token) {
        if (token == null || token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("a token needs at least " + MIN_TOKEN_LENGTH + " characters");
        }
        if (tokenHashByName.containsKey(user.name())) {
            throw new IllegalArgumentException("user " + user.name() + " exists");
        }
        String hash = hash(token);
        if (byTokenHash.containsKey(hash)) {
            throw new IllegalArgumentException("that token belongs to another user");
        }
        put(user, hash);
        try {
            if (backend != null) {
                backend.insert(new Entry(user, hash));
            }
            save();
        } catch (RuntimeException e) {
            byTokenHash.remove(hash);
            tokenHashByName.remove(user.name());
            throw e;
        }
    }

    /** The user whose token this is. */
    public Optional<User> authenticate(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        String hash = hash(token);
        User known = byTokenHash.get(hash);
        if (known != null || backend == null) {
            return Optional.ofNullable(known);
        }
        Optional<Entry> stored = backend.byTokenHash(hash); // added by another server
        stored.ifPresent(e -> put(e.user(), e.tokenHash()));
        return stored.map(Entry::user);
    }

    /** Whether {@code token} is the token of user {@code name}. */
    public boolean hasToken(String name, String token) {
        refresh();
        return token != null && hash(token).equals(tokenHashByName.get(name));
    }

    /** Every user, by name. */
    public List<User> users() {
        refresh();
        return byTokenHash.values().stream().sorted(Comparator.comparing(User::name)).toList();
    }

    /** With a backend, takes in the users other servers added. */
    private void refresh() {
        if (backend != null) {
            backend.all().forEach(e -> put(e.user(), e.tokenHash()));
        }
    }

    private void put(User user, String hash) {
        byTokenHash.put(hash, user);
        tokenHashByName.put(user.name(), hash);
    }

    private void save() {
        if (file == null) {
            return;
        }
        ArrayNode all = JSON.createArrayNode();
        for (User user : users()) {
            all.addObject().put("name", user.name()).put("role", user.role().name())
                    .put("sha256", tokenHashByName.get(user.name()));
        }
        try {
            AtomicFiles.replace(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(all));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the user registry", e);
        }
    }

    private static String hash(String token) {
        return Base64.getEncoder().encodeToString(SaltedHash.sha256(new byte[0], token));
    }
}
