package org.citybrain.hub.context;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Durable entity changes, handed from the writers to listeners on a thread of their own.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Writers call {@link #publish} after their write is durable. It never blocks and never
 *       throws: the change goes to a bounded queue ({@code capacity}; the delivering thread takes
 *       up to 1,024 at a time out of it). When the queue is full the
 *       change is <b>dropped</b>, counted in {@link #overflowed()} and logged (once a minute at
 *       most): the write stands, but no subscription hears of it, so its notification is lost.</li>
 *   <li>One thread delivers the changes to the listeners in the order they were published. A
 *       listener must be quick (match and hand over; never wait for a network); one that throws
 *       is logged and the others still get the change.</li>
 *   <li>Without listeners, publishing costs nothing and no thread runs.</li>
 *   <li>A drop listener ({@link #addDropListener}) is told of each dropped change on the
 *       publishing thread: it must only note it (never block), so that the listener can catch up
 *       what it did not hear, e.g. from the store.</li>
 * </ul>
 */
public final class ChangeFeed implements AutoCloseable {
    /** Changes that may wait for the listeners; about 100 bytes each. */
    public static final int DEFAULT_CAPACITY = 65_536;
    private static final System.Logger LOG = System.getLogger(ChangeFeed.class.getName());
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final BlockingQueue<EntityChange> queue;
    private final List<Consumer<EntityChange>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<EntityChange>> dropListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong overflowed = new AtomicLong();
    private final AtomicLong lastOverflowLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private Thread dispatcher;
    private volatile boolean closed;

    public ChangeFeed(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    public ChangeFeed() {
        this(DEFAULT_CAPACITY);
    }

    /** Adds a listener; the first one starts the delivering thread. */
    public synchronized void addListener(Consumer<EntityChange> listener) {
        if (closed) {
            throw new IllegalStateException("the change feed is closed");
        }
        listeners.add(listener);
        if (dispatcher == null) {
            dispatcher = new Thread(this::dispatch, "change-feed");
            dispatcher.setDaemon(true);
            dispatcher.start();
        }
    }

    /**
     * Adds a listener told of every change dropped from now on, on the thread that published it;
     * it must return at once (note the change, never wait). One that throws is logged.
     */
    public void addDropListener(Consumer<EntityChange> listener) {
        dropListeners.add(listener);
    }

    /** Hands {@code change} to the listeners, or drops it if the queue is full. Never blocks. */
    public void publish(EntityChange change) {
        if (listeners.isEmpty() || closed) {
            return;
        }
        if (!queue.offer(change)) {
            long n = overflowed.incrementAndGet();
            for (Consumer<EntityChange> listener : dropListeners) {
                try {
                    listener.accept(change);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "a drop listener failed on " + change.id(), e);
                }
            }
            long now = System.nanoTime();
            long last = lastOverflowLog.get();
            if (now - last >= LOG_EVERY_NANOS && lastOverflowLog.compareAndSet(last, now)) {
                LOG.log(System.Logger.Level.WARNING, "change feed full ({0} waiting): changes are dropped and their "
                        + "subscriptions not notified; {1} dropped so far", queue.size(), n);
            }
        }
    }

    /** Changes dropped because the queue was full, since the feed was made. */
    public long overflowed() {
        return overflowed.get();
    }

    /** Changes waiting for the listeners. */
    public int depth() {
        return queue.size();
    }

    private void dispatch() {
        List<EntityChange> batch = new ArrayList<>(1024);
        while (!closed || !queue.isEmpty()) {
            try {
                EntityChange first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 1023);
                for (EntityChange change : batch) {
                    for (Consumer<EntityChange> listener : listeners) {
                        try {
                            listener.accept(change);
                        } catch (RuntimeException e) {
                            LOG.log(System.Logger.Level.ERROR, "a change listener failed on " + change.id(), e);
                        }
                    }
                }
                batch.clear();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops delivering once the changes already queued have been delivered (waits up to 5 s). */
    @Override
    public void close() {
        Thread thread;
        synchronized (this) {
            closed = true;
            thread = dispatcher;
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
