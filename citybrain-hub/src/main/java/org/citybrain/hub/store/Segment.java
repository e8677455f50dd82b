package org.citybrain.hub.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;

/**
 * One log segment as history queries see it: its runs (where each series' readings are) and its
 * records, read back by offset. Readings themselves stay on disk; see {@link WalStore}.
 */
abstract class Segment {
    final long number;
    final Path path;
    private final Reader reader;

    /** The segment file opened for reading on first use; shared by an active segment and its sealed successor. */
    static final class Reader {
        private final Path path;
        private FileChannel channel;

        Reader(Path path) {
            this.path = path;
        }

        synchronized FileChannel channel() throws IOException {
            if (channel == null) {
                channel = FileChannel.open(path, StandardOpenOption.READ);
            }
            return channel;
        }

        synchronized void close() throws IOException {
            if (channel != null) {
                channel.close();
                channel = null;
            }
        }
    }

    Segment(long number, Path path, Reader reader) {
        this.number = number;
        this.path = path;
        this.reader = reader;
    }

    Reader reader() {
        return reader;
    }

    /** The runs of one series in this segment, one per entity type (usually one). */
    abstract List<Run> runs(SeriesKey key) throws IOException;

    /** Every run in this segment. */
    abstract void forEachRun(Consumer<Run> action) throws IOException;

    /** A run's entries sorted by time, then offset. */
    abstract Entries entries(Run run) throws IOException;

    /** Whether any reading in this segment can have a time in {@code [from, to)}. */
    abstract boolean overlaps(long fromSecond, int fromNano, long toSecond, int toNano);

    /** The reading whose record starts at {@code offset}. */
    final Reading read(long offset) throws IOException {
        FileChannel channel = reader.channel();
        ByteBuffer frame = ByteBuffer.allocate(LogFiles.FRAME_BYTES);
        readFully(channel, frame, offset);
        int length = frame.getInt(0);
        int crc = frame.getInt(4);
        if (length <= 0 || length > RecordCodec.MAX_PAYLOAD) {
            throw new IOException(path + " at byte " + offset + ": an indexed record has the impossible length " + length);
        }
        byte[] payload = new byte[length];
        readFully(channel, ByteBuffer.wrap(payload), offset + LogFiles.FRAME_BYTES);
        if (LogFiles.crc(length, payload, 0, length) != crc) {
            throw new IOException(path + " at byte " + offset + ": an indexed record fails its CRC32C check");
        }
        return RecordCodec.decode(payload);
    }

    /** Releases the files this segment holds open for reading. */
    void close() throws IOException {
        reader.close();
    }

    static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + at);
            }
            at += n;
        }
        into.flip();
    }
}
