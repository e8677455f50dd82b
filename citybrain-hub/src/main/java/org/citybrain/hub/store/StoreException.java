package org.citybrain.hub.store;

/**
 * The store could not do what was asked: an I/O failure, a corrupt sealed segment, or a store
 * that was closed or has failed. After a failed write (including a failed fsync) the store refuses
 * every further append, because the operating system may already have dropped the unwritten pages
 * and nothing after that point could be acknowledged honestly; reopen it to recover from the log.
 */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
