package dev.fromzero.kv;

/**
 * The root of every error the key-value storage layers raise. It is unchecked: a storage error
 * is rarely something the immediate caller can repair, so it travels up to whoever can decide
 * (retry, report, shut down) without cluttering every signature in between.
 */
public class StorageException extends RuntimeException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
