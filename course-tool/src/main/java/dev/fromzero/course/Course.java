package dev.fromzero.course;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The layout of a course checkout: where the reference code, the chapter modules and the tool's
 * scratch space are. Every command works on one of these, so that the tool can run on another
 * tree ({@code --root DIR} or {@code COURSE_ROOT}) as easily as on the current one.
 *
 * <p>The chapters known to the course are the top-level directories named {@code chapterNN-name};
 * {@code chapter01-log} is chapter 1.
 */
public record Course(Path root) {

    private static final Pattern CHAPTER_DIR = Pattern.compile("chapter(\\d\\d)-.+");

    /** A chapter module: its number and its directory. */
    public record Chapter(int number, Path dir) {

        public String name() {
            return dir.getFileName().toString();
        }

        public Path mainSources() {
            return dir.resolve("src/main/java");
        }

        public Path testSources() {
            return dir.resolve("src/test/java");
        }
    }

    /** The system property in which the launcher ({@code course}, {@code course.cmd}) passes its own directory. */
    public static final String HOME_PROPERTY = "fromzero.course.home";

    /**
     * The course at {@code explicitRoot} if given, else at {@code $COURSE_ROOT}, else the nearest
     * directory at or above the working directory that holds a pom.xml and a solutions/ directory,
     * else the launcher's own checkout ({@link #HOME_PROPERTY}): {@code /path/to/course status}
     * works from anywhere.
     */
    public static Course locate(Path explicitRoot) {
        return locate(explicitRoot, System.getenv("COURSE_ROOT"), Path.of("").toAbsolutePath(), System.getProperty(HOME_PROPERTY));
    }

    /** {@link #locate(Path)} with its inputs given: the option, the environment, the working directory, the launcher's. */
    static Course locate(Path explicitRoot, String env, Path cwd, String home) {
        if (explicitRoot != null) {
            return checked(explicitRoot, "--root");
        }
        if (env != null && !env.isBlank()) {
            return checked(Path.of(env), "COURSE_ROOT");
        }
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            if (isCourseRoot(dir)) {
                return new Course(dir);
            }
        }
        if (home != null && !home.isBlank() && isCourseRoot(Path.of(home).toAbsolutePath().normalize())) {
            return new Course(Path.of(home).toAbsolutePath().normalize());
        }
        throw new CourseException("no course found at or above " + cwd
                + ": run ./course from inside the fromzero checkout, or pass --root DIR");
    }

    private static Course checked(Path dir, String source) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!isCourseRoot(abs)) {
            throw new CourseException(source + " points at " + abs
                    + ", which is not a course checkout (it needs a pom.xml and a solutions/ directory)");
        }
        return new Course(abs);
    }

    private static boolean isCourseRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("solutions"));
    }

    /** The reference sources, from which every chapter's main code is generated. */
    public Path solutionSources() {
        return root.resolve("solutions/src/main/java");
    }

    /** The mutants file of chapter {@code n}, which may not exist. */
    public Path mutantsFile(int n) {
        return root.resolve("solutions/mutants").resolve(String.format("chapter%02d.txt", n));
    }

    /** Where the tool keeps everything it compiles and runs: {@code target/course/} under the root. */
    public Path work(String first, String... more) {
        return root.resolve("target/course").resolve(Path.of(first, more));
    }

    /** The chapter modules, in chapter order. */
    public List<Chapter> chapters() {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory)
                    .flatMap(dir -> {
                        Matcher m = CHAPTER_DIR.matcher(dir.getFileName().toString());
                        return m.matches() ? Stream.of(new Chapter(Integer.parseInt(m.group(1)), dir)) : Stream.empty();
                    })
                    .sorted((a, b) -> Integer.compare(a.number(), b.number()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /**
     * Chapter {@code n}, or an error listing the chapters there are; for a chapter the README's
     * table announces as coming ({@code | `chapter04-raft` | ... (coming) |}), an error saying so.
     */
    public Chapter chapter(int n) {
        List<Chapter> chapters = chapters();
        return chapters.stream().filter(c -> c.number() == n).findFirst().orElseThrow(() -> {
            String there = chapters.isEmpty() ? "there are no chapters yet"
                    : "the chapters so far are " + chapters.stream().map(c -> c.number() + " (" + c.name() + ")")
                    .collect(Collectors.joining(", "));
            return new CourseException(coming(n)
                    .map(row -> "chapter " + n + " (" + row + ") is coming: it is not in the course yet; " + there)
                    .orElse("there is no chapter " + n + " in " + root + "; " + there));
        });
    }

    /** The README's row for chapter {@code n} if it says the chapter is coming: its name and what it builds. */
    private Optional<String> coming(int n) {
        Pattern row = Pattern.compile(String.format("^\\|\\s*`(chapter%02d-[^`]+)`\\s*\\|\\s*(.*?)\\s*\\(coming\\)", n));
        try (Stream<String> lines = Files.lines(root.resolve("README.md"))) {
            return lines.map(row::matcher).filter(Matcher::find).findFirst().map(m -> m.group(1) + ": " + m.group(2));
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }
}
