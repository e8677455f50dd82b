package org.citybrain.hub.store;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Group commit, as the hub's logs do it: callers {@link #submit} a request and wait; one writer
 * thread takes whatever is queued, up to {@code maxRecords} records (lingering up to
 * {@code maxDelay} after the first), and hands the batch to the {@link Committer}, which writes it
 * with one fsync and answers each request. Concurrent callers thus share one fsync.
 *
 * <p>If the committer throws (a failed write or fsync), every request of that batch and every
 * later one fails: the operating system may have dropped the unwritten pages, so nothing after
 * that point could be acknowledged honestly. Reopening the store recovers from its log.
 *
 * @param <Q> a request
 * @param <A> the answer a caller gets once its request is durable
 */
public final class GroupCommit<Q, A> implements AutoCloseable {

    /** A queued request and the answer its caller waits for. */
    public static final class Pending<Q, A> {
        private final Q request;
        private final int records;
        private final CompletableFuture<A> done = new CompletableFuture<>();

        private Pending(Q request, int records) {
            this.request = request;
            this.records = records;
        }

        public Q request() {
            return request;
        }

        /** Answers the caller: its request is durable. */
        public void complete(A answer) {
            done.complete(answer);
        }
    }

    /** Writes batches, on the writer thread only. */
    @FunctionalInterface
    public interface Committer<Q, A> {
        /**
         * Makes the batch durable (one write, one fsync) and then {@link Pending#complete completes}
         * each of its requests; throwing fails them all and the log. Called once more, with an
         * empty batch, after the last one when closing.
         */
        void commit(List<Pending<Q, A>> batch) throws IOException;
    }

    private final Pending<Q, A> stop = new Pending<>(null, 0);
    private final String name;
    private final String subject;
    private final int maxRecords;
    private final long maxDelayNanos;
    private final Committer<Q, A> committer;
    private final BlockingQueue<Pending<Q, A>> queue;
    private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();
    private Thread writer;
    private boolean closed; // guarded by closing
    private volatile Throwable failure;

    /**
     * @param name    the writer thread's name
     * @param subject what the requests hold, for errors ("the readings", "the entity writes")
     */
    public GroupCommit(String name, String subject, int capacity, int maxRecords, Duration maxDelay,
            Committer<Q, A> committer) {
        this.name = Objects.requireNonNull(name, "name");
        this.subject = Objects.requireNonNull(subject, "subject");
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxRecords = maxRecords;
        this.maxDelayNanos = maxDelay.toNanos();
        this.committer = Objects.requireNonNull(committer, "committer");
    }

    /** Starts the writer thread; {@link #submit} before this waits until it runs. */
    public void start() {
        writer = new Thread(this::writeLoop, name);
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Queues a request of {@code records} records and returns its answer once it is durable.
     *
     * @throws StoreException if the store is closed or has failed, or the batch could not be made
     *                        durable (the request may or may not be stored then)
     */
    public A submit(Q request, int records) {
        return org.citybrain.hub.store.Pending.await(submitAsync(request, records), subject);
    }

    /**
     * Queues a request of {@code records} records without waiting for it to be durable: the
     * answer completes on the writer thread once it is, or exceptionally if it cannot be (the
     * request may or may not be stored then). Many callers can thus share one fsync without a
     * thread each. Blocks only while the queue is full (back-pressure).
     *
     * @throws StoreException if the store is closed or has failed, or the wait for room in the
     *                        queue was interrupted; nothing was queued then
     */
    public CompletableFuture<A> submitAsync(Q request, int records) {
        Pending<Q, A> pending = new Pending<>(request, records);
        closing.readLock().lock();
        try {
            if (closed) {
                throw new StoreException("the store is closed");
            }
            Throwable f = failure;
            if (f != null) {
                throw new StoreException("the store failed earlier and accepts no more writes; reopen it: " + f, f);
            }
            queue.put(pending);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted before the write was queued; nothing was stored");
        } finally {
            closing.readLock().unlock();
        }
        return pending.done;
    }

    /** Requests waiting for the writer thread now (a gauge of back-pressure). */
    public int queued() {
        return queue.size();
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Stops accepting requests, commits those already queued and stops the writer thread.
     *
     * @return whether this call stopped it (false if it was stopped before), so that the owner
     *         releases its files once
     */
    public boolean stop() {
        closing.writeLock().lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            if (writer != null) {
                queue.put(stop);
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
        return true;
    }

    private void writeLoop() {
        List<Pending<Q, A>> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            batch.clear();
            try {
                Pending<Q, A> first = queue.take();
                if (first == stop) {
                    break;
                }
                batch.add(first);
                int records = first.records;
                long deadline = System.nanoTime() + maxDelayNanos;
                while (records < maxRecords) {
                    Pending<Q, A> next = queue.poll();
                    if (next == null) {
                        long wait = deadline - System.nanoTime();
                        if (wait <= 0 || (next = queue.poll(wait, TimeUnit.NANOSECONDS)) == null) {
                            break;
                        }
                    }
                    if (next == stop) {
                        stopping = true;
                        break;
                    }
                    batch.add(next);
                    records += next.records;
                }
            } catch (InterruptedException e) {
                // only close() stops the writer; keep going with what was taken
            }
            commit(batch);
        }
        commit(List.of());
    }

    private void commit(List<Pending<Q, A>> batch) {
        if (failure != null) {
            batch.forEach(p -> p.done.completeExceptionally(failure));
            return;
        }
        try {
            committer.commit(batch);
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
            batch.forEach(p -> p.done.completeExceptionally(e));
        }
    }
}
