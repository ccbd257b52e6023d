package dev.fromzero.course.verify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
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
 * Runs a chapter's suite against mutants in a warm {@link MutantWorker} JVM, first the test that
 * killed each mutant last time, then the others until one fails. A mutant that hangs, exits or
 * runs out of memory is handled as {@code ./course test} handles it: the test it was running
 * fails with the reason (so it kills the mutant), and the next mutant gets a fresh JVM. So does
 * the next mutant after one whose tests left threads running, so that no mutant's leftovers can
 * fail another's tests.
 */
final class MutantRunner implements AutoCloseable {

    /** How long the JVM may take to start and load the suite before its first test starts. */
    private static final Duration START_UP = Duration.ofSeconds(30);
    private static final String EOF = "\u0000EOF";

    /**
     * The outcome of one mutant. {@code killer} is the test that failed ({@code Class#method}),
     * null when none did; {@code why} is null when a test failed on its own, else why the run
     * ended (a hang, an exit), and it kills the mutant too.
     */
    record Verdict(String killer, String why) {

        boolean killed() {
            return killer != null || why != null;
        }
    }

    private final Path workingDir;
    private final Path log;
    private final Duration perTest;
    private final String heap;
    private Process worker;
    private PrintStream requests;
    private BlockingQueue<String> replies;

    /** Workers run in {@code workingDir} (the chapter's module, as under Maven) and log to {@code log}. */
    MutantRunner(Path workingDir, Path log, Duration perTest, String heap) {
        this.workingDir = workingDir;
        this.log = log;
        this.perTest = perTest;
        this.heap = heap;
    }

    /** Runs the tests compiled into {@code testClasses} against {@code mainClasses}, {@code first} first (may be null). */
    Verdict run(Path mainClasses, Path testClasses, String first) {
        if (worker == null) {
            start();
        }
        requests.println(String.join("\t", "RUN", mainClasses.toString(), testClasses.toString(), first == null ? "-" : first));
        String running = null;
        Duration limit = START_UP.plus(perTest);
        while (true) {
            String reply = next(limit);
            if (reply == null) {
                stop();
                return new Verdict(running, "timed out: " + (running == null ? "the test JVM did not start a test" : "still running")
                        + " after " + limit.toSeconds() + " s (the limit per test): an endless loop, a deadlock, or a wait that never ends?");
            }
            if (reply.equals(EOF)) {
                String why = death();
                stop();
                return new Verdict(running, why + (running == null ? " outside any test" : " during this test"));
            }
            String[] f = reply.split("\t", 2);
            switch (f[0]) {
                case "START" -> {
                    running = f[1];
                    limit = perTest;
                }
                case "PASS" -> running = null;
                case "FAIL" -> {
                    awaitDone();
                    return new Verdict(f[1], null);
                }
                case "DONE" -> {
                    if (f.length > 1) {
                        stop();
                    }
                    return new Verdict(null, null);
                }
                case "ERROR" -> {
                    awaitDone();
                    return new Verdict(null, "the test run did not complete: " + f[1]);
                }
                default -> throw new IllegalStateException("unexpected reply from the mutant worker: " + reply);
            }
        }
    }

    /** Waits for the {@code DONE} that ends a run, and retires a worker whose tests left threads behind. */
    private void awaitDone() {
        String done = next(perTest);
        if (done == null || !done.equals("DONE")) {
            stop();
        }
    }

    private String next(Duration limit) {
        try {
            return replies.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private String death() {
        try {
            worker.waitFor(10, TimeUnit.SECONDS);
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (text.contains("OutOfMemoryError")) {
                return "the test JVM ran out of memory (the heap limit is " + heap + ")";
            }
            return "the test JVM exited" + (worker.isAlive() ? "" : " with status " + worker.exitValue())
                    + " (System.exit or Runtime.halt?)";
        } catch (IOException e) {
            return "the test JVM ended";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "the test JVM ended";
        }
    }

    private void start() {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), MutantWorker.class.getName()));
        try {
            Files.createDirectories(log.getParent());
            Files.deleteIfExists(log);
            worker = new ProcessBuilder(command).directory(workingDir.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the mutant worker JVM: " + e.getMessage(), e);
        }
        requests = new PrintStream(worker.getOutputStream(), true, StandardCharsets.UTF_8);
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        replies = queue;
        Process started = worker;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    queue.add(line);
                }
            } catch (IOException e) {
                // the worker was killed: the end of its output says so
            }
            queue.add(EOF);
        }, "mutant-worker-replies");
        reader.setDaemon(true);
        reader.start();
    }

    private void stop() {
        if (worker != null) {
            worker.destroyForcibly();
            try {
                worker.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            requests.close();
        }
        worker = null;
    }

    @Override
    public void close() {
        stop();
    }
}
