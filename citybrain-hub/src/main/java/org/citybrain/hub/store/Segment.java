package org.citybrain.hub.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;

/**
 * One log segment as history queries see it: its runs (where each series' readings are) and its
 * records, read back by offset. Readings themselves stay on disk; see {@link WalStore}.
 *
 * <p>A query leases every segment it reads ({@link #acquire}, {@link #release}); retention and
 * closing the store retire a segment's {@link Handle}, and its files are closed (and, once expired,
 * deleted) only when nobody holds a lease.
 */
abstract class Segment {
    final long number;
    final Path path;
    private final Handle handle;

    /**
     * The files of one segment number and who is reading them, shared by an active segment and its
     * sealed successor. Opened when first leased; while a lease is held they are neither closed nor
     * deleted, whatever retention or closing the store does meanwhile: a query reads every segment
     * it leased, and one too late to lease an expired segment skips it (everything in it is
     * expired). The last lease released closes the files of a retired segment and deletes those of
     * an expired one.
     */
    static final class Handle {
        private enum State { OPEN, EXPIRED, CLOSED }

        private final Path log;
        private final Path index;
        // guarded by this
        private FileChannel logChannel;
        private FileChannel indexChannel;
        private int leases;
        private State state = State.OPEN;
        private boolean deleted;

        Handle(Path log) {
            this.log = log;
            this.index = SegmentIndexFile.indexPath(log);
        }

        /**
         * Leases the files for one query and opens them ({@code withIndex}: the index file too).
         *
         * @return false if retention deleted the segment (it is to be skipped)
         * @throws StoreException if the store is closed
         */
        synchronized boolean acquire(boolean withIndex) throws IOException {
            if (state == State.EXPIRED) {
                return false;
            }
            if (state == State.CLOSED) {
                throw new StoreException("the store in " + log.getParent() + " is closed");
            }
            channel(false);
            if (withIndex) {
                channel(true);
            }
            leases++;
            return true;
        }

        /** Ends a lease. Never fails: a deletion that fails here is left to {@link #deleteIfUnused}. */
        synchronized void release() {
            if (--leases > 0 || state == State.OPEN) {
                return;
            }
            try {
                if (state == State.EXPIRED) {
                    deleteIfUnused();
                } else {
                    closeChannels();
                }
            } catch (IOException e) {
                // the next expire() deletes it again and reports it
            }
        }

        /** Retention: no new leases. */
        synchronized void expire() {
            state = State.EXPIRED;
        }

        /**
         * Closes and deletes the files (the index first: a segment without one is indexed again) if
         * nobody reads them; otherwise the last lease does.
         *
         * @return whether the files are deleted
         */
        synchronized boolean deleteIfUnused() throws IOException {
            if (leases > 0) {
                return false;
            }
            if (!deleted) {
                closeChannels();
                Files.deleteIfExists(index);
                Files.deleteIfExists(log);
                deleted = true;
            }
            return true;
        }

        /** The store closes: no new leases; the files close now, or when the last lease is released. */
        synchronized void close() throws IOException {
            if (state == State.OPEN) {
                state = State.CLOSED;
            }
            if (leases == 0) {
                closeChannels();
            }
        }

        private void closeChannels() throws IOException {
            try {
                if (logChannel != null) {
                    logChannel.close();
                }
            } finally {
                logChannel = null;
                if (indexChannel != null) {
                    indexChannel.close();
                }
                indexChannel = null;
            }
        }

        /**
         * The open channel of the log or index file; opened again if an interrupt closed it. Only
         * under a lease, or while the store is open (opening reads current values unleased).
         */
        private synchronized FileChannel channel(boolean ofIndex) throws IOException {
            if (state != State.OPEN && leases == 0) {
                throw new IOException(log + " is read without a lease after the store closed or retention deleted it");
            }
            FileChannel channel = ofIndex ? indexChannel : logChannel;
            if (channel == null || !channel.isOpen()) {
                channel = FileChannel.open(ofIndex ? index : log, StandardOpenOption.READ);
                if (ofIndex) {
                    indexChannel = channel;
                } else {
                    logChannel = channel;
                }
            }
            return channel;
        }

        /**
         * Fills {@code into} from {@code position} of the log or the index file. Java closes an
         * interruptible channel when a thread reading it is interrupted, for every thread sharing
         * it: the interrupted reader fails, the others open the file again and go on.
         */
        void read(boolean ofIndex, ByteBuffer into, long position) throws IOException {
            int start = into.position();
            for (int attempt = 1; ; attempt++) {
                FileChannel channel = channel(ofIndex);
                try {
                    readFully(channel, into, position);
                    return;
                } catch (ClosedByInterruptException e) {
                    throw new IOException("interrupted while reading " + (ofIndex ? index : log), e);
                } catch (ClosedChannelException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new IOException("interrupted while reading " + (ofIndex ? index : log), e);
                    }
                    if (attempt == 3) {
                        throw new IOException((ofIndex ? index : log) + " was closed while being read, three times", e);
                    }
                    into.position(start);
                }
            }
        }
    }

    Segment(long number, Path path, Handle handle) {
        this.number = number;
        this.path = path;
        this.handle = handle;
    }

    Handle handle() {
        return handle;
    }

    /**
     * Leases this segment's files for one query, which must {@link #release} it.
     *
     * @return false if retention deleted it meanwhile: all of it was expired
     * @throws StoreException if the store is closed
     */
    boolean acquire() throws IOException {
        return handle.acquire(false);
    }

    void release() {
        handle.release();
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
        ByteBuffer frame = ByteBuffer.allocate(LogFiles.FRAME_BYTES);
        handle.read(false, frame, offset);
        int length = frame.getInt(0);
        int crc = frame.getInt(4);
        if (length <= 0 || length > RecordCodec.MAX_PAYLOAD) {
            throw new IOException(path + " at byte " + offset + ": an indexed record has the impossible length " + length);
        }
        byte[] payload = new byte[length];
        handle.read(false, ByteBuffer.wrap(payload), offset + LogFiles.FRAME_BYTES);
        if (LogFiles.crc(length, payload, 0, length) != crc) {
            throw new IOException(path + " at byte " + offset + ": an indexed record fails its CRC32C check");
        }
        return RecordCodec.decode(payload);
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
