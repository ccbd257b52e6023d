package dev.fromzero.course;

import dev.fromzero.testkit.ScratchExtension;
import dev.fromzero.testkit.sql.slt.SltMain;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./course slt FILE...}: runs sqllogictest files against chapter 5's engine (the learner's,
 * or with {@code --reference} the solution snapshot), each file on a fresh database. It prints
 * each failing record with its file and line, the SQL, what was expected and what came back, a
 * count per file, and last {@code N passed, N failed}; it exits with 1 when a record failed.
 * The records run in a JVM of their own, as tests do, so that the engine's bugs (an endless
 * loop aside, which Ctrl-C ends) cannot take the tool down.
 */
@Command(name = "slt",
        description = {"Run sqllogictest files (SQLite's format) against chapter 5's engine, each on a fresh database.",
                "Runs your code in chapter05-sql/src/main/java, or with --reference the course's solution."})
final class SltCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "The .slt files to run.")
    private List<Path> files;

    @Option(names = "--reference", description = "Run the course's solution of chapter 5 instead of your code.")
    private boolean reference;

    @Override
    public Integer call() throws InterruptedException {
        Course course = main.course();
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
