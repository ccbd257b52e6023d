package dev.fromzero.course.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Compares a generated tree with a directory on disk and makes the directory equal to it. Files
 * are compared byte for byte; "equal" means the same set of files with the same bytes, so a file
 * a learner added to a starter directory is "extra".
 */
public final class SourceTree {

    /** How a file on disk differs from the generated tree. */
    public enum Kind { DIFFERS, MISSING, EXTRA }

    public record Difference(Kind kind, String path) {

        @Override
        public String toString() {
            return switch (kind) {
                case DIFFERS -> "differs: " + path;
                case MISSING -> "missing: " + path;
                case EXTRA -> "extra:   " + path;
            };
        }
    }

    private SourceTree() {
    }

    /** Every difference between {@code tree} and the files under {@code dir}, sorted by path. */
    public static List<Difference> compare(SortedMap<String, String> tree, Path dir) {
        SortedMap<String, byte[]> disk = read(dir);
        List<Difference> out = new ArrayList<>();
        tree.forEach((path, content) -> {
            byte[] actual = disk.get(path);
            if (actual == null) {
                out.add(new Difference(Kind.MISSING, path));
            } else if (!Arrays.equals(actual, content.getBytes(StandardCharsets.UTF_8))) {
                out.add(new Difference(Kind.DIFFERS, path));
            }
        });
        disk.keySet().stream().filter(p -> !tree.containsKey(p))
                .forEach(p -> out.add(new Difference(Kind.EXTRA, p)));
        out.sort(Comparator.comparing(Difference::path));
        return out;
    }

    /**
     * Makes {@code dir} hold exactly {@code tree}: writes missing and differing files, deletes
     * extra files and the directories they leave empty. Returns what it changed.
     */
    public static List<Difference> write(SortedMap<String, String> tree, Path dir) {
        List<Difference> changes = compare(tree, dir);
        try {
            for (Difference d : changes) {
                Path file = dir.resolve(d.path());
                if (d.kind() == Kind.EXTRA) {
                    Files.delete(file);
                } else {
                    Files.createDirectories(file.getParent());
                    Files.write(file, tree.get(d.path()).getBytes(StandardCharsets.UTF_8));
                }
            }
            deleteEmptyDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the generated tree to " + dir + ": " + e.getMessage(), e);
        }
        return changes;
    }

    private static SortedMap<String, byte[]> read(Path dir) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
        return files;
    }

    private static void deleteEmptyDirectories(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir) && Files.isDirectory(p)) {
                    try (Stream<Path> children = Files.list(p)) {
                        if (children.findAny().isEmpty()) {
                            Files.delete(p);
                        }
                    }
                }
            }
        }
    }
}
