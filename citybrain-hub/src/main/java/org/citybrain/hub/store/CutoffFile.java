package org.citybrain.hub.store;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The retention cutoffs of a {@link WalStore}, {@code CUTOFFS} in its directory, so that history
 * expired once stays hidden after the store opens again, whatever the segments still on disk
 * hold. Replaced whole on every change ({@link AtomicFiles#replace}), so a crash leaves the old or
 * the new file, never a mix. Big-endian:
 *
 * <pre>
 * file   = "CBCUT" 0x00 0x00 0x01  count:int32  cutoff*count  crc:int32   CRC32C of all before it
 * cutoff = type (length:int32 UTF-8)  epochSecond:int64  nano:int32
 * </pre>
 */
final class CutoffFile {
    static final String NAME = "CUTOFFS";
    private static final byte[] MAGIC = {'C', 'B', 'C', 'U', 'T', 0, 0, 1};

    private final Path file;

    CutoffFile(Path directory) {
        this.file = directory.resolve(NAME);
    }

    /**
     * The cutoffs last written; none if the file does not exist.
     *
     * @throws StoreException if the file is damaged (a crash cannot do that: it is replaced by rename)
     */
    Map<String, Instant> read() throws IOException {
        if (!Files.exists(file)) {
            return Map.of();
        }
        byte[] bytes = Files.readAllBytes(file);
        String damaged = file + " is damaged (";
        String remedy = "); deleting it is safe: expired history shows again until the retention sweep runs";
        if (bytes.length < MAGIC.length + 8 || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new StoreException(damaged + "not a cutoff file of this format version" + remedy);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.getInt(bytes.length - 4) != (int) crc.getValue()) {
            throw new StoreException(damaged + "CRC32C mismatch" + remedy);
        }
        in.position(MAGIC.length).limit(bytes.length - 4);
        Map<String, Instant> cutoffs = new HashMap<>();
        try {
            int count = in.getInt();
            for (int i = 0; i < count; i++) {
                byte[] type = new byte[in.getInt()];
                in.get(type);
                cutoffs.put(new String(type, StandardCharsets.UTF_8), Instant.ofEpochSecond(in.getLong(), in.getInt()));
            }
        } catch (BufferUnderflowException | NegativeArraySizeException | java.time.DateTimeException e) {
            throw new StoreException(damaged + "its entries do not match its length" + remedy, e);
        }
        return cutoffs;
    }

    /** Replaces the file with {@code cutoffs}, durably. */
    void write(Map<String, Instant> cutoffs) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(MAGIC);
        out.writeInt(cutoffs.size());
        for (Map.Entry<String, Instant> e : new TreeMap<>(cutoffs).entrySet()) {
            byte[] type = e.getKey().getBytes(StandardCharsets.UTF_8);
            out.writeInt(type.length);
            out.write(type);
            out.writeLong(e.getValue().getEpochSecond());
            out.writeInt(e.getValue().getNano());
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        out.writeInt((int) crc.getValue());
        try {
            AtomicFiles.replace(file, bytes.toByteArray());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
