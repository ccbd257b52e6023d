package dev.fromzero.course.watch;

import dev.fromzero.course.runner.ResultsFile;
import dev.fromzero.course.runner.ResultsTail;
import dev.fromzero.course.runner.TestResult;
import dev.fromzero.course.runner.TestRun;
import dev.fromzero.course.runner.WarmRunner;
import dev.fromzero.testkit.ScratchExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The watcher's side of a {@link WarmRunner}: one test JVM that stays up between saves. It is
 * started lazily and started again whenever it dies (a test called {@code System.exit}), hangs
 * past the timeout (it is killed, with its children), or leaks threads (it is retired after the
 * run). The worker's output goes to {@code log}.
 */
final class Worker implements AutoCloseable {

    private static final String EOF = "\u0000eof";
    private static final Duration POLL = Duration.ofMillis(100);

    private final Path workingDir;
    private final Path log;
    private final long seed;
    private final Duration timeout;
    private Process process;
    private Writer requests;
    private BlockingQueue<String> replies;

    Worker(Path workingDir, Path log, long seed, Duration timeout) {
        this.workingDir = workingDir;
        this.log = log;
        this.seed = seed;
        this.timeout = timeout;
    }

    /** Starts the JVM now, so that the first run does not wait for it. */
    void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dfromzero.seed=" + seed, "-D" + ScratchExtension.ROOT_PROPERTY + "=" + scratch(),
                "-cp", System.getProperty("java.class.path"), WarmRunner.class.getName()));
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command).directory(workingDir.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a JVM to run the tests: " + e.getMessage(), e);
        }
        requests = process.outputWriter(StandardCharsets.UTF_8);
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread pump = new Thread(() -> {
            try {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    queue.add(line);
                }
            } catch (IOException e) {
                // the worker died: the EOF below says so
            }
            queue.add(EOF);
        }, "watch-worker-replies");
        pump.setDaemon(true);
        pump.start();
        replies = queue;
    }

    /** Runs step {@code step} (all steps when null) of the tests in {@code testClasses}. */
    TestRun.Outcome run(Path mainClasses, Path testClasses, Integer step, Path results) {
        return run(mainClasses, testClasses, step, results, TestRun.Progress.NONE);
    }

    /** As {@link #run(Path, Path, Integer, Path)}, telling {@code progress} of each test as the run goes. */
    TestRun.Outcome run(Path mainClasses, Path testClasses, Integer step, Path results, TestRun.Progress progress) {
        start();
        try {
            ScratchExtension.deleteRecursively(scratch()); // what the last run's failures kept
            Files.deleteIfExists(results);
            requests.write(String.join("\t", "RUN", results.toString(), mainClasses.toString(), testClasses.toString(),
                    step == null ? "-" : step.toString()) + "\n");
            requests.flush();
        } catch (IOException e) {
            // The worker died between runs; its results file says nothing, and the next run restarts it.
            stop();
            return new TestRun.Outcome(List.of(), "the test JVM was gone; it is restarted for the next run");
        }
        String reply = await(new ResultsTail(results, progress));
        ResultsFile.Contents contents = ResultsFile.read(results);
        String hung = contents.lastStarted() == null ? "" : " (the last test started was " + contents.lastStarted() + ")";
        if (reply == null) {
            stop();
            return new TestRun.Outcome(contents.results(), "the tests did not finish within " + timeout.toSeconds()
                    + " s and were stopped" + hung + "; look for an endless loop or a deadlock; the output is in " + log);
        }
        if (reply.equals(EOF)) {
            int exit = exitCode();
            stop();
            return died(contents, exit);
        }
        if (reply.startsWith("DONE LEAKED")) {
            stop(); // the tests left threads running: the next run gets a clean JVM
        }
        if (!contents.errors().isEmpty()) {
            return new TestRun.Outcome(contents.results(), String.join("\n", contents.errors()));
        }
        return new TestRun.Outcome(contents.results(), contents.complete() ? null : "the test run did not complete" + hung);
    }

    /**
     * The JVM ended during a run. What it said as it died (the {@code OutOfMemoryError}, a
     * {@code System.exit}, with the test's frames) becomes the failure of the test it was running.
     */
    private TestRun.Outcome died(ResultsFile.Contents contents, int exit) {
        TestResult running = contents.started().isEmpty() ? null : contents.started().get(contents.started().size() - 1);
        if (running == null || contents.results().stream().anyMatch(r -> r.id().equals(running.id()))) {
            return new TestRun.Outcome(contents.results(), "the test JVM ended between tests (exit code " + exit
                    + "): did a class's setup call System.exit? Its output is in " + log);
        }
        ResultsFile.Death death = contents.died();
        String why = death == null
                ? "the test JVM ended during this test (exit code " + exit + "), without a word: did the code call Runtime.halt?"
                : death.message().contains("OutOfMemoryError")
                ? "the test JVM (a 512 MB heap) ran out of memory during this test: " + death.message()
                : "the test JVM exited (exit code " + exit + ") during this test: " + death.message() + " here:";
        List<TestResult> results = new ArrayList<>(contents.results());
        results.add(running.failedWith(why, death == null ? "" : death.trace()));
        return new TestRun.Outcome(results, null);
    }

    private Path scratch() {
        return log.resolveSibling("scratch");
    }

    /** The worker's reply, or null if it timed out. */
    private String await(ResultsTail tail) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                String reply = replies.poll(Math.min(left, POLL.toNanos()), TimeUnit.NANOSECONDS);
                tail.poll();
                if (reply != null) {
                    return reply;
                }
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private int exitCode() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void stop() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
