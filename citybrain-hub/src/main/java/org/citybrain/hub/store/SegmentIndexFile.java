package org.citybrain.hub.store;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * A sealed segment's index, {@code segment-<n>.idx} beside {@code segment-<n>.wal}: for every run
 * (series and entity type) its span, count and entries, so that history is read from disk and
 * only the segment's span stays in memory. Written once when the segment is sealed (to a
 * temporary file, fsynced, renamed); rebuilt from the segment if missing or damaged. All
 * integers big-endian.
 *
 * <pre>
 * file      = header entries keys directory footer
 * header    = "CBIDX" 0x00 0x00 0x01
 * entries   = per run, sorted by time then offset: (second:int64 nano:int32 offset:int64)*count
 * keys      = per run: entityId attribute type           each string = length:int32 UTF-8 bytes
 * directory = per run, sorted by hash (FNV-1a 64 of entityId, 0, attribute), 60 bytes each:
 *             hash:int64 keyPosition:int64 entriesPosition:int64 count:int32
 *             minSecond:int64 minNano:int32 maxSecond:int64 maxNano:int32 latestOffset:int64
 * footer    = directoryPosition:int64 runs:int32 minSecond:int64 minNano:int32 maxSecond:int64
 *             maxNano:int32 crc:int32                       40 bytes; CRC32C of everything before it
 * </pre>
 */
final class SegmentIndexFile extends Segment {
    static final byte[] MAGIC = {'C', 'B', 'I', 'D', 'X', 0, 0, 1};
    private static final int DIRECTORY_BYTES = 60;
    private static final int FOOTER_BYTES = 40;

    private final long directoryPosition;
    private final int runCount;
    private final long minSecond;
    private final int minNano;
    private final long maxSecond;
    private final int maxNano;

    private SegmentIndexFile(long number, Path path, Handle handle, ByteBuffer footer) {
        super(number, path, handle);
        this.directoryPosition = footer.getLong(0);
        this.runCount = footer.getInt(8);
        this.minSecond = footer.getLong(12);
        this.minNano = footer.getInt(20);
        this.maxSecond = footer.getLong(24);
        this.maxNano = footer.getInt(32);
    }

    static Path indexPath(Path segment) {
        String name = segment.getFileName().toString();
        return segment.resolveSibling(name.substring(0, name.length() - ".wal".length()) + ".idx");
    }

    /**
     * Opens the index of segment {@code path} after checking its CRC; null if it is missing or
     * damaged (the caller rebuilds it from the segment).
     */
    static SegmentIndexFile open(long number, Path path) throws IOException {
        return open(number, path, new Handle(path));
    }

    private static SegmentIndexFile open(long number, Path path, Handle handle) throws IOException {
        Path file = indexPath(path);
        if (!Files.exists(file)) {
            return null;
        }
        long size = Files.size(file);
        if (size < MAGIC.length + FOOTER_BYTES) {
            return null;
        }
        CRC32C crc = new CRC32C();
        byte[] head = new byte[MAGIC.length];
        try (InputStream in = Files.newInputStream(file)) {
            byte[] chunk = new byte[1 << 16];
            long left = size - 4;
            int n;
            boolean first = true;
            while (left > 0 && (n = in.read(chunk, 0, (int) Math.min(chunk.length, left))) > 0) {
                if (first) {
                    System.arraycopy(chunk, 0, head, 0, Math.min(n, head.length));
                    first = false;
                }
                crc.update(chunk, 0, n);
                left -= n;
            }
        }
        ByteBuffer footer = ByteBuffer.allocate(FOOTER_BYTES);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            readFully(channel, footer, size - FOOTER_BYTES);
        }
        if (!Arrays.equals(head, MAGIC) || footer.getInt(36) != (int) crc.getValue()) {
            return null;
        }
        return new SegmentIndexFile(number, path, handle, footer);
    }

    /** Writes the index of {@code segment}, durably, and returns it opened. */
    static SegmentIndexFile write(ActiveSegment segment) throws IOException {
        List<Run> runs = new ArrayList<>();
        segment.forEachRun(runs::add);
        Path file = indexPath(segment.path);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        long[] entriesAt = new long[runs.size()];
        long[] keysAt = new long[runs.size()];
        long[] span = segment.span();
        CRC32C crc = new CRC32C();
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            CountingCrc counting = new CountingCrc(java.nio.channels.Channels.newOutputStream(channel), crc);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(counting, 1 << 16));
            out.write(MAGIC);
            for (int i = 0; i < runs.size(); i++) {
                out.flush();
                entriesAt[i] = counting.written;
                Entries sorted = segment.entries(runs.get(i));
                for (int e = 0; e < sorted.size; e++) {
                    out.writeLong(sorted.seconds[e]);
                    out.writeInt(sorted.nanos[e]);
                    out.writeLong(sorted.offsets[e]);
                }
            }
            for (int i = 0; i < runs.size(); i++) {
                out.flush();
                keysAt[i] = counting.written;
                Run r = runs.get(i);
                writeString(out, r.key.entityId().toString());
                writeString(out, r.key.attribute());
                writeString(out, r.type);
            }
            out.flush();
            long directory = counting.written;
            Integer[] byHash = new Integer[runs.size()];
            long[] hashes = new long[runs.size()];
            for (int i = 0; i < byHash.length; i++) {
                byHash[i] = i;
                hashes[i] = hash(runs.get(i).key);
            }
            Arrays.sort(byHash, Comparator.comparingLong(i -> hashes[i]));
            for (int i : byHash) {
                Run r = runs.get(i);
                out.writeLong(hashes[i]);
                out.writeLong(keysAt[i]);
                out.writeLong(entriesAt[i]);
                out.writeInt(r.count);
                out.writeLong(r.minSecond);
                out.writeInt(r.minNano);
                out.writeLong(r.maxSecond);
                out.writeInt(r.maxNano);
                out.writeLong(r.latestOffset);
            }
            out.writeLong(directory);
            out.writeInt(runs.size());
            out.writeLong(span[0]);
            out.writeInt((int) span[1]);
            out.writeLong(span[2]);
            out.writeInt((int) span[3]);
            out.flush();
            out.writeInt((int) crc.getValue());
            out.flush();
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        LogFiles.syncDirectory(file.getParent());
        SegmentIndexFile written = open(segment.number, segment.path, segment.handle());
        if (written == null) {
            throw new IOException(file + " does not read back as written");
        }
        return written;
    }

    /** Counts bytes written and keeps their CRC32C. */
    private static final class CountingCrc extends OutputStream {
        private final OutputStream out;
        private final CRC32C crc;
        long written;

        CountingCrc(OutputStream out, CRC32C crc) {
            this.out = out;
            this.crc = crc;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            crc.update(b);
            written++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            crc.update(b, off, len);
            written += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static long hash(SeriesKey key) {
        long h = 0xcbf29ce484222325L;
        String entity = key.entityId().toString();
        for (int i = 0; i < entity.length(); i++) {
            h = (h ^ entity.charAt(i)) * 0x100000001b3L;
        }
        h = (h ^ 0) * 0x100000001b3L;
        String attribute = key.attribute();
        for (int i = 0; i < attribute.length(); i++) {
            h = (h ^ attribute.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }

    @Override
    boolean acquire() throws IOException {
        return handle().acquire(true);
    }

    @Override
    boolean overlaps(long fromSecond, int fromNano, long toSecond, int toNano) {
        return runCount > 0 && Entries.compare(maxSecond, maxNano, fromSecond, fromNano) >= 0
                && Entries.compare(minSecond, minNano, toSecond, toNano) < 0;
    }

    @Override
    List<Run> runs(SeriesKey key) throws IOException {
        long hash = hash(key);
        ByteBuffer record = ByteBuffer.allocate(DIRECTORY_BYTES);
        int lo = 0;
        int hi = runCount;
        while (lo < hi) { // the first record with a hash not below the key's
            int mid = (lo + hi) >>> 1;
            record.clear();
            handle().read(true, record, directoryPosition + (long) mid * DIRECTORY_BYTES);
            if (record.getLong(0) < hash) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        List<Run> out = new ArrayList<>(1);
        for (int i = lo; i < runCount; i++) {
            record.clear();
            handle().read(true, record, directoryPosition + (long) i * DIRECTORY_BYTES);
            if (record.getLong(0) != hash) {
                break;
            }
            Run run = run(record);
            if (run.key.equals(key)) {
                out.add(run);
            }
        }
        return out;
    }

    @Override
    void forEachRun(Consumer<Run> action) throws IOException {
        ByteBuffer directory = ByteBuffer.allocate(runCount * DIRECTORY_BYTES);
        handle().read(true, directory, directoryPosition);
        for (int i = 0; i < runCount; i++) {
            action.accept(run(directory.slice(i * DIRECTORY_BYTES, DIRECTORY_BYTES)));
        }
    }

    private Run run(ByteBuffer record) throws IOException {
        long keyPosition = record.getLong(8);
        ByteBuffer length = ByteBuffer.allocate(4);
        String[] strings = new String[3];
        long at = keyPosition;
        for (int i = 0; i < 3; i++) {
            length.clear();
            handle().read(true, length, at);
            int n = length.getInt(0);
            ByteBuffer bytes = ByteBuffer.allocate(n);
            handle().read(true, bytes, at + 4);
            strings[i] = new String(bytes.array(), StandardCharsets.UTF_8);
            at += 4 + n;
        }
        SeriesKey key = new SeriesKey(URI.create(strings[0]), strings[1]);
        return new Run(key, strings[2], record.getInt(24), record.getLong(28), record.getInt(36), record.getLong(40),
                record.getInt(48), record.getLong(52), record.getLong(16), null);
    }

    @Override
    Entries entries(Run run) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(run.count * Entries.BYTES);
        handle().read(true, bytes, run.entriesPosition);
        Entries out = new Entries(Math.max(run.count, 1));
        for (int i = 0; i < run.count; i++) {
            out.add(bytes.getLong(), bytes.getInt(), bytes.getLong());
        }
        return out;
    }
}
