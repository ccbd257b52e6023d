package dev.fromzero.bench;

/**
 * A replicated key-value service under {@link WriteLoad}: our Raft cluster or etcd, each started
 * by its own class and reached through its own client, so that the load generator is the same
 * code for both.
 */
interface KvTarget extends AutoCloseable {

    /** A short name for tables: {@code fromzero} or {@code etcd}. */
    String name();

    /** What runs, with the settings that matter (version, members, durability, where the client connects). */
    String describe();

    /**
     * A writer for one client thread. A target may hand every thread the same thread-safe client
     * (jetcd's is meant to be shared) or one each; either way, each thread keeps one write in
     * flight at a time.
     */
    Writer writer() throws Exception;

    @Override
    void close() throws Exception;

    /** Puts a value and returns once the service has acknowledged it (committed by a majority). */
    @FunctionalInterface
    interface Writer extends AutoCloseable {
        void put(byte[] key, byte[] value) throws Exception;

        @Override
        default void close() throws Exception {
        }
    }
}
