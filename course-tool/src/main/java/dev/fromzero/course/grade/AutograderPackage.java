package dev.fromzero.course.grade;

import dev.fromzero.course.Course;
import dev.fromzero.course.CourseException;
import dev.fromzero.course.FileTrees;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Gradescope's autograder zip ({@code ./course grade --package gradescope}):
 *
 * <pre>
 * setup.sh          installs a JDK 17 and builds the course tool, which fetches Maven and every
 *                   dependency once, so that grading needs no network
 * run_autograder    grades /autograder/submission into /autograder/results/results.json
 * course/           the course: its files as git lists them (target/ and the like left out)
 * hidden-tests/     the hidden tests, when --hidden-tests was given
 * </pre>
 *
 * The grading options (chapters, seed, limits) are written into run_autograder. The scripts are
 * marked executable in the zip (Unix modes in the central directory, which java.util.zip cannot
 * write, so they are patched in afterwards), and setup.sh makes sure of it anyway.
 */
public final class AutograderPackage {

    private static final Set<String> EXECUTABLE = Set.of("setup.sh", "run_autograder", "course/course", "course/mvnw");

    private AutograderPackage() {
    }

    /** Writes the zip to {@code zip}; {@code gradeArgs} are the options run_autograder passes to grade. */
    public static void write(Course course, Path hiddenTests, List<String> gradeArgs, Path zip) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            add(out, "setup.sh", script("setup.sh"));
            add(out, "run_autograder", script("run_autograder").replace("@GRADE_ARGS@", String.join(" ", gradeArgs)));
            for (String file : courseFiles(course.root())) {
                add(out, "course/" + file, Files.readAllBytes(course.root().resolve(file)));
            }
            if (hiddenTests != null) {
                for (Path f : FileTrees.regularFiles(hiddenTests)) {
                    add(out, "hidden-tests/" + hiddenTests.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the autograder zip: " + e.getMessage(), e);
        }
        try {
            Files.createDirectories(zip.toAbsolutePath().getParent());
            Files.write(zip, withUnixModes(bytes.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + zip + ": " + e.getMessage(), e);
        }
    }

    private static void add(ZipOutputStream out, String name, String text) throws IOException {
        add(out, name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void add(ZipOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(content);
        out.closeEntry();
    }

    private static String script(String name) {
        try (var in = AutograderPackage.class.getResourceAsStream("gradescope/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the course tool lacks its resource gradescope/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The course's files: what git tracks, plus new files it does not ignore; without git, every
     * file but build output ({@code target/}) and hidden directories other than {@code .mvn}.
     */
    static List<String> courseFiles(Path root) {
        try {
            Process git = new ProcessBuilder("git", "ls-files", "--cached", "--others", "--exclude-standard", "-z")
                    .directory(root.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] listing = git.getInputStream().readAllBytes();
            if (git.waitFor(1, TimeUnit.MINUTES) && git.exitValue() == 0) {
                Set<String> files = new TreeSet<>();
                for (String f : new String(listing, StandardCharsets.UTF_8).split("\0")) {
                    if (!f.isEmpty() && Files.isRegularFile(root.resolve(f))) {
                        files.add(f);
                    }
                }
                return List.copyOf(files);
            }
        } catch (IOException e) {
            // no git: list the files ourselves
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CourseException("interrupted while listing the course's files");
        }
        try (Stream<Path> files = Files.walk(root)) {
            List<String> listed = new ArrayList<>();
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String rel = root.relativize(f).toString().replace('\\', '/');
                if (Stream.of(rel.split("/")).noneMatch(d -> d.equals("target") || d.startsWith(".") && !d.equals(".mvn"))) {
                    listed.add(rel);
                }
            }
            return listed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the course in " + root, e);
        }
    }

    /**
     * Marks every entry of the zip as made on Unix, with mode 755 for the scripts and 644 for the
     * rest: the central directory's "version made by" and "external attributes" fields, which
     * unzip turns into file modes.
     */
    static byte[] withUnixModes(byte[] zip) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int end = zip.length - 22;
        while (end >= 0 && b.getInt(end) != 0x06054b50) {
            end--;
        }
        if (end < 0) {
            throw new IllegalStateException("not a zip: no end of central directory");
        }
        int entries = Short.toUnsignedInt(b.getShort(end + 10));
        int at = b.getInt(end + 16);
        for (int i = 0; i < entries; i++) {
            if (b.getInt(at) != 0x02014b50) {
                throw new IllegalStateException("not a central directory entry at " + at);
            }
            int nameLength = Short.toUnsignedInt(b.getShort(at + 28));
            String name = new String(zip, at + 46, nameLength, StandardCharsets.UTF_8);
            b.putShort(at + 4, (short) (3 << 8 | 20));
            b.putInt(at + 38, (EXECUTABLE.contains(name) ? 0100755 : 0100644) << 16);
            at += 46 + nameLength + Short.toUnsignedInt(b.getShort(at + 30)) + Short.toUnsignedInt(b.getShort(at + 32));
        }
        return zip;
    }
}
