package dev.fromzero.course.runner;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Starts {@link ForkedRunner} in a child JVM and collects its results. The child's class path is
 * the compiled main classes, the compiled tests, then this tool's own class path (JUnit, testkit,
 * AssertJ and the runner itself). It runs in the chapter's module directory, as under Maven, so
 * relative paths in tests mean the same thing. Its output goes to a log file, shown only with
 * {@code --verbose} or when something went wrong.
 */
public final class TestRun {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    /** Which tests to run: a step, a {@code Class[#method]}, or all (nulls); fail-fast stops at the first failure. */
    public record Selection(Integer step, String test, boolean failFast) {

        public static Selection all() {
            return new Selection(null, null, false);
        }
    }

    /**
     * A finished run. {@code problem} is null when the runner reached its end, else it says what
     * went wrong (a crash, a timeout, a selection naming nothing) and where the log is.
     */
    public record Outcome(List<TestResult> results, String problem) {

        public boolean ok() {
            return problem == null;
        }
    }

    private TestRun() {
    }

    /**
     * Runs the tests compiled into {@code testClasses} against {@code mainClasses}, from
     * {@code workingDir}. {@code work} receives the results file and the log.
     */
    public static Outcome run(Path mainClasses, Path testClasses, Path workingDir, Selection selection,
                              String seed, Path work, boolean verbose) {
        Path results = work.resolve("results.txt");
        Path log = work.resolve("runner.log");
        try {
            Files.createDirectories(work);
            Files.deleteIfExists(results);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + work, e);
        }
        Process process = start(command(mainClasses, testClasses, selection, seed, results), workingDir, log);
        boolean finished = await(process);
        ResultsFile.Contents contents = ResultsFile.read(results);
        if (verbose) {
            printLog(log);
        }
        return new Outcome(contents.results(), problem(finished, process, contents, log));
    }

    private static List<String> command(Path mainClasses, Path testClasses, Selection selection, String seed, Path results) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        if (seed != null) {
            command.add("-Dfromzero.seed=" + seed);
        }
        command.addAll(List.of("-cp", List.of(mainClasses.toString(), testClasses.toString(),
                        System.getProperty("java.class.path")).stream().collect(Collectors.joining(File.pathSeparator)),
                ForkedRunner.class.getName(), "--results", results.toString(), "--tests", testClasses.toString()));
        if (selection.step() != null) {
            command.addAll(List.of("--step", selection.step().toString()));
        }
        if (selection.test() != null) {
            command.addAll(List.of("--test", selection.test()));
        }
        if (selection.failFast()) {
            command.add("--fail-fast");
        }
        return command;
    }

    private static Process start(List<String> command, Path workingDir, Path log) {
        try {
            Process process = new ProcessBuilder(command).directory(workingDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            process.getOutputStream().close(); // a test that reads stdin sees its end rather than hanging
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a JVM to run the tests: " + e.getMessage(), e);
        }
    }

    private static boolean await(Process process) {
        try {
            if (process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        return false;
    }

    private static String problem(boolean finished, Process process, ResultsFile.Contents contents, Path log) {
        String hung = contents.lastStarted() == null ? "" : " (the last test started was " + contents.lastStarted() + ")";
        if (!finished) {
            return "the tests did not finish within " + TIMEOUT.toMinutes() + " minutes and were stopped" + hung
                    + "; look for an endless loop or a deadlock; the output is in " + log;
        }
        if (!contents.errors().isEmpty()) {
            return String.join("\n", contents.errors());
        }
        if (!contents.complete()) {
            return "the test JVM ended early (exit code " + process.exitValue() + ")" + hung
                    + ": did the code call System.exit or run out of memory? Its output is in " + log;
        }
        return null;
    }

    private static void printLog(Path log) {
        try {
            System.out.print(Files.readString(log));
        } catch (IOException e) {
            System.out.println("(cannot read " + log + ": " + e.getMessage() + ")");
        }
    }
}
