package dev.fromzero.kv.log;

import java.nio.file.Path;

/**
 * The writer that {@link CrashTest} kills with {@code kill -9}. It opens the log in a directory,
 * then appends records (or batches) derived from a seed and their index, syncs after each one,
 * and only then prints {@code ack <index>}: every acknowledged record is durable.
 *
 * <p>Arguments: {@code DIR SEED records|batches FIRST_INDEX MAX_SEGMENT_BYTES}.
 */
public final class LogWriterProcess {

    /** Far more than any test waits for: the writer ends by itself only if it is never killed. */
    private static final int LIMIT = 100_000;

    private LogWriterProcess() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        boolean batches = args[2].equals("batches");
        int first = Integer.parseInt(args[3]);
        try (Log log = Log.open(dir, new LogOptions(Long.parseLong(args[4])))) {
            for (int index = first; index < first + LIMIT; index++) {
                if (batches) {
                    log.appendBatch(LogFixtures.crashBatch(seed, index));
                } else {
                    log.append(LogFixtures.crashRecord(seed, index));
                }
                log.sync();
                System.out.println("ack " + index);
                System.out.flush();
            }
        }
    }
}
