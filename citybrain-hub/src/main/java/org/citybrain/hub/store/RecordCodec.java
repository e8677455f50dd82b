package org.citybrain.hub.store;

import java.net.URI;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The byte layout of the write-ahead log (all integers big-endian); records are framed as
 * {@link LogFiles} says.
 *
 * <pre>
 * segment  = header record*
 * header   = "CBWAL" 0x00 0x00 0x01                      8 bytes: magic and format version 1
 * record   = length:int32 crc:int32 payload[length]       length in 1..MAX_PAYLOAD
 * payload  = version:int8 (1)
 *            epochSecond:int64 nano:int32                 observedAt
 *            deviceId entityId entityType attribute value  each string = length:int32 UTF-8 bytes
 * </pre>
 * A record is valid only if its length is in range, all its bytes are present and the CRC
 * matches; the first invalid record of the last segment marks the torn tail.
 */
final class RecordCodec {
    static final byte[] MAGIC = {'C', 'B', 'W', 'A', 'L', 0, 0, 1};
    static final int HEADER_BYTES = MAGIC.length;
    /** Far above any reading the ingestor lets through; a larger length is corruption. */
    static final int MAX_PAYLOAD = 16 * 1024 * 1024;
    private static final byte PAYLOAD_VERSION = 1;

    private RecordCodec() {
    }

    /** A reading as a payload (without frame). */
    static byte[] payload(Reading r) {
        return payload(r, utf8(r.deviceId()), utf8(r.entityId().toString()), utf8(r.entityType()));
    }

    /**
     * Readings as payloads, encoding the device, entity and type strings once for a run of
     * readings that share them (one payload of one device, usually).
     */
    static List<byte[]> payloads(List<Reading> readings) {
        byte[][] out = new byte[readings.size()][];
        Reading previous = null;
        byte[] device = null;
        byte[] entity = null;
        byte[] type = null;
        for (int i = 0; i < out.length; i++) {
            Reading r = readings.get(i);
            if (previous == null || !r.deviceId().equals(previous.deviceId())) {
                device = utf8(r.deviceId());
            }
            if (previous == null || !r.entityId().equals(previous.entityId())) {
                entity = utf8(r.entityId().toString());
            }
            if (previous == null || !r.entityType().equals(previous.entityType())) {
                type = utf8(r.entityType());
            }
            out[i] = payload(r, device, entity, type);
            previous = r;
        }
        return Arrays.asList(out);
    }

    private static byte[] payload(Reading r, byte[] device, byte[] entity, byte[] type) {
        byte[] attribute = utf8(r.attribute());
        byte[] value = utf8(r.value());
        int size = 1 + 8 + 4 + 5 * 4 + device.length + entity.length + type.length + attribute.length + value.length;
        if (size > MAX_PAYLOAD) {
            throw new IllegalArgumentException("a reading of " + size + " bytes is over the log's limit of " + MAX_PAYLOAD);
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(PAYLOAD_VERSION);
        b.putLong(r.observedAt().getEpochSecond());
        b.putInt(r.observedAt().getNano());
        putString(b, device);
        putString(b, entity);
        putString(b, type);
        putString(b, attribute);
        putString(b, value);
        return b.array();
    }

    private static void putString(ByteBuffer b, byte[] s) {
        b.putInt(s.length);
        b.put(s);
    }

    /**
     * Decodes a payload whose CRC has been checked.
     *
     * @throws IllegalArgumentException if the bytes are not a payload of this version
     */
    static Reading decode(byte[] payload) {
        try {
            ByteBuffer b = ByteBuffer.wrap(payload);
            byte version = b.get();
            if (version != PAYLOAD_VERSION) {
                throw new IllegalArgumentException("unknown record version " + version);
            }
            Instant observedAt = Instant.ofEpochSecond(b.getLong(), b.getInt());
            String device = string(b);
            URI entity = URI.create(string(b));
            String type = string(b);
            String attribute = string(b);
            String value = string(b);
            if (b.hasRemaining()) {
                throw new IllegalArgumentException(b.remaining() + " bytes after the last field");
            }
            return new Reading(device, entity, type, attribute, observedAt, value);
        } catch (BufferUnderflowException | CharacterCodingException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("not a reading: " + e, e);
        }
    }

    private static String string(ByteBuffer b) throws CharacterCodingException {
        int length = b.getInt();
        if (length < 0 || length > b.remaining()) {
            throw new IllegalArgumentException("string length " + length + " out of range");
        }
        ByteBuffer slice = b.slice();
        slice.limit(length);
        b.position(b.position() + length);
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(slice).toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
