package org.citybrain.sim;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;

/**
 * Runs {@code task(from, to)} over {@code [0, n)} split into one contiguous chunk per thread, and
 * returns when all chunks are done. With one thread it runs inline. Workers are daemon threads
 * parked on a barrier between steps, so a step costs two barrier crossings, not thread starts.
 */
final class ParallelRunner implements AutoCloseable {

    @FunctionalInterface
    interface RangeTask {
        void run(int from, int to);
    }

    private final int threads;
    private final CyclicBarrier start;
    private final CyclicBarrier end;
    private final Thread[] workers;
    private volatile RangeTask task;
    private volatile int size;
    private volatile boolean closed;
    private volatile Throwable failure;

    ParallelRunner(int threads) {
        this.threads = threads;
        if (threads == 1) {
            start = null;
            end = null;
            workers = new Thread[0];
            return;
        }
        start = new CyclicBarrier(threads);
        end = new CyclicBarrier(threads);
        workers = new Thread[threads - 1];
        for (int w = 0; w < workers.length; w++) {
            int chunk = w + 1;
            workers[w] = new Thread(() -> work(chunk), "citybrain-sim-" + chunk);
            workers[w].setDaemon(true);
            workers[w].start();
        }
    }

    void run(int n, RangeTask t) {
        if (threads == 1) {
            t.run(0, n);
            return;
        }
        task = t;
        size = n;
        await(start);
        try {
            t.run(0, bound(0, n));
        } finally {
            await(end);
        }
        Throwable f = failure;
        if (f != null) {
            failure = null;
            throw new IllegalStateException("simulation worker failed", f);
        }
    }

    private int bound(int chunk, int n) {
        return (int) ((long) n * (chunk + 1) / threads);
    }

    private void work(int chunk) {
        while (true) {
            await(start);
            if (closed) {
                return;
            }
            try {
                int n = size;
                task.run(bound(chunk - 1, n), bound(chunk, n));
            } catch (Throwable t) {
                failure = t;
            } finally {
                await(end);
            }
        }
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (BrokenBarrierException e) {
            throw new IllegalStateException("simulation workers broke down", e);
        }
    }

    @Override
    public void close() {
        if (threads == 1 || closed) {
            return;
        }
        closed = true;
        // release the parked workers once more; they see closed and return
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (BrokenBarrierException e) {
            // a worker failed earlier: nothing is parked any more
        }
    }
}
