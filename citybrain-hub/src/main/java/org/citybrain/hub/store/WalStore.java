package org.citybrain.hub.store;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The embedded {@link ReadingStore}: an append-only write-ahead log of segment files in one
 * directory. History stays on disk: each sealed segment has an index file of where every
 * series' readings are ({@link SegmentIndexFile}), and only the segment being written is indexed
 * in memory ({@link ActiveSegment}, bounded by the segment size). In memory otherwise: the
 * current value of every series, and per segment its span. Memory is thus bounded by the number
 * of series and of segments, not by the readings kept (decision 0012).
 *
 * <h2>Writing</h2>
 * One writer thread ({@link GroupCommit}) takes the queued appends, up to
 * {@link WalOptions#maxBatchRecords()} records
 * or {@link WalOptions#maxBatchDelay()} after the first, writes them as framed records
 * ({@link RecordCodec}) with one {@code write} and makes them durable with one
 * {@link FileChannel#force(boolean) force} (fdatasync); only then does it update the indexes and
 * complete the callers' futures. Many concurrent appends therefore share one fsync (group commit).
 * Duplicates are found by the writer thread, which alone changes the indexes, so two concurrent
 * copies of one reading are stored once.
 *
 * <h2>Files</h2>
 * {@code segment-<n>.wal} with n counting up from 1 (20 digits); a segment is sealed once it
 * reaches {@link WalOptions#segmentBytes()} and is never written again. A {@code LOCK} file keeps
 * a second process out of the directory; {@code CUTOFFS} holds the retention cutoffs.
 *
 * <h2>Recovery</h2>
 * {@link #open} checks every segment's CRCs in order and loads the index of each sealed one
 * (rebuilding it from the segment if it is missing or damaged: a crash between sealing and
 * writing it); the last segment is replayed into memory. In the last segment, the first record that is
 * incomplete, has an impossible length or a wrong CRC32C is where a crash tore the log: it and
 * everything after it is cut off (it was never acknowledged, since acknowledgement follows the
 * fsync). In a sealed segment the same finding is damage, not a crash, and opening fails with
 * the file and offset rather than silently losing acknowledged data.
 *
 * <h2>Retention</h2>
 * {@link #expire} sets a cutoff per entity type, so history no longer returns the expired
 * readings, and then deletes every sealed segment that holds only expired readings and no current
 * value ({@link SegmentTable}). A segment with anything else in it stays on disk whole. The cutoffs
 * are stored ({@link CutoffFile}), so its expired readings stay hidden after the store opens again.
 * Expired readings still on disk still count for idempotence.
 *
 * <h2>Reading while segments go</h2>
 * A query leases the segments it reads ({@link Segment.Handle}): retention deletes a segment's files
 * only once no query holds them, and a query too late to lease an expired segment skips it. So a
 * query reads every segment it planned to read or skips an expired one, never meets a missing file.
 */
public final class WalStore implements ReadingStore {

    private static final Pattern SEGMENT = Pattern.compile("segment-(\\d{20})\\.wal");
    private static final int INITIAL_BUFFER = 1 << 20;
    private static final int SHRINK_ABOVE = 16 << 20;

    private final Path directory;
    private final WalOptions options;
    private final ReadingIndex index = new ReadingIndex();
    private final SegmentTable segments = new SegmentTable();
    private final History history = new History();
    private final GroupCommit<Request, Appended> commits;
    private final LogFiles.DirectoryLock lock;
    private final Recovery recovery;
    private final CutoffFile cutoffFile;
    /** Expired segments whose files a query still read when they expired; deleted by a later expire at the latest. */
    private final Queue<Segment.Handle> expiring = new ConcurrentLinkedQueue<>();

    // owned by the writer thread after open
    private FileChannel segment;
    private volatile ActiveSegment active; // read by expire and for monitoring
    private long segmentSize;
    // the writer thread's scratch, reused from batch to batch
    private final Set<Key> inBatch = new HashSet<>(); // filled only once a batch has a reading not newer than its series
    private boolean inBatchFilled;
    private long batchNumber;
    private final List<Reading> fresh = new ArrayList<>();
    private long[] freshOffsets = new long[1024]; // from the start of the batch
    private ByteBuffer buffer = ByteBuffer.allocateDirect(INITIAL_BUFFER);

    /** Payloads are encoded by the calling thread, so that encoding runs in parallel. */
    private record Request(List<Reading> readings, List<byte[]> payloads) {
        Request(List<Reading> readings) {
            this(readings, RecordCodec.payloads(readings));
        }
    }

    /** The idempotence key: same device, series and time. */
    private record Key(String deviceId, URI entityId, String attribute, Instant observedAt) {
        static Key of(Reading r) {
            return new Key(r.deviceId(), r.entityId(), r.attribute(), r.observedAt());
        }
    }

    private WalStore(Path directory, WalOptions options) throws IOException {
        this.directory = directory;
        this.options = options;
        Files.createDirectories(directory);
        this.lock = LogFiles.lock(directory);
        this.cutoffFile = new CutoffFile(directory);
        try {
            history.cutoffs().putAll(cutoffFile.read());
            this.recovery = replay();
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        this.commits = new GroupCommit<>("wal-writer-" + directory.getFileName(), "the readings", options.queueCapacity(),
                options.maxBatchRecords(), options.maxBatchDelay(), this::commit);
        this.commits.start();
    }

    /**
     * Opens (creating if needed) the store in {@code directory} and replays its log.
     *
     * @throws StoreException if the directory is in use, unreadable, or a sealed segment is damaged
     */
    public static WalStore open(Path directory, WalOptions options) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(options, "options");
        try {
            return new WalStore(directory, options);
        } catch (IOException e) {
            throw new StoreException("cannot open the store in " + directory + ": " + e.getMessage(), e);
        }
    }

    public static WalStore open(Path directory) {
        return open(directory, WalOptions.DEFAULTS);
    }

    /** What opening found in the log. */
    public Recovery recovery() {
        return recovery;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public Appended append(List<Reading> readings) {
        if (readings.isEmpty()) {
            return new Appended(0, 0);
        }
        Request request = new Request(List.copyOf(readings)); // throws for a reading over the record limit
        return commits.submit(request, readings.size());
    }

    @Override
    public CompletableFuture<Appended> appendAsync(List<Reading> readings) {
        if (readings.isEmpty()) {
            return CompletableFuture.completedFuture(new Appended(0, 0));
        }
        Request request = new Request(List.copyOf(readings));
        return commits.submitAsync(request, readings.size()).exceptionallyCompose(e -> CompletableFuture.failedFuture(
                e instanceof StoreException ? e : new StoreException("the readings could not be made durable: " + e.getMessage(), e)));
    }

    @Override
    public Optional<Reading> latest(URI entityId, String attribute) {
        return index.latest(entityId, attribute);
    }

    /**
     * History index entries held in memory: one per reading of the active segment, so at most
     * about {@link WalOptions#segmentBytes()} divided by the smallest record, however much history
     * is kept.
     */
    public long indexEntriesInMemory() {
        return active.entryCount();
    }

    @Override
    public Map<String, Reading> current(URI entityId) {
        return index.current(entityId);
    }

    @Override
    public List<Reading> history(URI entityId, String attribute, Instant from, Instant to) {
        List<Reading> result = new ArrayList<>();
        scan(entityId, attribute, from, to, result::add);
        return result;
    }

    @Override
    public int queuedAppends() {
        return commits.queued();
    }

    @Override
    public void scan(URI entityId, String attribute, Instant from, Instant to, Predicate<Reading> visitor) {
        ReadingIndex.Series series = index.find(entityId, attribute);
        if (series != null) {
            history.scan(series.key, from, to, visitor);
        }
    }

    @Override
    public List<Reading> lastN(URI entityId, String attribute, Instant from, Instant to, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0: " + n);
        }
        ReadingIndex.Series series = index.find(entityId, attribute);
        return series == null ? List.of() : history.lastN(series.key, from, to, n);
    }

    @Override
    public List<URI> entities(String entityType) {
        return index.entities(entityType);
    }

    @Override
    public List<URI> entitiesWith(Set<String> attributes) {
        return index.entitiesWith(attributes);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here: hidden from history at once, and for good: the cutoffs are stored
     * ({@link CutoffFile}) before anything is deleted. Then every sealed segment left with expired
     * readings only, none of them a current value, is deleted with its index (and the directory fsynced);
     * one that a query is reading is deleted when the last such query ends. Queries that come
     * later skip it.
     *
     * @throws StoreException if the cutoffs cannot be stored or a segment cannot be deleted (the
     *                        readings are hidden anyway until the store closes; a later call
     *                        stores and deletes again)
     */
    @Override
    public long expire(String entityType, Instant before) {
        try {
            long removed;
            synchronized (cutoffFile) {
                Instant previous = history.cutoffs().get(entityType);
                removed = history.expire(entityType, before);
                if (previous == null || before.isAfter(previous)) {
                    cutoffFile.write(Map.copyOf(history.cutoffs()));
                }
            }
            for (long number : segments.expired(active.number, history.cutoffs())) {
                Segment gone = history.remove(number); // first, so that no new query finds it
                segments.remove(number);
                if (gone != null) {
                    gone.handle().expire();
                    expiring.add(gone.handle());
                }
            }
            boolean deleted = false;
            for (Iterator<Segment.Handle> it = expiring.iterator(); it.hasNext();) {
                if (it.next().deleteIfUnused()) {
                    it.remove();
                    deleted = true;
                }
            }
            if (deleted) {
                LogFiles.syncDirectory(directory);
            }
            return removed;
        } catch (IOException e) {
            throw new StoreException("expiring " + entityType + " before " + before + " in " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Queries running meanwhile finish with the segments they had started on (their files close
     * when they end); a query that comes later fails with a {@link StoreException}.
     */
    @Override
    public void close() {
        if (!commits.stop()) {
            return;
        }
        try {
            segment.close();
            for (Segment s : history.segments()) {
                s.handle().close();
            }
            lock.close();
        } catch (IOException e) {
            throw new StoreException("closing " + directory + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- writer thread

    /** Writes the new readings of a batch (dropping duplicates), fsyncs, indexes them, answers. */
    private void commit(List<GroupCommit.Pending<Request, Appended>> batch) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        inBatch.clear();
        inBatchFilled = false;
        batchNumber++;
        fresh.clear();
        int[] stored = new int[batch.size()];
        int bytes = 0;
        long base;
        try {
            for (int i = 0; i < batch.size(); i++) {
                List<Reading> readings = batch.get(i).request().readings();
                for (int j = 0; j < readings.size(); j++) {
                    Reading r = readings.get(j);
                    if (!isNew(r)) {
                        continue;
                    }
                    byte[] payload = batch.get(i).request().payloads().get(j);
                    if (buffer.remaining() < LogFiles.FRAME_BYTES + payload.length) {
                        buffer = grown(buffer, LogFiles.FRAME_BYTES + payload.length);
                    }
                    LogFiles.frame(payload, buffer);
                    if (fresh.size() == freshOffsets.length) {
                        freshOffsets = Arrays.copyOf(freshOffsets, freshOffsets.length * 2);
                    }
                    freshOffsets[fresh.size()] = bytes;
                    fresh.add(r);
                    bytes += LogFiles.FRAME_BYTES + payload.length;
                    stored[i]++;
                }
            }
            buffer.flip();
            base = segmentSize;
            if (bytes > 0) {
                if (segmentSize > RecordCodec.HEADER_BYTES && segmentSize + bytes > options.segmentBytes()) {
                    rollOver();
                    base = segmentSize;
                }
                while (buffer.hasRemaining()) {
                    segment.write(buffer);
                }
                segment.force(false);
                segmentSize += bytes;
            }
        } catch (IOException | RuntimeException | Error e) {
            buffer.clear();
            throw e; // the store stops: see GroupCommit
        }
        buffer.clear();
        if (buffer.capacity() > SHRINK_ABOVE) {
            buffer = ByteBuffer.allocateDirect(INITIAL_BUFFER); // one huge batch should not pin its memory
        }
        ActiveSegment into = active;
        for (int i = 0; i < fresh.size(); i++) {
            Reading r = fresh.get(i);
            ReadingIndex.Series series = index.series(r);
            into.add(series.key, r, base + freshOffsets[i]);
            segments.add(into.number, r, index.offer(series, r, into.number));
        }
        for (int i = 0; i < batch.size(); i++) {
            GroupCommit.Pending<Request, Appended> p = batch.get(i);
            p.complete(new Appended(stored[i], p.request().readings().size() - stored[i]));
        }
    }

    /**
     * Whether {@code r} is stored neither in the log nor earlier in this batch. A reading newer than
     * its series' current value and than the series' readings earlier in the batch is new: the
     * usual case, decided without a key set. Otherwise the batch's keys go into a set (all of them,
     * once per batch) and history is looked up.
     */
    private boolean isNew(Reading r) {
        ReadingIndex.Series series = index.series(r);
        if (series.batch != batchNumber) {
            series.batch = batchNumber;
            series.batchNewest = null;
        }
        Reading latest = series.latest;
        Instant newest = series.batchNewest;
        if (latest != null && (newest == null || latest.observedAt().isAfter(newest))) {
            newest = latest.observedAt();
        }
        boolean newer = newest == null || r.observedAt().isAfter(newest);
        if (newer && !inBatchFilled) {
            series.batchNewest = r.observedAt();
            return true;
        }
        if (!inBatchFilled) {
            for (Reading earlier : fresh) {
                inBatch.add(Key.of(earlier));
            }
            inBatchFilled = true;
        }
        if ((!newer && history.contains(series.key, latest, r)) || !inBatch.add(Key.of(r))) {
            return false;
        }
        if (newer) {
            series.batchNewest = r.observedAt();
        }
        return true;
    }

    /** A direct buffer with the bytes of {@code full} and room for {@code more}; direct, so writes need no copy. */
    private static ByteBuffer grown(ByteBuffer full, int more) {
        ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(full.capacity() * 2, full.position() + more));
        full.flip();
        bigger.put(full);
        return bigger;
    }

    /** Seals the active segment: its index goes to disk, and the memory it took is freed. */
    private void rollOver() throws IOException {
        segment.force(true);
        segment.close();
        history.put(SegmentIndexFile.write(active));
        openNewSegment(active.number + 1);
    }

    private void openNewSegment(long number) throws IOException {
        Path path = segmentPath(number);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        channel.write(ByteBuffer.wrap(RecordCodec.MAGIC));
        channel.force(true);
        LogFiles.syncDirectory(directory);
        segment = channel;
        segmentSize = RecordCodec.HEADER_BYTES;
        active = new ActiveSegment(number, path);
        history.put(active);
    }

    private Path segmentPath(long number) {
        return directory.resolve(String.format("segment-%020d.wal", number));
    }

    // ---------------------------------------------------------------- recovery

    private Recovery replay() throws IOException {
        List<Long> numbers = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(p -> {
                Matcher m = SEGMENT.matcher(p.getFileName().toString());
                if (m.matches()) {
                    numbers.add(Long.parseLong(m.group(1)));
                }
            });
        }
        numbers.sort(null);
        long records = 0;
        long truncated = 0;
        for (int i = 0; i < numbers.size(); i++) {
            boolean last = i == numbers.size() - 1;
            long number = numbers.get(i);
            Path path = segmentPath(number);
            SegmentIndexFile sealed = last ? null : SegmentIndexFile.open(number, path);
            ActiveSegment rebuilt = sealed == null ? new ActiveSegment(number, path) : null;
            LogFiles.Scan scan = LogFiles.scan(path, RecordCodec.MAGIC, RecordCodec.MAX_PAYLOAD,
                    rebuilt == null ? (offset, payload) -> { } : (offset, payload) -> replay(rebuilt, path, offset, payload));
            records += scan.records();
            long size = Files.size(path);
            if (scan.validEnd() < size) {
                if (!last) {
                    throw new StoreException(path + " is damaged at byte " + scan.validEnd() + " (" + scan.problem().orElse("")
                            + ") but is not the last segment, so this is not a torn write; the readings from there on"
                            + " in this segment cannot be trusted. Move the damaged part aside to open the store.");
                }
                truncated = size - scan.validEnd();
                LogFiles.truncate(path, scan.validEnd(), RecordCodec.MAGIC);
            }
            Segment loaded = last ? rebuilt : sealed != null ? sealed : SegmentIndexFile.write(rebuilt);
            history.put(loaded);
            noteRuns(loaded);
            if (last) {
                active = rebuilt;
            }
        }
        readCurrentValues();
        if (numbers.isEmpty()) {
            openNewSegment(1);
        } else {
            segment = FileChannel.open(segmentPath(active.number), StandardOpenOption.WRITE);
            segmentSize = segment.size();
            segment.position(segmentSize);
        }
        return new Recovery(numbers.size(), records, truncated);
    }

    private void replay(ActiveSegment into, Path path, long offset, byte[] payload) {
        Reading reading;
        try {
            reading = RecordCodec.decode(payload);
        } catch (IllegalArgumentException e) {
            throw new StoreException(path + " at byte " + offset
                    + ": a record with a valid checksum cannot be decoded (" + e.getMessage() + ")", e);
        }
        into.add(index.series(reading).key, reading, offset);
    }

    /**
     * Notes a loaded segment's runs: the retention table, and per series where its newest reading
     * is (the first stored at the newest time: an earlier segment, or a lower offset, wins a tie).
     */
    private void noteRuns(Segment loaded) throws IOException {
        loaded.forEachRun(run -> {
            segments.observe(loaded.number, run.type, Instant.ofEpochSecond(run.maxSecond, run.maxNano));
            ReadingIndex.Series series = index.series(run.key.entityId(), run.key.attribute());
            int c = Entries.compare(run.maxSecond, run.maxNano, series.newestSecond, series.newestNano);
            if (c > 0 || (c == 0 && series.newestSegment == loaded.number && run.latestOffset < series.newestOffset)) {
                series.newestSecond = run.maxSecond;
                series.newestNano = run.maxNano;
                series.newestSegment = loaded.number;
                series.newestOffset = run.latestOffset;
            }
        });
    }

    /** Reads every series' current value from where {@link #noteRuns} found it. */
    private void readCurrentValues() throws IOException {
        Map<Long, Segment> byNumber = new HashMap<>();
        history.segments().forEach(s -> byNumber.put(s.number, s));
        List<ReadingIndex.Series> all = new ArrayList<>();
        index.forEachSeries(all::add);
        for (ReadingIndex.Series series : all) {
            if (series.newestSegment < 0) {
                continue;
            }
            Reading current = byNumber.get(series.newestSegment).read(series.newestOffset);
            segments.current(series.newestSegment, index.offer(series, current, series.newestSegment));
        }
    }
}
