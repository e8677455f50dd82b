package org.citybrain.hub.context;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.citybrain.hub.store.GroupCommit;
import org.citybrain.hub.store.LogFiles;
import org.citybrain.hub.store.StoreException;

/**
 * The context log: one file {@code context-<generation>.log} of {@link ContextRecords} in a
 * directory, appended with group commit and replaced whole by {@link #compact}.
 *
 * <p>One writer thread ({@link GroupCommit}) takes the queued requests (up to
 * {@value #MAX_BATCH_RECORDS} records),
 * numbers them ({@code seq}), writes them with one {@code write} and makes them durable with one
 * {@link FileChannel#force}; only then do the callers' {@link #append} calls return. Ahead of a
 * batch it writes a MARK record when the history watermark ({@link #historyDone}) moved, so marks
 * cost no fsync of their own.
 *
 * <p>Opening replays the newest generation; a torn tail (incomplete record, impossible length,
 * wrong CRC32C) is cut off, as in {@link org.citybrain.hub.store.WalStore}: it was never
 * acknowledged. Files of older generations and {@code .tmp} files are what a compaction
 * interrupted by a crash leaves behind, and are deleted.
 */
final class ContextLog implements AutoCloseable {
    static final int MAX_BATCH_RECORDS = 4096;
    private static final int QUEUE_CAPACITY = 4096;
    private static final int WRITE_PIECE = 1 << 20;
    private static final Pattern FILE = Pattern.compile("context-(\\d{20})\\.log");

    private final Path directory;
    private final LogFiles.DirectoryLock lock;
    private final GroupCommit<Request, Long> commits;
    /** Requests whose history is not in the ReadingStore yet. */
    private final ConcurrentSkipListSet<Long> historyPending = new ConcurrentSkipListSet<>();
    private final Recovery recovery;
    private boolean started;

    // owned by the writer thread once started
    private FileChannel file;
    private volatile long generation; // read by a compaction preparing the next
    private volatile long size; // read by others: when to compact
    private long lastSeq;
    private long lastMark;
    /** {@link #lastSeq} and {@link #size} as of the last durable batch, for {@link #position}. */
    private volatile Position durable = new Position(0, 0);
    /** Why the last online compaction did not happen (the log went on as it was). */
    private volatile IOException compactionFailure;
    private volatile long lastSwapNanos;

    /**
     * A request: records to append, or (with {@code compaction}) the live state to replace the
     * file with, as of {@code compaction}.
     */
    private record Request(List<byte[]> payloads, boolean history, Prepared compaction) {
    }

    /**
     * A new generation written up to the state as of {@code at} ({@code .tmp}, fsynced), which the
     * writer completes with what was appended since and swaps in.
     */
    private record Prepared(Path tmp, FileChannel channel, long size, Position at) {
    }

    /**
     * A point in the log: every request up to {@code seq} is in the bytes before {@code offset}
     * of the current generation.
     */
    record Position(long seq, long offset) {
    }

    /**
     * What opening found.
     *
     * @param records        valid records replayed
     * @param truncatedBytes bytes of a torn tail cut off (never acknowledged)
     * @param historyThrough the last request whose history is known to be stored
     */
    record Recovery(long records, long truncatedBytes, long historyThrough) {
    }

    private ContextLog(Path directory, Consumer<ContextRecords.LogRecord> replay) throws IOException {
        this.directory = directory;
        Files.createDirectories(directory);
        this.commits = new GroupCommit<>("context-writer-" + directory.getFileName(), "the entity writes", QUEUE_CAPACITY,
                MAX_BATCH_RECORDS, Duration.ZERO, this::commit);
        this.lock = LogFiles.lock(directory);
        try {
            this.recovery = replay(replay);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Opens the log in {@code directory} (creating it) and hands every record to {@code replay}, in
     * order. Appending needs {@link #start} first, so that the caller may {@link #compact} before.
     *
     * @throws StoreException if the directory is in use, unreadable, or holds a record with a valid
     *                        checksum that does not decode
     */
    static ContextLog open(Path directory, Consumer<ContextRecords.LogRecord> replay) {
        try {
            return new ContextLog(directory, replay);
        } catch (IOException e) {
            throw new StoreException("cannot open the context log in " + directory + ": " + e.getMessage(), e);
        }
    }

    Recovery recovery() {
        return recovery;
    }

    /** Bytes in the current file. Valid before {@link #start}. */
    long size() {
        return size;
    }

    void start() {
        durable = new Position(lastSeq, size);
        started = true;
        commits.start();
    }

    /**
     * Appends the records of one request and returns its {@code seq} once they are durable.
     *
     * @param history whether the caller will store history for this request and then call
     *                {@link #historyDone}
     * @throws StoreException if they could not be made durable; they may or may not be stored then
     */
    long append(List<byte[]> payloads, boolean history) {
        return commits.submit(new Request(payloads, history, null), payloads.size());
    }

    /**
     * Where the log stands after the last durable request: taken while no append is in flight
     * (the caller holds back every writer), it is where a snapshot of the state stands.
     */
    Position position() {
        return durable;
    }

    /**
     * Compacts while the log is in use: {@code payloads} (the live entities and deletions, encoded)
     * are the state as of {@code at}, with every request's history up to there stored. The writer
     * thread writes them to a new generation, with a MARK and then, byte for byte, whatever was
     * appended since {@code at}; fsynced, renamed over, the directory fsynced, the old generation
     * deleted; appends wait meanwhile. A crash at any point leaves the old or the new generation whole.
     *
     * @throws StoreException if that fails: the log has then failed, as on a failed append
     */
    void compact(List<byte[]> payloads, Position at) {
        Prepared prepared;
        try {
            prepared = prepare(payloads, at); // on this thread: appends go on meanwhile
        } catch (IOException e) {
            throw new StoreException("the context log in " + directory + " could not be compacted; it goes on as it was: "
                    + e.getMessage(), e);
        }
        boolean swapped = false;
        try {
            swapped = commits.submit(new Request(List.of(), false, prepared), 1) >= 0;
        } finally {
            if (!swapped) {
                discard(prepared);
            }
        }
        if (!swapped) {
            IOException e = compactionFailure;
            throw new StoreException("the context log in " + directory + " could not be compacted; it goes on as it was: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Waits up to {@code timeout} until every request's history is stored ({@link #historyDone}).
     *
     * @return whether it is
     */
    boolean awaitHistory(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!historyPending.isEmpty()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /** The history of request {@code seq} is stored: later MARK records may cover it. */
    void historyDone(long seq) {
        historyPending.remove(seq);
    }

    @Override
    public void close() {
        if (!commits.stop()) {
            return;
        }
        try {
            file.close();
            lock.close();
        } catch (IOException e) {
            throw new StoreException("closing " + directory + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- writer thread

    /**
     * Numbers the batch's requests, writes them behind a MARK if the history watermark moved, and
     * fsyncs. The empty batch on close writes only the last MARK.
     */
    private void commit(List<GroupCommit.Pending<Request, Long>> batch) throws IOException {
        GroupCommit.Pending<Request, Long> compaction = null;
        List<GroupCommit.Pending<Request, Long>> appends = batch;
        for (GroupCommit.Pending<Request, Long> pending : batch) {
            if (pending.request() != null && pending.request().compaction() != null) {
                compaction = pending;
                appends = new ArrayList<>(batch);
                appends.remove(pending);
                break;
            }
        }
        append(appends);
        if (compaction != null) {
            compaction.complete(compactNow(compaction.request()) ? lastSeq : -1L);
        }
    }

    private void append(List<GroupCommit.Pending<Request, Long>> batch) throws IOException {
        long seqBefore = lastSeq;
        // one look at the set: request threads remove from it meanwhile, so "is it empty?" then
        // "first()" could find it emptied in between (NoSuchElementException, a failed log)
        Long oldestPending = historyPending.ceiling(Long.MIN_VALUE);
        long mark = oldestPending == null ? lastSeq : oldestPending - 1;
        List<byte[]> payloads = new ArrayList<>();
        if (mark > lastMark) {
            payloads.add(ContextRecords.mark(lastSeq, mark));
        }
        for (GroupCommit.Pending<Request, Long> pending : batch) {
            long seq = ++lastSeq;
            if (pending.request().history()) {
                historyPending.add(seq);
            }
            for (byte[] payload : pending.request().payloads()) {
                ContextRecords.setSeq(payload, seq);
                payloads.add(payload);
            }
        }
        if (!payloads.isEmpty()) {
            write(payloads);
        }
        lastMark = Math.max(lastMark, mark);
        durable = new Position(lastSeq, size);
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).complete(seqBefore + 1 + i);
        }
    }

    /** Frames and writes {@code payloads} at the end of the file, and fsyncs. */
    private void write(List<byte[]> payloads) throws IOException {
        size += write(file, payloads);
        file.force(false);
    }

    /** Frames and writes {@code payloads} at {@code channel}'s position, in pieces of about 1 MiB; the bytes written. */
    private static long write(FileChannel channel, List<byte[]> payloads) throws IOException {
        long written = 0;
        int from = 0;
        while (from < payloads.size()) {
            int bytes = 0;
            int to = from;
            while (to < payloads.size() && (to == from || bytes + LogFiles.FRAME_BYTES + payloads.get(to).length <= WRITE_PIECE)) {
                bytes += LogFiles.FRAME_BYTES + payloads.get(to++).length;
            }
            ByteBuffer buffer = ByteBuffer.allocateDirect(bytes);
            payloads.subList(from, to).forEach(p -> LogFiles.frame(p, buffer));
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            written += bytes;
            from = to;
        }
        return written;
    }

    // ---------------------------------------------------------------- recovery and compaction

    private Recovery replay(Consumer<ContextRecords.LogRecord> replay) throws IOException {
        List<Long> generations = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                Matcher m = FILE.matcher(name);
                if (m.matches()) {
                    generations.add(Long.parseLong(m.group(1)));
                } else if (name.endsWith(".log.tmp")) {
                    Files.delete(p); // a compaction that did not finish
                }
            }
        }
        generations.sort(null);
        if (generations.isEmpty()) {
            file = create(1);
            generation = 1;
            size = ContextRecords.MAGIC.length;
            LogFiles.syncDirectory(directory);
            return new Recovery(0, 0, 0);
        }
        generation = generations.get(generations.size() - 1);
        for (long older : generations.subList(0, generations.size() - 1)) {
            Files.delete(path(older)); // superseded by a compaction that finished
        }
        Path path = path(generation);
        LogFiles.Scan scan = LogFiles.scan(path, ContextRecords.MAGIC, ContextRecords.MAX_PAYLOAD, (offset, payload) -> {
            ContextRecords.LogRecord record;
            try {
                record = ContextRecords.decode(payload);
            } catch (IllegalArgumentException e) {
                throw new StoreException(path + " at byte " + offset
                        + ": a record with a valid checksum cannot be decoded (" + e.getMessage() + ")", e);
            }
            lastSeq = Math.max(lastSeq, record.seq());
            if (record instanceof ContextRecords.Mark m) {
                lastMark = Math.max(lastMark, m.historyThrough());
            }
            replay.accept(record);
        });
        long fileSize = Files.size(path);
        long truncated = 0;
        if (scan.validEnd() < fileSize) {
            truncated = fileSize - scan.validEnd();
            LogFiles.truncate(path, scan.validEnd(), ContextRecords.MAGIC);
        }
        file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        size = file.size();
        file.position(size);
        return new Recovery(scan.records(), truncated, lastMark);
    }

    /**
     * Replaces the log by a new generation holding {@code payloads} (the live entities, encoded)
     * and a MARK covering every request so far: written to a {@code .tmp} file, fsynced, renamed
     * over, the directory fsynced, the old generation deleted. A crash at any point leaves either
     * the old or the new generation whole. Only before {@link #start}, with all history stored.
     */
    void compact(List<byte[]> payloads) throws IOException {
        if (started) {
            throw new IllegalStateException("compaction runs before the writer starts");
        }
        Prepared prepared = prepare(payloads, new Position(lastSeq, size));
        try {
            swapIn(prepared);
        } catch (NotReplaced e) {
            discard(prepared);
            throw e.getCause();
        }
    }

    /**
     * The online compaction, on the writer thread; false if the new generation could not be
     * completed (the log goes on in the old one, {@link #compactionFailure} says why).
     *
     * @throws IOException if it failed after the new generation took over (the log fails)
     */
    private boolean compactNow(Request request) throws IOException {
        long started = System.nanoTime();
        Position at = request.compaction().at();
        if (at.offset() > size || at.seq() > lastSeq || !request.compaction().tmp().equals(tmp(generation + 1))) {
            // never expected (one compaction at a time); refused, the log itself is fine
            compactionFailure = new IOException("a compaction as of " + at + " does not fit the log (" + lastSeq + ", "
                    + size + ", generation " + generation + ")");
            return false;
        }
        try {
            swapIn(request.compaction());
        } catch (NotReplaced e) {
            compactionFailure = e.getCause();
            return false;
        }
        durable = new Position(lastSeq, size);
        lastSwapNanos = System.nanoTime() - started;
        return true;
    }

    /** How long the writer took to swap the last online compaction's generation in (appends waited that long). */
    long lastSwapNanos() {
        return lastSwapNanos;
    }

    /** The new generation could not be completed; the old one is still the log. */
    private static final class NotReplaced extends IOException {
        NotReplaced(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /**
     * Writes the next generation's {@code .tmp} file up to {@code at}: the magic, {@code payloads}
     * (the state as of {@code at}) and a MARK up to {@code at}'s request; fsynced. Any thread:
     * only the writer swaps generations, and one compaction runs at a time.
     */
    private Prepared prepare(List<byte[]> payloads, Position at) throws IOException {
        Path tmp = tmp(generation + 1);
        FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long written = ContextRecords.MAGIC.length;
            channel.write(ByteBuffer.wrap(ContextRecords.MAGIC));
            payloads.forEach(p -> ContextRecords.setSeq(p, at.seq()));
            List<byte[]> all = new ArrayList<>(payloads);
            all.add(ContextRecords.mark(at.seq(), at.seq()));
            written += write(channel, all);
            channel.force(false);
            return new Prepared(tmp, channel, written, at);
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static void discard(Prepared prepared) {
        try {
            prepared.channel().close();
            Files.deleteIfExists(prepared.tmp());
        } catch (IOException e) {
            // a left-over .tmp file is deleted on the next open
        }
    }

    /**
     * Completes {@code prepared} with the current file's bytes after its position, fsyncs it and
     * makes it the log (rename, directory fsync, old generation deleted). On the writer thread.
     *
     * @throws NotReplaced if the new generation could not be completed (the old one stays the log)
     */
    private void swapIn(Prepared prepared) throws IOException {
        long next = generation + 1;
        FileChannel fresh = prepared.channel();
        long tail = size - prepared.at().offset();
        try {
            for (long copied = 0; copied < tail; ) {
                copied += file.transferTo(prepared.at().offset() + copied, tail - copied, fresh); // at fresh's end
            }
            fresh.force(false);
            Files.move(prepared.tmp(), path(next), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new NotReplaced(e);
        }
        LogFiles.syncDirectory(directory);
        file.close();
        file = fresh;
        size = prepared.size() + tail;
        Files.delete(path(generation));
        LogFiles.syncDirectory(directory);
        generation = next;
        lastMark = Math.max(lastMark, prepared.at().seq());
    }

    private Path tmp(long number) {
        return directory.resolve(path(number).getFileName() + ".tmp");
    }

    private FileChannel create(long number) throws IOException {
        FileChannel channel = FileChannel.open(path(number), StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        channel.write(ByteBuffer.wrap(ContextRecords.MAGIC));
        channel.force(true);
        return channel;
    }

    private Path path(long number) {
        return directory.resolve(String.format("context-%020d.log", number));
    }
}
