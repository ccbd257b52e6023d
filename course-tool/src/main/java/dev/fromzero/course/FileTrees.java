package dev.fromzero.course;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.stream.Stream;

/**
 * Listing and fingerprinting the trees the tool reads (sources, tests, class path entries): one
 * place for the walk that generate, compile, status, watch, hint and grade all need.
 */
public final class FileTrees {

    private FileTrees() {
    }

    /** The regular files under {@code root} (or {@code root} itself if it is a file), sorted; none if it does not exist. */
    public static List<Path> regularFiles(Path root) {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /** The {@code .java} files under {@code dir}, sorted; none if it does not exist. */
    public static List<Path> javaFiles(Path dir) {
        return regularFiles(dir).stream().filter(p -> p.toString().endsWith(".java")).toList();
    }

    /** A fresh SHA-256 digest, for the stamps and cache keys built from these trees. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
