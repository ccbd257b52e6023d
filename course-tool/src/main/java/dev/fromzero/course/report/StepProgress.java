package dev.fromzero.course.report;

import dev.fromzero.course.report.SuiteReport.StepResult;
import dev.fromzero.course.runner.TestResult;
import dev.fromzero.course.runner.TestRun;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints each step's line as soon as the step's tests are done, while the run goes on, and a line
 * before each slow test ({@code @Slow}), so that {@code ./course test} and {@code status} show
 * their progress as {@code watch} does instead of a quiet terminal. Steps run one after another
 * (by step, then in the guide's order), so a step is done when a test of another one starts.
 * {@link #done} prints the steps the run never reached.
 */
public final class StepProgress implements TestRun.Progress {

    private final PrintStream out;
    private final Style style;
    private final Printer printer;
    private final int titleWidth;
    private final Map<String, String> slow;
    private final List<TestResult> current = new ArrayList<>();
    private final Set<Integer> printed = new HashSet<>();
    private final Set<String> announced = new HashSet<>();

    /** {@code slow}: why each slow test is slow, by {@code Class#method}; {@code titleWidth} lines the steps up. */
    public StepProgress(PrintStream out, Style style, int titleWidth, Map<String, String> slow) {
        this.out = out;
        this.style = style;
        this.printer = new Printer(out, style);
        this.titleWidth = titleWidth;
        this.slow = slow;
    }

    @Override
    public synchronized void started(TestResult test) {
        if (!current.isEmpty() && current.get(0).step() != test.step()) {
            flush();
        }
        String why = slow.get(test.key());
        if (why != null && announced.add(test.key())) { // a parameterized test once, not per invocation
            out.println(style.dim("  ... " + Printer.name(test) + ": a slow test (" + why + "), running"));
        }
    }

    @Override
    public synchronized void finished(TestResult test) {
        if (!current.isEmpty() && current.get(0).step() != test.step()) {
            flush();
        }
        current.add(test);
    }

    /** Prints what is left: the step in progress, then the steps of {@code all} not printed yet. */
    public synchronized void done(List<TestResult> all) {
        flush();
        for (StepResult s : SuiteReport.of(all).steps()) {
            if (printed.add(s.number())) {
                printer.step(s, titleWidth);
            }
        }
    }

    private void flush() {
        if (current.isEmpty()) {
            return;
        }
        for (StepResult s : SuiteReport.of(current).steps()) {
            if (printed.add(s.number())) {
                printer.step(s, titleWidth);
            }
        }
        current.clear();
    }
}
