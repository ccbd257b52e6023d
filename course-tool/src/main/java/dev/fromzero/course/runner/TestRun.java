package dev.fromzero.course.runner;

import dev.fromzero.testkit.ScratchExtension;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Starts {@link ForkedRunner} in a child JVM and collects its results. The child's class path is
 * the compiled tests, then this tool's own class path (JUnit, testkit, AssertJ and the runner
 * itself), then the compiled main classes last, so that main code cannot stand in for a test or a
 * library class. It runs in the chapter's module directory, as under Maven, so relative paths in
 * tests mean the same thing. Its output goes to a log file, shown only with {@code --verbose}.
 *
 * <p>A test costs only itself, whatever it does. The child streams each test's start and end to
 * the results file; the tool watches that file. If nothing is written for the per-test limit,
 * the test running is failed as timed out and the JVM is killed; if the JVM dies (a
 * {@code System.exit}, running out of memory), the test running is failed with that reason. Either
 * way a new JVM runs the tests that remain, skipping those already started ({@link AlreadyRun}).
 * When the per-chapter limit runs out, the unfinished tests fail.
 */
public final class TestRun {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration START_UP = Duration.ofSeconds(30);

    /** Which tests to run: a step, a {@code Class[#method]}, or all (nulls); fail-fast stops at the first failure. */
    public record Selection(Integer step, String test, boolean failFast) {

        public static Selection all() {
            return new Selection(null, null, false);
        }
    }

    /**
     * The limits of a run: how long one test may run, how long the whole run may take, the
     * child's heap ({@code -Xmx}), and how many bytes of each test's output to keep with its
     * result (0: output goes to the log, as a learner's run wants).
     */
    public record Limits(Duration perTest, Duration perRun, String heap, int outputBytes) {

        /**
         * A learner's run: generous per test, since timeouts protect against hangs, not slowness,
         * and a learner's machine may be slow (the grader sets its own, tighter, limits).
         */
        public static Limits defaults() {
            return new Limits(Duration.ofMinutes(2), Duration.ofMinutes(10), "512m", 0);
        }
    }

    /**
     * A finished run. {@code problem} is null when every test the run was asked for has a result
     * (a test that hung or killed its JVM has a failed one), else it says what went wrong (a
     * selection naming nothing, a JVM that could not start) and where the log is.
     */
    public record Outcome(List<TestResult> results, String problem) {

        public boolean ok() {
            return problem == null;
        }
    }

    /**
     * Told of each test as it starts and finishes, while the run goes on, so that a learner sees
     * the steps come in rather than a quiet terminal. A test the JVM could not finish, or that
     * never ran, is told as finished with its failure.
     */
    public interface Progress {

        Progress NONE = new Progress() {
        };

        default void started(TestResult test) {
        }

        default void finished(TestResult test) {
        }
    }

    private enum Ending { EXITED, TEST_TIMEOUT, RUN_TIMEOUT }

    private TestRun() {
    }

    /** Runs the tests compiled into {@code testClasses} against {@code mainClasses}, with the default limits. */
    public static Outcome run(Path mainClasses, Path testClasses, Path workingDir, Selection selection,
                              String seed, Path work, boolean verbose) {
        return run(mainClasses, List.of(testClasses), workingDir, selection, seed, Limits.defaults(), work, verbose);
    }

    /**
     * Runs the tests compiled into the {@code testClasses} directories against {@code mainClasses},
     * from {@code workingDir}. {@code work} receives the results files and the log.
     */
    public static Outcome run(Path mainClasses, List<Path> testClasses, Path workingDir, Selection selection,
                              String seed, Limits limits, Path work, boolean verbose) {
        return run(mainClasses, testClasses, workingDir, selection, seed, limits, work, verbose, Progress.NONE);
    }

    /** As {@link #run(Path, List, Path, Selection, String, Limits, Path, boolean)}, telling {@code progress} of each test. */
    public static Outcome run(Path mainClasses, List<Path> testClasses, Path workingDir, Selection selection,
                              String seed, Limits limits, Path work, boolean verbose, Progress progress) {
        Path log = work.resolve("runner.log");
        Path alreadyRunFile = work.resolve("already-run.txt");
        clean(work);
        long deadline = System.nanoTime() + limits.perRun().toNanos();
        Map<String, TestResult> planned = new LinkedHashMap<>();
        Map<String, TestResult> results = new LinkedHashMap<>();
        Set<String> alreadyRun = new LinkedHashSet<>();
        List<String> errors = new ArrayList<>();
        String notRun = null;
        for (int fork = 1; ; fork++) {
            Path resultsFile = work.resolve("results-" + fork + ".txt");
            write(alreadyRunFile, alreadyRun);
            long logBefore = size(log);
            Process process = start(command(mainClasses, testClasses, selection, seed, limits, resultsFile, alreadyRunFile,
                    scratch(work)), workingDir, log);
            ResultsTail tail = new ResultsTail(resultsFile, progress);
            Ending ending = watch(process, resultsFile, limits.perTest(), deadline, tail);
            tail.poll();
            ResultsFile.Contents contents = ResultsFile.read(resultsFile);
            contents.planned().forEach(t -> planned.putIfAbsent(method(t), t));
            contents.results().forEach(t -> results.putIfAbsent(t.id(), t));
            errors.addAll(contents.errors());
            boolean progressed = false;
            for (TestResult t : contents.started()) {
                progressed |= alreadyRun.add(t.id());
            }
            if (contents.complete()) {
                break;
            }
            TestResult running = contents.started().stream().filter(t -> !results.containsKey(t.id()))
                    .reduce((first, second) -> second).orElse(null);
            String why = switch (ending) {
                case TEST_TIMEOUT -> "timed out: still running after " + seconds(limits.perTest())
                        + " (the limit per test): an endless loop, a deadlock, or a wait that never ends?";
                case RUN_TIMEOUT -> "the time limit of the whole run (" + seconds(limits.perRun()) + ") ran out during this test";
                case EXITED -> death(process, contents.died(), log, logBefore, limits);
            };
            if (running != null) {
                TestResult failed = running.failedWith(why, ending == Ending.EXITED && contents.died() != null
                        ? contents.died().trace() : "");
                results.put(running.id(), failed);
                progress.finished(failed);
            }
            if (ending == Ending.RUN_TIMEOUT) {
                notRun = "did not run: the time limit of the whole run (" + seconds(limits.perRun()) + ") ran out";
                break;
            }
            if (running == null || !progressed) {
                notRun = "did not run: the test JVM " + (ending == Ending.TEST_TIMEOUT ? "hung for " + seconds(limits.perTest())
                        : "ended with status " + process.exitValue()) + " outside any test (in a class's setup?); the log is " + log;
                break;
            }
            if (selection.failFast()) {
                break;
            }
        }
        if (notRun != null) {
            Set<String> ran = results.values().stream().map(TestRun::method).collect(Collectors.toSet());
            for (TestResult t : unfinished(planned.values(), results, mainClasses, testClasses, workingDir, work)) {
                if (t.dynamic() ? !results.containsKey(t.id()) : !ran.contains(method(t))) {
                    results.put(t.id(), t.failedWith(notRun));
                    progress.finished(results.get(t.id()));
                }
            }
        }
        if (verbose) {
            printLog(log);
        }
        String problem = !errors.isEmpty() ? String.join("\n", errors)
                : notRun != null && results.isEmpty() ? "no test ran: " + notRun.substring("did not run: ".length()) : null;
        return new Outcome(List.copyOf(results.values()), problem);
    }

    /**
     * The tests of the {@code testClasses} directories, each with its step and points, as PLAN
     * lines list them, without running any: what a grader needs to list the tests of a chapter it
     * cannot run. A test factory's dynamic tests are listed one by one (the factories run for
     * that, their tests do not), so that a plan counts what a run counts.
     */
    public static List<TestResult> plan(Path mainClasses, List<Path> testClasses, Path workingDir, Path work) {
        Path log = work.resolve("runner.log");
        Path results = work.resolve("results-plan.txt");
        Path alreadyRun = work.resolve("already-run.txt");
        clean(work);
        write(alreadyRun, Set.of());
        Limits limits = Limits.defaults();
        List<String> command = command(mainClasses, testClasses, Selection.all(), null, limits, results, alreadyRun, scratch(work));
        command.add("--list");
        watch(start(command, workingDir, log), results, limits.perTest(), System.nanoTime() + limits.perRun().toNanos(),
                new ResultsTail(results, Progress.NONE));
        List<TestResult> planned = ResultsFile.read(results).planned();
        // A factory that listed its dynamic tests is those tests; one that listed none stays one test.
        Set<String> factories = planned.stream().filter(TestResult::dynamic).map(TestResult::factoryId).collect(Collectors.toSet());
        return planned.stream().filter(t -> !factories.contains(t.id())).toList();
    }

    /**
     * The planned tests, with each test factory's dynamic tests in its place when there are
     * factories: a plan made before the run cannot know them, so a listing run is asked (only
     * when a run ends early), lest the tests a factory never reached drop out of the total.
     */
    private static List<TestResult> unfinished(Collection<TestResult> planned, Map<String, TestResult> results,
                                               Path mainClasses, List<Path> testClasses, Path workingDir, Path work) {
        if (planned.stream().noneMatch(t -> t.id().contains("/[test-factory:"))) {
            return List.copyOf(planned);
        }
        List<TestResult> listed = new ArrayList<>(plan(mainClasses, testClasses, workingDir, work.resolve("plan")));
        Set<String> listedIds = listed.stream().map(TestResult::id).collect(Collectors.toSet());
        planned.stream().filter(t -> !listedIds.contains(t.id()) && listed.stream().noneMatch(l -> l.factoryId().equals(t.id())))
                .forEach(listed::add);
        return listed;
    }

    private static String method(TestResult t) {
        return t.className() + "#" + t.method();
    }

    /**
     * Why the JVM ended before its run did, as the message of the test it was running: what the
     * runner said as it died ({@code died}: the {@code OutOfMemoryError}, a {@code System.exit}),
     * else what its log says, else its exit status.
     */
    private static String death(Process process, ResultsFile.Death died, Path log, long logBefore, Limits limits) {
        String memory = "the test JVM ran out of memory during this test (the heap limit is " + limits.heap() + ")";
        if (died != null && died.message().contains("OutOfMemoryError")) {
            return memory + ": " + died.message();
        }
        if (died != null) {
            return "the test JVM exited with status " + process.exitValue() + " during this test: " + died.message()
                    + (died.trace().isEmpty() ? "" : " here:");
        }
        String output = logSince(log, logBefore);
        if (output.contains("OutOfMemoryError")) {
            return memory + ": " + output.lines().filter(l -> l.contains("OutOfMemoryError")).findFirst().orElse("").strip();
        }
        return "the test JVM exited with status " + process.exitValue()
                + " during this test, without a word: did the code call Runtime.halt, or was the JVM killed?";
    }

    /** Where the tests' {@code @Scratch} directories go: under {@code work}, cleared by every run. */
    private static Path scratch(Path work) {
        return work.resolve("scratch");
    }

    private static List<String> command(Path mainClasses, List<Path> testClasses, Selection selection, String seed,
                                        Limits limits, Path results, Path alreadyRun, Path scratch) {
        // No -XX:+ExitOnOutOfMemoryError: the runner catches the error to say where it was thrown.
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + limits.heap(), "-D" + ScratchExtension.ROOT_PROPERTY + "=" + scratch));
        if (seed != null) {
            command.add("-Dfromzero.seed=" + seed);
        }
        String tests = testClasses.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        command.addAll(List.of("-cp", String.join(File.pathSeparator, tests, System.getProperty("java.class.path"),
                        mainClasses.toString()),
                ForkedRunner.class.getName(), "--results", results.toString(), "--tests", tests,
                "--already-run", alreadyRun.toString()));
        if (limits.outputBytes() > 0) {
            command.addAll(List.of("--capture", Integer.toString(limits.outputBytes())));
        }
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
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            process.getOutputStream().close(); // a test that reads stdin sees its end rather than hanging
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a JVM to run the tests: " + e.getMessage(), e);
        }
    }

    /**
     * Waits for the JVM to end. A results file that has not grown for {@code perTest} means a test
     * (or a class's setup) is stuck: the JVM is killed, as it is when the deadline passes. Until
     * the first test starts, the JVM also gets {@link #START_UP} to start and load the tests: that
     * is not a test's time, and it can be long on a busy machine.
     */
    private static Ending watch(Process process, Path results, Duration perTest, long deadline, ResultsTail tail) {
        long lastSize = 0;
        long lastActivity = System.nanoTime();
        boolean testsStarted = false;
        try {
            while (!process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                tail.poll();
                long now = System.nanoTime();
                long size = size(results);
                if (size != lastSize) {
                    lastSize = size;
                    lastActivity = now;
                    testsStarted = testsStarted || anyStarted(results);
                }
                if (now - deadline > 0) {
                    kill(process);
                    return Ending.RUN_TIMEOUT;
                }
                long allowed = perTest.toNanos() + (testsStarted ? 0 : START_UP.toNanos());
                if (now - lastActivity > allowed) {
                    kill(process);
                    return Ending.TEST_TIMEOUT;
                }
            }
            return Ending.EXITED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
            return Ending.RUN_TIMEOUT;
        }
    }

    private static boolean anyStarted(Path results) {
        try (Stream<String> lines = Files.lines(results, StandardCharsets.UTF_8)) {
            return lines.anyMatch(line -> line.startsWith("START\t"));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String seconds(Duration d) {
        return d.toSeconds() >= 120 && d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    private static void clean(Path work) {
        try {
            ScratchExtension.deleteRecursively(scratch(work)); // what the last run's failures kept
            Files.createDirectories(work);
            try (Stream<Path> old = Files.list(work)) {
                for (Path p : old.filter(p -> p.getFileName().toString().matches("results.*\\.txt|runner\\.log|already-run\\.txt"))
                        .toList()) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + work, e);
        }
    }

    private static void write(Path file, Set<String> lines) {
        try {
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String logSince(Path log, long offset) {
        try {
            byte[] all = Files.readAllBytes(log);
            return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void printLog(Path log) {
        try {
            System.out.print(Files.readString(log));
        } catch (IOException e) {
            System.out.println("(cannot read " + log + ": " + e.getMessage() + ")");
        }
    }
}
