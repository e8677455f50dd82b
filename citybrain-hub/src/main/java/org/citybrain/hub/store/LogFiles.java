package org.citybrain.hub.store;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * What the hub's append-only logs share (the readings' {@link WalStore} and the entities' context
 * log): the record frame, reading a file's valid records up to a torn tail, the directory lock and
 * directory fsync.
 *
 * <pre>
 * file   = header record*                              header: magic and format version, per log
 * record = length:int32 crc:int32 payload[length]     big-endian; length in 1..maxPayload
 *          crc = CRC32C over the 4 length bytes and the payload
 * </pre>
 * A record is valid only if its length is in range, all its bytes are present and the CRC
 * matches; the first invalid record ends what a reader may trust.
 */
public final class LogFiles {
    /** Bytes of a record's frame (length and CRC) before its payload. */
    public static final int FRAME_BYTES = 8;

    private LogFiles() {
    }

    /** Writes one framed record. {@code out} must have {@code FRAME_BYTES + payload.length} bytes left. */
    public static void frame(byte[] payload, ByteBuffer out) {
        out.putInt(payload.length);
        out.putInt(crc(payload.length, payload, 0, payload.length));
        out.put(payload);
    }

    static int crc(int length, byte[] payload, int offset, int count) {
        CRC32C crc = new CRC32C();
        crc.update(length >>> 24);
        crc.update(length >>> 16);
        crc.update(length >>> 8);
        crc.update(length); // the length's 4 big-endian bytes, one by one (update(int) takes the low byte)
        crc.update(payload, offset, count);
        return (int) crc.getValue();
    }

    /** Receives each valid record's payload and the file offset of its frame. */
    @FunctionalInterface
    public interface PayloadSink {
        void accept(long offset, byte[] payload);
    }

    /**
     * What {@link #scan} found.
     *
     * @param validEnd the offset after the last valid record (0 if even the header is incomplete)
     * @param records  valid records read
     * @param problem  why reading stopped before the end of the file; empty at a clean end
     */
    public record Scan(long validEnd, long records, Optional<String> problem) {
    }

    /**
     * Reads a log file's valid records, in order, into {@code sink}; stops at the first invalid
     * byte.
     *
     * @throws StoreException if the file has a complete header that is not {@code magic}: a crash
     *                        does not leave that behind
     */
    public static Scan scan(Path path, byte[] magic, int maxPayload, PayloadSink sink) throws IOException {
        long size = Files.size(path);
        try (InputStream raw = Files.newInputStream(path);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            byte[] header = new byte[magic.length];
            try {
                in.readFully(header);
            } catch (EOFException e) {
                return new Scan(0, 0, Optional.of("incomplete header"));
            }
            if (!Arrays.equals(header, magic)) {
                throw new StoreException(path + " is not a log of this kind and format version (bad header)");
            }
            long offset = magic.length;
            long records = 0;
            while (true) {
                if (offset == size) {
                    return new Scan(offset, records, Optional.empty());
                }
                int length;
                int crc;
                try {
                    length = in.readInt();
                    crc = in.readInt();
                } catch (EOFException e) {
                    return new Scan(offset, records, Optional.of("incomplete record frame"));
                }
                if (length <= 0 || length > maxPayload) {
                    return new Scan(offset, records, Optional.of("impossible record length " + length));
                }
                byte[] payload = new byte[length];
                try {
                    in.readFully(payload);
                } catch (EOFException e) {
                    return new Scan(offset, records, Optional.of("incomplete record of " + length + " bytes"));
                }
                if (crc(length, payload, 0, length) != crc) {
                    return new Scan(offset, records, Optional.of("CRC32C mismatch"));
                }
                sink.accept(offset, payload);
                offset += FRAME_BYTES + length;
                records++;
            }
        }
    }

    /**
     * Cuts a torn tail off the file at {@code validEnd} (or, if the header itself is torn, writes
     * {@code magic} again) and fsyncs it.
     */
    public static void truncate(Path path, long validEnd, byte[] magic) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            if (validEnd < magic.length) {
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(magic), 0);
            } else {
                channel.truncate(validEnd);
            }
            channel.force(true);
        }
    }

    /** Makes new or renamed directory entries durable (Linux allows fsync on a directory). */
    public static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some platforms (Windows) cannot open a directory; the file's own fsync has to do
        }
    }

    /**
     * Takes the {@code LOCK} file of {@code directory}, keeping every other store (in this process
     * or another) out until {@link DirectoryLock#close}.
     *
     * @throws StoreException if another store holds it
     */
    public static DirectoryLock lock(Path directory) throws IOException {
        FileChannel channel = FileChannel.open(directory.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock acquired;
        try {
            acquired = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            acquired = null;
        }
        if (acquired == null) {
            channel.close();
            throw new StoreException(directory + " is in use by another store");
        }
        return new DirectoryLock(channel, acquired);
    }

    /** A held directory lock. */
    public static final class DirectoryLock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private DirectoryLock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
