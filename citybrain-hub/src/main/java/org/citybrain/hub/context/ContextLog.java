package org.citybrain.hub.context;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.citybrain.hub.store.LogFiles;
import org.citybrain.hub.store.StoreException;

/**
 * The context log: one file {@code context-<generation>.log} of {@link ContextRecords} in a
 * directory, appended with group commit and replaced whole by {@link #compact}.
 *
 * <p>One writer thread takes the queued requests (up to {@value #MAX_BATCH_RECORDS} records),
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
    private static final Pattern FILE = Pattern.compile("context-(\\d{20})\\.log");
    private static final Request STOP = new Request(List.of(), false);

    private final Path directory;
    private final LogFiles.DirectoryLock lock;
    private final BlockingQueue<Request> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();
    /** Requests whose history is not in the ReadingStore yet. */
    private final ConcurrentSkipListSet<Long> historyPending = new ConcurrentSkipListSet<>();
    private final Recovery recovery;
    private Thread writer;
    private boolean closed; // guarded by closing
    private volatile Throwable failure;

    // owned by the writer thread once started
    private FileChannel file;
    private long generation;
    private long size;
    private long lastSeq;
    private long lastMark;

    private record Request(List<byte[]> payloads, boolean history, CompletableFuture<Long> done) {
        Request(List<byte[]> payloads, boolean history) {
            this(payloads, history, new CompletableFuture<>());
        }
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
        writer = new Thread(this::writeLoop, "context-writer-" + directory.getFileName());
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Appends the records of one request and returns its {@code seq} once they are durable.
     *
     * @param history whether the caller will store history for this request and then call
     *                {@link #historyDone}
     * @throws StoreException if they could not be made durable; they may or may not be stored then
     */
    long append(List<byte[]> payloads, boolean history) {
        Request request = new Request(payloads, history);
        closing.readLock().lock();
        try {
            if (closed) {
                throw new StoreException("the context store is closed");
            }
            throwIfFailed();
            queue.put(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted before the write was queued; nothing was stored");
        } finally {
            closing.readLock().unlock();
        }
        try {
            return request.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for durability; the write may or may not be stored");
        } catch (ExecutionException e) {
            throw new StoreException("the write could not be made durable: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** The history of request {@code seq} is stored: later MARK records may cover it. */
    void historyDone(long seq) {
        historyPending.remove(seq);
    }

    private void throwIfFailed() {
        Throwable f = failure;
        if (f != null) {
            throw new StoreException("the context store failed earlier and accepts no more writes; reopen it: " + f, f);
        }
    }

    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (writer != null) {
                queue.put(STOP);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closing.writeLock().unlock();
        }
        try {
            if (writer != null) {
                writer.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            file.close();
            lock.close();
        } catch (IOException e) {
            throw new StoreException("closing " + directory + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- writer thread

    private void writeLoop() {
        List<Request> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            batch.clear();
            try {
                Request next = queue.take();
                int records = 0;
                while (next != null) {
                    if (next == STOP) {
                        stopping = true;
                        break;
                    }
                    batch.add(next);
                    records += next.payloads().size();
                    next = records < MAX_BATCH_RECORDS ? queue.poll() : null;
                }
            } catch (InterruptedException e) {
                // only close() stops the writer; keep going with what was taken
            }
            commit(batch);
        }
        commit(List.of()); // a last MARK, if the history of the last writes was stored meanwhile
    }

    private void commit(List<Request> batch) {
        if (failure != null) {
            batch.forEach(r -> r.done().completeExceptionally(failure));
            return;
        }
        long seqBefore = lastSeq;
        long mark = historyPending.isEmpty() ? lastSeq : historyPending.first() - 1;
        List<byte[]> payloads = new ArrayList<>();
        if (mark > lastMark) {
            payloads.add(ContextRecords.mark(lastSeq, mark));
        }
        for (Request request : batch) {
            long seq = ++lastSeq;
            if (request.history()) {
                historyPending.add(seq);
            }
            for (byte[] payload : request.payloads()) {
                ContextRecords.setSeq(payload, seq);
                payloads.add(payload);
            }
        }
        try {
            if (!payloads.isEmpty()) {
                write(payloads);
            }
        } catch (IOException | RuntimeException | Error e) {
            // after a failed write or fsync the page cache may have dropped what was written: no
            // later write could be acknowledged honestly, so the log stops (reopening recovers)
            failure = e;
            batch.forEach(r -> r.done().completeExceptionally(e));
            return;
        }
        lastMark = Math.max(lastMark, mark);
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(seqBefore + 1 + i);
        }
    }

    private void write(List<byte[]> payloads) throws IOException {
        int bytes = 0;
        for (byte[] p : payloads) {
            bytes += LogFiles.FRAME_BYTES + p.length;
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes);
        payloads.forEach(p -> LogFiles.frame(p, buffer));
        buffer.flip();
        while (buffer.hasRemaining()) {
            file.write(buffer);
        }
        file.force(false);
        size += bytes;
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
        file = FileChannel.open(path, StandardOpenOption.WRITE);
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
        if (writer != null) {
            throw new IllegalStateException("compaction runs before the writer starts");
        }
        long next = generation + 1;
        Path tmp = directory.resolve(path(next).getFileName() + ".tmp");
        FileChannel old = file;
        file = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        size = 0;
        file.write(ByteBuffer.wrap(ContextRecords.MAGIC));
        size = ContextRecords.MAGIC.length;
        payloads.forEach(p -> ContextRecords.setSeq(p, lastSeq));
        List<byte[]> all = new ArrayList<>(payloads);
        all.add(ContextRecords.mark(lastSeq, lastSeq));
        write(all); // forces
        Files.move(tmp, path(next), StandardCopyOption.ATOMIC_MOVE);
        LogFiles.syncDirectory(directory);
        old.close();
        Files.delete(path(generation));
        LogFiles.syncDirectory(directory);
        generation = next;
        lastMark = lastSeq;
    }

    private FileChannel create(long number) throws IOException {
        FileChannel channel = FileChannel.open(path(number), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        channel.write(ByteBuffer.wrap(ContextRecords.MAGIC));
        channel.force(true);
        return channel;
    }

    private Path path(long number) {
        return directory.resolve(String.format("context-%020d.log", number));
    }
}
