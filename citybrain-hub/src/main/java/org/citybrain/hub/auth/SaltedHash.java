package org.citybrain.hub.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * What verifies a secret token without keeping it: a random salt and SHA-256(salt + token).
 * Tokens are 256-bit random strings ({@link #newToken()}), so a fast hash is enough; passwords
 * chosen by people would need a slow one.
 *
 * @param salt 16 random bytes
 * @param hash SHA-256 over the salt and the token's UTF-8 bytes
 */
public record SaltedHash(byte[] salt, byte[] hash) {
    /** One digest per thread: looking up the provider on every token check costs more than hashing. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    });

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    /** Verified against for unknown names too, so that a miss takes as long as a wrong token. */
    private static final SaltedHash NOBODY = of("-");

    public SaltedHash {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(hash, "hash");
        salt = salt.clone();
        hash = hash.clone();
    }

    /** A fresh salt and the hash of {@code token} with it. */
    public static SaltedHash of(String token) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return new SaltedHash(salt, sha256(salt, token));
    }

    /** Reads the Base64 form of {@link #saltBase64()} and {@link #hashBase64()}. */
    public static SaltedHash fromBase64(String salt, String hash) {
        Base64.Decoder b64 = Base64.getDecoder();
        return new SaltedHash(b64.decode(salt), b64.decode(hash));
    }

    /** A new random token: 32 bytes from a SecureRandom, Base64url without padding (43 characters). */
    public static String newToken() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return B64URL.encodeToString(secret);
    }

    /** Whether {@code token} is the one hashed here; constant time in the hash comparison. */
    public boolean accepts(String token) {
        return MessageDigest.isEqual(hash, sha256(salt, token == null ? "" : token));
    }

    /**
     * Whether {@code candidate} (possibly null for an unknown name) accepts {@code token}, taking
     * as long either way.
     */
    public static boolean verify(SaltedHash candidate, String token) {
        boolean ok = (candidate == null ? NOBODY : candidate).accepts(token);
        return candidate != null && ok;
    }

    public String saltBase64() {
        return Base64.getEncoder().encodeToString(salt);
    }

    public String hashBase64() {
        return Base64.getEncoder().encodeToString(hash);
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SaltedHash other && MessageDigest.isEqual(salt, other.salt) && MessageDigest.isEqual(hash, other.hash);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "SaltedHash[(hidden)]";
    }

    /** SHA-256 over {@code salt} and the UTF-8 bytes of {@code token}; an empty salt gives the plain hash. */
    public static byte[] sha256(byte[] salt, String token) {
        byte[] text = token.getBytes(StandardCharsets.UTF_8); // first: a failure must not leave the digest half fed
        MessageDigest sha = SHA256.get();
        sha.update(salt);
        sha.update(text);
        return sha.digest(); // digest() also resets it for the thread's next use
    }

}
