package dev.fromzero.kv.index;

import dev.fromzero.kv.Durability;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.StoreLockedException;
import dev.fromzero.kv.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A store used from a child JVM, by the tests that need a second process.
 *
 * <ul>
 *   <li>{@code open DIR}: opens the store and prints {@code opened}, or {@code locked: <message>}
 *       if the directory is locked, then closes it.
 *   <li>{@code hold DIR}: opens the store, prints {@code opened}, and waits to be killed.
 *   <li>{@code write DIR always|group|never FIRST}: opens the store with that durability and runs
 *       {@link History} operations from number {@code FIRST} on, printing {@code ack N} after
 *       operation N returns, until it is killed.
 * </ul>
 */
public final class StoreProcess {

    /** The group commit interval of the {@code group} writer. */
    static final Duration GROUP_INTERVAL = Duration.ofMillis(5);

    private StoreProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "open" -> {
                try (KvStore store = KvStore.open(dir)) {
                    System.out.println("opened");
                } catch (StoreLockedException e) {
                    System.out.println("locked: " + e.getMessage());
                }
            }
            case "hold" -> {
                KvStore store = KvStore.open(dir);
                System.out.println("opened " + store.directory());
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
            case "write" -> write(dir, args[2], Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        System.out.flush();
    }

    private static void write(Path dir, String durability, int first) {
        Durability chosen = switch (durability) {
            case "always" -> Durability.always();
            case "group" -> Durability.groupCommit(GROUP_INTERVAL);
            case "never" -> Durability.never();
            default -> throw new IllegalArgumentException("unknown durability " + durability);
        };
        try (KvStore store = KvStore.open(dir, StoreOptions.defaults().withDurability(chosen).withMaxSegmentBytes(4096))) {
            for (int n = first; n < first + 1_000_000; n++) {
                History.apply(n, store);
                System.out.println("ack " + n);
                System.out.flush();
            }
        }
    }
}
