//@ chapter 4
package dev.fromzero.raft.kv;

import java.util.Objects;

/**
 * What a client asks the replicated store to do with one key. Keys and values are strings,
 * stored as their UTF-8 bytes in the chapter-3 store. Writes (put, delete, cas) go through the
 * Raft log; a get is served by ReadIndex (step 7) and never enters the log.
 */
public sealed interface Op {

    /** The key the operation is about. */
    String key();

    /** The operation's name in a history: put, get, delete or cas. */
    String name();

    /** Sets {@code key} to {@code value}. Answered with {@code success} true. */
    record Put(String key, String value) implements Op {
        public Put {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String name() {
            return "put";
        }
    }

    /** The value of {@code key}. Answered with the value, null if the key does not exist. */
    record Get(String key) implements Op {
        public Get {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public String name() {
            return "get";
        }
    }

    /** Deletes {@code key}. Answered with {@code success}: whether the key existed. */
    record Delete(String key) implements Op {
        public Delete {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public String name() {
            return "delete";
        }
    }

    /**
     * Compare-and-set: sets {@code key} to {@code value} if its value is {@code expected}
     * ({@code expected} null: if the key does not exist). Answered with {@code success}: whether
     * it set the value.
     */
    record Cas(String key, String expected, String value) implements Op {
        public Cas {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String name() {
            return "cas";
        }
    }

    /** Whether the operation changes the store, and so goes through the log. */
    default boolean isWrite() {
        return !(this instanceof Get);
    }
}
