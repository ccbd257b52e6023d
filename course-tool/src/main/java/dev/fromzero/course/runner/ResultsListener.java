package dev.fromzero.course.runner;

import dev.fromzero.course.runner.TestResult.Status;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.ScratchExtension;
import dev.fromzero.testkit.SeedExtension;
import dev.fromzero.testkit.Step;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Turns JUnit's execution events into {@link ResultsFile} lines, one per test as it finishes, so
 * that a run cut short still leaves what it did. A failure of a whole class (a failing
 * {@code @BeforeAll}, say) is reported against each of its tests, because a learner counts tests,
 * not containers. With fail-fast, the JVM halts right after the first failure is written.
 *
 * <p>Before anything runs, the plan's test methods are written as PLAN lines, and each test's
 * START line carries its step and points: if the test then kills the JVM, the tool can still
 * report it, and the tests that never ran, with what they were worth. If the JVM is dying during a
 * test ({@link #died}, {@link #exiting}), a DIED line says why, with the test's own frames.
 */
final class ResultsListener implements TestExecutionListener {

    private static final Pattern TODO = Pattern.compile("UnsupportedOperationException: (TODO\\(chapter\\d+\\): .*)");

    /** Frames of assertion and reflection machinery, which say nothing about the learner's code. */
    private static final Pattern FRAMEWORK = Pattern.compile(
            "org\\.assertj\\.|org\\.quicktheories\\.|org\\.junit\\.jupiter\\.api\\.|jdk\\.internal\\.|java\\.lang\\.reflect\\.");

    /** The JDK's own frames of an exit in progress. */
    private static final Pattern EXITING = Pattern.compile("java\\.lang\\.(Shutdown|Runtime|System|Thread|Object|ApplicationShutdownHooks.*)");

    private final PrintWriter out;
    private final boolean failFast;
    private final boolean listing;
    private final OutputCapture capture;
    private final Map<String, String> replays = new HashMap<>();
    private final Map<String, Long> startTimes = new HashMap<>();
    private final Map<String, String> keptDirectories = new HashMap<>();
    /** The thread running the current test, while one runs: whose frames say where the code exited. */
    private volatile Thread testThread;
    private final Set<String> reported = new HashSet<>();
    private TestPlan plan;

    ResultsListener(PrintWriter out, boolean failFast) {
        this(out, failFast, null);
    }

    /** {@code capture} is null when the tests' output is not captured per test. */
    ResultsListener(PrintWriter out, boolean failFast, OutputCapture capture) {
        this(out, failFast, capture, false);
    }

    /** {@code listing}: the run only lists the tests, so each dynamic test a factory registers is planned too. */
    ResultsListener(PrintWriter out, boolean failFast, OutputCapture capture, boolean listing) {
        this.out = out;
        this.failFast = failFast;
        this.capture = capture;
        this.listing = listing;
    }

    @Override
    public void dynamicTestRegistered(TestIdentifier id) {
        if (listing && id.isTest() && methodSource(id).isPresent()) {
            write(ResultsFile.plan(result(id, Status.FAILED, "", "", "")));
        }
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        for (TestIdentifier root : plan.getRoots()) {
            plan.getDescendants(root).stream()
                    .filter(id -> methodSource(id).isPresent() && !methodSource(plan.getParent(id).orElseThrow()).isPresent())
                    .forEach(id -> write(ResultsFile.plan(result(id, Status.FAILED, "", "", ""))));
        }
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        if (id.isTest() && methodSource(id).isPresent()) {
            write(ResultsFile.start(result(id, Status.FAILED, "", "", "")));
            startTimes.put(id.getUniqueId(), System.nanoTime());
            testThread = Thread.currentThread();
            if (capture != null) {
                capture.begin();
            }
        }
    }

    @Override
    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        String replay = entry.getKeyValuePairs().get(SeedExtension.REPLAY_KEY);
        if (replay != null) {
            replays.put(id.getUniqueId(), replay);
        }
        String kept = entry.getKeyValuePairs().get(ScratchExtension.KEPT_KEY);
        if (kept != null) {
            keptDirectories.merge(id.getUniqueId(), kept, (a, b) -> a + ", " + b);
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (reason.equals(AlreadyRun.REASON)) {
            return;
        }
        report(id, Status.SKIPPED, reason, "");
        plan.getDescendants(id).forEach(d -> report(d, Status.SKIPPED, reason, ""));
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        Throwable failure = result.getThrowable().orElse(null);
        Status status = switch (result.getStatus()) {
            case SUCCESSFUL -> Status.PASSED;
            case ABORTED -> Status.ABORTED;
            case FAILED -> Status.FAILED;
        };
        if (id.isTest()) {
            testThread = null;
            String kept = keptDirectories.remove(id.getUniqueId());
            report(id, status, message(failure) + (kept == null ? "" : "\nits files are kept for you to inspect in " + kept),
                    trace(failure));
        } else if (status == Status.FAILED) {
            // Tests that never ran because their container failed: each one fails with its reason.
            plan.getDescendants(id).forEach(d -> report(d, status, message(failure), trace(failure)));
            if (methodSource(id).isPresent()) {
                report(id, status, message(failure), trace(failure));
            }
        }
        if (status == Status.FAILED && failFast) {
            out.println(ResultsFile.end());
            out.flush();
            Runtime.getRuntime().halt(0);
        }
    }

    /**
     * The JVM cannot go on ({@code cause} is an {@link OutOfMemoryError} that unwound the test):
     * says so, with the frames where it was thrown, before the runner halts.
     */
    void died(Throwable cause) {
        write(ResultsFile.died(message(cause), trace(cause)));
    }

    /**
     * Called from a shutdown hook: the JVM is exiting although the run has not ended, so the test
     * running called {@code System.exit} (or {@code Runtime.exit}); its thread's frames say where.
     */
    void exiting() {
        Thread thread = testThread;
        if (thread == null) {
            return;
        }
        StringJoiner lines = new StringJoiner("\n");
        frames(thread.getStackTrace(), lines);
        write(ResultsFile.died("System.exit (or Runtime.exit) was called", lines.toString()));
    }

    private void report(TestIdentifier id, Status status, String message, String trace) {
        Optional<MethodSource> source = methodSource(id);
        if (source.isEmpty() || reported.contains(id.getUniqueId())
                || !id.isTest() && plan.getChildren(id).stream().anyMatch(c -> reported.contains(c.getUniqueId()))) {
            return;
        }
        reported.add(id.getUniqueId());
        write(ResultsFile.test(result(id, status, message, trace, replays.getOrDefault(id.getUniqueId(), ""))));
    }

    /** The result of {@code id}, with its step and points; the output and time of a test that ran. */
    private TestResult result(TestIdentifier id, Status status, String message, String trace, String replay) {
        MethodSource s = methodSource(id).orElseThrow();
        Step step = step(s.getJavaClass());
        Points points = s.getJavaMethod().getAnnotation(Points.class);
        Long started = startTimes.remove(id.getUniqueId());
        String output = started != null && capture != null ? capture.end() : "";
        long millis = started == null ? 0 : (System.nanoTime() - started) / 1_000_000;
        return new TestResult(s.getClassName(), s.getMethodName(), displayName(id),
                step == null ? 0 : step.number(), step == null ? "" : step.title(), step == null ? "" : step.guide(),
                points == null ? Points.DEFAULT : points.value(), status, message, trace, replay,
                id.getUniqueId(), output, millis, step != null && step.bonus());
    }

    /** An invocation of a parameterized test is named after its method, then its arguments. */
    private String displayName(TestIdentifier id) {
        return plan.getParent(id)
                .filter(parent -> methodSource(parent).isPresent())
                .map(parent -> parent.getDisplayName() + " " + id.getDisplayName())
                .orElse(id.getDisplayName());
    }

    private static Step step(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (k.isAnnotationPresent(Step.class)) {
                return k.getAnnotation(Step.class);
            }
        }
        return null;
    }

    /**
     * What the learner should read first: the TODO stub's message when a stub was hit (even one
     * reported inside a property-based test's falsification report), else the assertion's message.
     */
    private static String message(Throwable t) {
        if (t == null) {
            return "";
        }
        Matcher todo = TODO.matcher(String.valueOf(t.getMessage()));
        if (t instanceof UnsupportedOperationException && t.getMessage() != null && t.getMessage().startsWith("TODO(")) {
            return t.getMessage();
        }
        if (todo.find()) {
            return todo.group(1);
        }
        if (t instanceof AssertionError) {
            return String.valueOf(t.getMessage());
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** The frames of the test and the code under test, without the framework's. */
    private static String trace(Throwable t) {
        StringJoiner lines = new StringJoiner("\n");
        for (Throwable cause = t; cause != null; cause = cause.getCause()) {
            if (cause != t) {
                lines.add("caused by " + message(cause));
            }
            frames(cause.getStackTrace(), lines);
        }
        return lines.toString();
    }

    /** Up to 8 frames of the test and the code under test, above JUnit's own. */
    private static void frames(StackTraceElement[] stack, StringJoiner lines) {
        int kept = 0;
        for (StackTraceElement frame : stack) {
            String cls = frame.getClassName();
            if (cls.startsWith("org.junit.platform.") || cls.startsWith("org.junit.jupiter.engine.")) {
                break;
            }
            if (kept < 8 && !FRAMEWORK.matcher(cls).lookingAt() && !EXITING.matcher(cls).matches()) {
                lines.add("at " + cls + "." + frame.getMethodName() + "(" + (frame.getFileName() == null ? "Unknown Source"
                        : frame.getFileName() + (frame.getLineNumber() >= 0 ? ":" + frame.getLineNumber() : "")) + ")");
                kept++;
            }
        }
    }

    private static Optional<MethodSource> methodSource(TestIdentifier id) {
        return id.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast);
    }

    private void write(String line) {
        out.println(line);
        out.flush();
    }
}
