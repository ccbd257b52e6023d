package dev.fromzero.course.grade;

import dev.fromzero.course.Course.Chapter;
import dev.fromzero.course.CourseException;
import dev.fromzero.testkit.ScratchExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A student's submission: a copy of the repository, or a directory holding some of its chapter
 * folders (also one level down, as when a zip holds the repository's folder). The grader takes
 * nothing from it but the {@code .java} files under each graded chapter's {@code src/main/java}:
 * tests, testkit, build files, generated resources and the tool always come from the course, so that editing or
 * deleting them gains nothing. Symbolic links are not followed, so a link cannot smuggle in
 * files from elsewhere on the grading machine.
 */
record Submission(Path dir) {

    static Submission at(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new CourseException("the submission " + abs + " is not a directory; give the student's copy of the"
                    + " repository, or a directory holding their chapterNN-* folders");
        }
        return new Submission(abs);
    }

    /**
     * The submission's folder for {@code chapter}: a directory named {@code chapterNN-…} (the
     * same number; the rest of the name may differ) in the submission or one level below it.
     */
    Optional<Path> folder(Chapter chapter) {
        String prefix = String.format("chapter%02d-", chapter.number());
        Optional<Path> direct = childNamed(dir, prefix);
        if (direct.isPresent()) {
            return direct;
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted()
                    .flatMap(p -> childNamed(p, prefix).stream()).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the submission " + dir, e);
        }
    }

    private static Optional<Path> childNamed(Path parent, String prefix) {
        try (Stream<Path> children = Files.list(parent)) {
            return children.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the submission's " + parent, e);
        }
    }

    /**
     * Copies the {@code .java} files of the chapter folder's {@code src/main/java} into
     * {@code target} (emptied first); returns how many were copied.
     */
    static int copyMainSources(Path chapterFolder, Path target) {
        Path sources = chapterFolder.resolve("src/main/java");
        try {
            ScratchExtension.deleteRecursively(target);
            Files.createDirectories(target);
            if (!Files.isDirectory(sources, LinkOption.NOFOLLOW_LINKS)) {
                return 0;
            }
            int copied = 0;
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")
                        && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
                    Path copy = target.resolve(sources.relativize(file).toString());
                    Files.createDirectories(copy.getParent());
                    Files.copy(file, copy);
                    copied++;
                }
            }
            return copied;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the submission's " + sources + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies the files other than {@code .java} of the course's own {@code src/main/java} of a
     * chapter ({@code courseSources}) into {@code target}: the generated resources, such as chapter
     * 5's {@code META-INF/services} list, come from the course like the tests, not from the submission.
     */
    static void copyCourseResources(Path courseSources, Path target) {
        if (!Files.isDirectory(courseSources)) {
            return;
        }
        try (Stream<Path> files = Files.walk(courseSources)) {
            for (Path file : files.filter(f -> !f.toString().endsWith(".java") && Files.isRegularFile(f)).toList()) {
                Path copy = target.resolve(courseSources.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the course's resources from " + courseSources + ": "
                    + e.getMessage(), e);
        }
    }
}
