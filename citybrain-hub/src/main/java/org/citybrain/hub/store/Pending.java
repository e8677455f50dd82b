package org.citybrain.hub.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** The caller's side of a group-committing store: waiting until the writer has made its readings durable. */
public final class Pending {
    private Pending() {
    }

    /**
     * Waits for {@code done}, which the store's writer completes once the readings are durable.
     *
     * @throws StoreException if the writer failed them, or the wait was interrupted (they may or
     *                        may not be stored then; the interrupt flag is set again)
     */
    public static <T> T await(CompletableFuture<T> done) {
        return await(done, "the readings");
    }

    /** {@link #await(CompletableFuture)} for requests that hold {@code subject} ("the entity writes"), named in errors. */
    public static <T> T await(CompletableFuture<T> done, String subject) {
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for durability; " + subject + " may or may not be stored");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StoreException s ? s
                    : new StoreException(subject + " could not be made durable: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
