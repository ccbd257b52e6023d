package dev.fromzero.course;

import dev.fromzero.course.Course.Chapter;
import dev.fromzero.course.runner.ResultsFile;
import dev.fromzero.course.runner.TestResult;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The last complete results of each chapter's whole suite, so that {@code ./course status} on
 * code that has not changed answers at once instead of running every test again (a finished
 * chapter 1 takes tens of seconds, for its crash tests).
 *
 * <p>A result is valid for a key: a hash of every file under the chapter's {@code src/} (the
 * learner's code and the tests, their paths and bytes), the JDK version, and the tool itself
 * (each entry of its class path, with the size and modification time of each file in it, so a
 * rebuilt tool or testkit counts as a new version). Any change gives another key, and the suite
 * runs again. Randomized tests draw a new seed per run, so a cached result is the result of the
 * last run, as a fresh run's would be of its own.
 */
final class StatusCache {

    /** Cached results, and when the run that produced them ended. */
    record Cached(ResultsFile.Contents contents, Instant ranAt) {
    }

    private StatusCache() {
    }

    static Optional<Cached> load(Course course, Chapter ch) {
        Path results = dir(course, ch).resolve("results.txt");
        Path key = dir(course, ch).resolve("key");
        try {
            if (!Files.isRegularFile(results) || !Files.isRegularFile(key) || !Files.readString(key).equals(key(ch))) {
                return Optional.empty();
            }
            return Optional.of(new Cached(ResultsFile.read(results), Files.getLastModifiedTime(results).toInstant()));
        } catch (IOException e) {
            return Optional.empty(); // a cache that cannot be read is a cache miss
        }
    }

    /** Keeps {@code results}, those of a complete run of every test of {@code ch} on the sources of {@code key}. */
    static void store(Course course, Chapter ch, List<TestResult> results, String key) {
        Path dir = dir(course, ch);
        List<String> lines = new ArrayList<>();
        results.forEach(r -> lines.add(ResultsFile.test(r)));
        lines.add(ResultsFile.end());
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("results.txt"), lines, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("key"), key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the results in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The key of {@code ch}'s sources as they are now; take it before the run, so a save during it is not missed. */
    static String key(Chapter ch) {
        MessageDigest sha = FileTrees.sha256();
        update(sha, "java " + System.getProperty("java.version"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            update(sha, "tool " + entry);
            FileTrees.regularFiles(Path.of(entry)).forEach(f -> update(sha, f + " " + f.toFile().length() + " " + f.toFile().lastModified()));
        }
        for (Path source : FileTrees.regularFiles(ch.dir().resolve("src"))) {
            update(sha, "source " + ch.dir().relativize(source).toString().replace('\\', '/'));
            try {
                sha.update(Files.readAllBytes(source));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + source, e);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static Path dir(Course course, Chapter ch) {
        return course.work("status", ch.name());
    }


    private static void update(MessageDigest sha, String s) {
        sha.update((s + "\n").getBytes(StandardCharsets.UTF_8));
    }

}
