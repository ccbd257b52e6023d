package dev.fromzero.testkit.lin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where recorded histories go: {@code -Dfromzero.history.dir=DIR} makes every test that records
 * a history write it to {@code DIR}, one JSON-lines file ({@link HistoryJson}) per scenario and
 * seed, named {@code Class.method.seed-N.jsonl}.
 *
 * <p>The property is read in the JVM that runs the tests, when the history is written: set on
 * Maven's command line, surefire hands it to the test JVM it forks; set in
 * {@code JAVA_TOOL_OPTIONS}, every JVM started with that environment reads it, the forked one
 * too, which is how it reaches runs that the course tool starts.
 */
public final class HistoryFiles {

    /** The system property that names the directory. */
    public static final String PROPERTY = "fromzero.history.dir";

    private HistoryFiles() {
    }

    /** The directory asked for, if any. */
    public static Optional<Path> directory() {
        String dir = System.getProperty(PROPERTY, "").trim();
        return dir.isEmpty() ? Optional.empty() : Optional.of(Path.of(dir));
    }

    /** The file name of {@code scenario} (such as {@code KvTest#basic}) run with {@code seed}. */
    public static String fileName(String scenario, long seed) {
        return scenario.replaceAll("[^A-Za-z0-9_.-]", ".") + ".seed-" + seed + ".jsonl";
    }

    /** Writes {@code history} to the directory asked for, if one is, and returns the file. */
    public static Optional<Path> exportIfAsked(String scenario, long seed, List<Operation> history) {
        return directory().map(dir -> {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("-D" + PROPERTY + "=" + dir + ": cannot create the directory", e);
            }
            Path file = dir.resolve(fileName(scenario, seed));
            HistoryJson.write(history, file);
            return file;
        });
    }
}
