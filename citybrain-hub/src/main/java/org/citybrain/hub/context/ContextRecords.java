package org.citybrain.hub.context;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.ErrorCode;
import org.citybrain.hub.entity.InvalidRequestException;
import org.citybrain.hub.entity.ReadOptions;
import org.citybrain.hub.entity.Representation;

/**
 * The payloads of the context log (framed as {@link org.citybrain.hub.store.LogFiles} says; all
 * integers big-endian, strings as {@code length:int32} and UTF-8 bytes).
 *
 * <pre>
 * file    = "CBCTX" 0x00 0x00 0x01 record*             8 bytes: magic and format version 1
 * payload = version:int8 (1) kind:int8 seq:int64 body
 *   kind 1 PUT     floors:int32 (name:string epochSecond:int64 nano:int32)*  entity:string
 *                  the entity's whole state after the write: NGSI-LD normalized JSON with every
 *                  system time; floors are the attributes deleted since, with the deletion time
 *   kind 2 DELETE  id:string [epochSecond:int64 nano:int32]
 *                  the deletion time (the write's); records of versions that did not keep it end
 *                  after the id
 *   kind 3 MARK    historyThrough:int64
 *                  every write with seq &lt;= historyThrough has its history in the ReadingStore
 * </pre>
 * {@code seq} numbers the write requests (one batch operation is one request); the writer thread
 * sets it, so callers encode a placeholder ({@link #setSeq}).
 */
final class ContextRecords {
    static final byte[] MAGIC = {'C', 'B', 'C', 'T', 'X', 0, 0, 1};
    /** An entity's JSON above this is rejected as too large; a longer record is corruption. */
    static final int MAX_PAYLOAD = 16 * 1024 * 1024;
    private static final byte VERSION = 1;
    private static final byte PUT = 1;
    private static final byte DELETE = 2;
    private static final byte MARK = 3;
    private static final int SEQ_OFFSET = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ContextRecords() {
    }

    /** A decoded record. */
    sealed interface LogRecord {
        long seq();
    }

    /** The whole state of an entity after a write. */
    record Put(long seq, Stored stored, int bytes) implements LogRecord {
    }

    /** A deletion; {@code at} null for a record without the time (an older version's). */
    record Delete(long seq, URI id, Instant at, int bytes) implements LogRecord {
    }

    record Mark(long seq, long historyThrough) implements LogRecord {
    }

    /**
     * An entity as the log will hold it: the payload and the entity decoded from it, which is
     * exactly what a replay gives (numbers, date-times and all), so memory and disk never differ.
     */
    record Encoded(byte[] payload, Stored stored) {
    }

    /**
     * Encodes the state of an entity and reads it back.
     *
     * @throws org.citybrain.hub.entity.NgsiLdException if the entity cannot be read back by the
     *         NGSI-LD rules (e.g. a date-time without offset in a value), or is over the size limit
     */
    static Encoded put(Entity entity, Map<String, Instant> floors) {
        byte[] json = json(entity);
        return new Encoded(put(json, floors), new Stored(readEntity(json), floors));
    }

    /** The PUT record of an entity already stored (a compaction): encoded, not read back. */
    static byte[] put(Stored stored) {
        return put(json(stored.entity()), stored.floors());
    }

    private static byte[] put(byte[] json, Map<String, Instant> floors) {
        int size = 1 + 1 + 8 + 4 + 4 + json.length;
        byte[][] names = new byte[floors.size()][];
        int i = 0;
        for (String name : floors.keySet()) {
            names[i] = utf8(name);
            size += 4 + names[i++].length + 12;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(VERSION).put(PUT).putLong(0);
        b.putInt(floors.size());
        i = 0;
        for (Instant at : floors.values()) {
            putString(b, names[i++]);
            b.putLong(at.getEpochSecond()).putInt(at.getNano());
        }
        putString(b, json);
        return b.array();
    }

    /**
     * The entity as stored: NGSI-LD normalized JSON with every system time, UTF-8.
     *
     * @throws InvalidRequestException if it is over the size limit
     */
    static byte[] json(Entity entity) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(EntityJson.toNormalized(entity));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an entity as JSON", e);
        }
        if (json.length > MAX_PAYLOAD - 1024) {
            throw new InvalidRequestException(ErrorCode.PAYLOAD_TOO_LARGE, "$",
                    "an entity of " + json.length + " bytes is over the store's limit of " + (MAX_PAYLOAD - 1024));
        }
        return json;
    }

    /** The deletion of {@code id} at {@code at} (null: not known, as an older version wrote it). */
    static byte[] delete(URI id, Instant at) {
        byte[] text = utf8(id.toString());
        ByteBuffer b = ByteBuffer.allocate(1 + 1 + 8 + 4 + text.length + (at == null ? 0 : 12));
        b.put(VERSION).put(DELETE).putLong(0);
        putString(b, text);
        if (at != null) {
            b.putLong(at.getEpochSecond()).putInt(at.getNano());
        }
        return b.array();
    }

    static byte[] mark(long seq, long historyThrough) {
        return ByteBuffer.allocate(1 + 1 + 8 + 8).put(VERSION).put(MARK).putLong(seq).putLong(historyThrough).array();
    }

    /** Sets the request number of an encoded record (the writer thread does, in log order). */
    static void setSeq(byte[] payload, long seq) {
        ByteBuffer.wrap(payload).putLong(SEQ_OFFSET, seq);
    }

    /**
     * Decodes a payload whose CRC has been checked.
     *
     * @throws IllegalArgumentException if the bytes are not a record of this version
     */
    static LogRecord decode(byte[] payload) {
        try {
            ByteBuffer b = ByteBuffer.wrap(payload);
            byte version = b.get();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown record version " + version);
            }
            byte kind = b.get();
            long seq = b.getLong();
            LogRecord record = switch (kind) {
                case PUT -> {
                    int count = b.getInt();
                    if (count < 0 || count > b.remaining()) {
                        throw new IllegalArgumentException("floor count " + count + " out of range");
                    }
                    Map<String, Instant> floors = new LinkedHashMap<>();
                    for (int i = 0; i < count; i++) {
                        floors.put(string(b), Instant.ofEpochSecond(b.getLong(), b.getInt()));
                    }
                    yield new Put(seq, new Stored(readEntity(bytes(b)), floors), payload.length);
                }
                case DELETE -> new Delete(seq, URI.create(string(b)),
                        b.hasRemaining() ? Instant.ofEpochSecond(b.getLong(), b.getInt()) : null, payload.length);
                case MARK -> new Mark(seq, b.getLong());
                default -> throw new IllegalArgumentException("unknown record kind " + kind);
            };
            if (b.hasRemaining()) {
                throw new IllegalArgumentException(b.remaining() + " bytes after the last field");
            }
            return record;
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException | CharacterCodingException e) {
            // a short buffer, an impossible instant, an entity the NGSI-LD reader rejects
            throw new IllegalArgumentException("not a context record: " + e, e);
        }
    }

    static Entity readEntity(byte[] json) {
        try {
            return EntityJson.read(JSON.readTree(json), Representation.NORMALIZED, ReadOptions.strict());
        } catch (IOException e) {
            throw new IllegalArgumentException("an entity record that is not JSON: " + e.getMessage(), e);
        }
    }

    private static void putString(ByteBuffer b, byte[] s) {
        b.putInt(s.length);
        b.put(s);
    }

    private static byte[] bytes(ByteBuffer b) {
        int length = b.getInt();
        if (length < 0 || length > b.remaining()) {
            throw new IllegalArgumentException("string length " + length + " out of range");
        }
        byte[] out = new byte[length];
        b.get(out);
        return out;
    }

    private static String string(ByteBuffer b) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes(b))).toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
