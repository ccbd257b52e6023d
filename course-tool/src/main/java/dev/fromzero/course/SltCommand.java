package dev.fromzero.course;

import dev.fromzero.testkit.ScratchExtension;
import dev.fromzero.testkit.sql.slt.SltMain;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./course slt [FILE...]}: runs sqllogictest files against chapter 5's engine (the learner's,
 * or with {@code --reference} the solution snapshot), each file on a fresh database; without a
 * FILE, SQLite's select1 to select5, shipped in the chapter's {@value #CORPUS} (step 18). It
 * prints each failing record with its file and line, the SQL, what was expected and what came
 * back, a count and the run time per file, and last {@code N passed, N failed}; it exits with 1
 * when a record failed.
 * The records run in a JVM of their own, as tests do, so that the engine's bugs (an endless
 * loop aside, which Ctrl-C ends) cannot take the tool down.
 */
@Command(name = "slt",
        description = {"Run sqllogictest files (SQLite's format) against chapter 5's engine, each on a fresh database.",
                "Without FILE: SQLite's select1-select5, which chapter 5 ships (step 18).",
                "Runs your code in chapter05-sql/src/main/java, or with --reference the course's solution.",
                "Prints each failing record (file:line, SQL, expected, actual), a count and a",
                "time per file, and last 'N passed, N failed'; exits 1 when a record failed."})
final class SltCommand implements Callable<Integer> {

    /** Where chapter 5 keeps SQLite's corpus files, in its module. */
    static final String CORPUS = "src/test/resources/sqlite";

    @ParentCommand
    private Main main;

    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "The .slt or .test files to run (default: SQLite's select1-select5 that chapter 5 ships).")
    private List<Path> files = new ArrayList<>();

    @Option(names = "--reference", description = "Run the course's solution of chapter 5 instead of your code.")
    private boolean reference;

    @Override
    public Integer call() throws InterruptedException {
        Course course = main.course();
        if (files.isEmpty()) {
            files = corpus(course);
        }
        List<Path> paths = ChapterEngine.existing(files);
        ChapterEngine.Classes classes = ChapterEngine.compile(course, reference, main.style());
        if (classes == null) {
            return 1;
        }
        Path scratch = course.work("slt", reference ? "reference" : "yours", "databases");
        ScratchExtension.deleteRecursively(scratch);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes.classpath(), SltMain.class.getName(),
                "--engine", ChapterEngine.ADAPTER, "--scratch", scratch.toString()));
        // Shown as the learner gave them, where they are relative to the working directory.
        for (int i = 0; i < files.size(); i++) {
            command.add(files.get(i).isAbsolute() ? paths.get(i).toString() : files.get(i).toString());
        }
        Process run;
        try {
            run = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a JVM to run the files: " + e.getMessage(), e);
        }
        closeQuietly(run.getOutputStream());
        copy(run.getInputStream(), System.out);
        return run.waitFor();
    }

    /** SQLite's files that chapter 5 ships, as paths from the working directory when they are below it. */
    private static List<Path> corpus(Course course) {
        Path dir = course.chapter(ChapterEngine.CHAPTER).dir().resolve(CORPUS);
        List<Path> found;
        try (Stream<Path> list = Files.list(dir)) {
            found = list.filter(f -> f.getFileName().toString().endsWith(".test")).sorted().toList();
        } catch (IOException e) {
            found = List.of();
        }
        if (found.isEmpty()) {
            throw new CourseException("no SQLite corpus (*.test) in " + dir + ": name the files to run, ./course slt FILE...");
        }
        Path cwd = Path.of("").toAbsolutePath();
        return found.stream().map(f -> f.toAbsolutePath().normalize())
                .map(f -> f.startsWith(cwd) ? cwd.relativize(f) : f).toList();
    }

    private static void closeQuietly(OutputStream stdin) {
        try {
            stdin.close(); // a runner that reads its input sees the end rather than waiting
        } catch (IOException ignored) {
            // nothing was written to it
        }
    }

    private static void copy(InputStream in, OutputStream out) {
        try (in) {
            in.transferTo(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the runner's output: " + e.getMessage(), e);
        }
    }
}
