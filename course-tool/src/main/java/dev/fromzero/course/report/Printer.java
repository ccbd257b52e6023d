package dev.fromzero.course.report;

import dev.fromzero.course.report.SuiteReport.StepResult;
import dev.fromzero.course.runner.TestResult;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * Prints a {@link SuiteReport} for a learner: a table of steps with progress bars, then the
 * failures grouped by step with the first one expanded (its whole message, guide section, replay
 * line), so that the next thing to do is always at the top; the others get a line each, or are
 * expanded too when {@code full} (every message whole, every frame). A test that failed on another
 * step's TODO says so ({@link Blocker}). In colour when its {@link Style} says so: a complete step
 * green, a step whose failures are all TODO stubs yellow, any other failure red.
 */
public final class Printer {

    private static final int TRACE_LINES = 4;

    private final PrintStream out;
    private final Style style;
    private final boolean full;

    public Printer(PrintStream out) {
        this(out, Style.PLAIN);
    }

    public Printer(PrintStream out, Style style) {
        this(out, style, false);
    }

    /** {@code full}: every failure expanded, with its whole message and trace. */
    public Printer(PrintStream out, Style style, boolean full) {
        this.out = out;
        this.style = style;
        this.full = full;
    }

    /** One line per step: tests passed, points, a progress bar. */
    public void steps(SuiteReport report) {
        int width = report.steps().stream().mapToInt(s -> s.title().length()).max().orElse(0);
        report.steps().forEach(s -> step(s, width));
    }

    /** The line of one step, its title padded to {@code width} so that lines printed one by one line up. */
    public void step(StepResult s, int width) {
        String format = "step %-2d %-" + Math.max(width, 1) + "s  %3d/%-3d tests  %3d/%-3d points  %s";
        out.println("  " + colour(s, String.format(format, s.number(), s.title(), s.passed(), s.tests().size(),
                s.earned(), s.possible(), bar(s.earned(), s.possible()))) + blockedBy(s));
    }

    /** {@code  blocked by step 6's TODO: do it first} when every failure of the step is, by the same step. */
    private String blockedBy(StepResult s) {
        List<Integer> blockers = s.failures().stream().map(t -> Blocker.of(t).map(Blocker::step).orElse(-1)).distinct().toList();
        return blockers.size() == 1 && blockers.get(0) >= 0
                ? style.yellow("  blocked by step " + blockers.get(0) + "'s TODO: do it first") : "";
    }

    /** Green when the step is complete, yellow when only TODO stubs (or skips) stand in its way, else red. */
    private String colour(StepResult s, String text) {
        if (s.complete()) {
            return style.green(text);
        }
        return s.failures().stream().allMatch(Printer::todo) ? style.yellow(text) : style.red(text);
    }

    /** A test that has not been started on: it hit a TODO stub, or did not run. */
    private static boolean todo(TestResult t) {
        return t.message().startsWith("TODO(") || t.status() == TestResult.Status.SKIPPED;
    }

    /** The failures by step; the first in full, the others one line each. */
    public void failures(SuiteReport report) {
        boolean first = true;
        int index = 1;
        for (StepResult s : report.steps()) {
            List<TestResult> failures = s.failures();
            if (failures.isEmpty()) {
                continue;
            }
            out.printf("%n%s%n", style.bold(String.format("step %d, %s: %d of %d tests fail (read %s)",
                    s.number(), s.title(), failures.size(), s.tests().size(), s.guide())));
            for (TestResult t : failures) {
                if (first || full) {
                    expanded(index++, t);
                    first = false;
                } else {
                    out.printf("  %d) %s: %s%n", index++, name(t), paint(t, summary(t)));
                }
            }
        }
    }

    private void expanded(int index, TestResult t) {
        out.printf("  %d) %s%n", index, style.bold(name(t)));
        Optional<Blocker> blocker = Blocker.of(t);
        List<String> lines = blocker.isPresent() ? List.of(blocker.get().describe())
                : t.message().isEmpty() ? List.of("(" + t.status().name().toLowerCase() + ", no message)")
                : t.message().lines().toList();
        lines.forEach(line -> out.println("       " + paint(t, line)));
        if (!t.message().startsWith("TODO(") && !t.trace().isEmpty()) {
            t.trace().lines().limit(full ? Long.MAX_VALUE : TRACE_LINES).forEach(line -> out.println("       " + style.dim(line)));
        }
        out.println("     read:   " + t.guide());
        out.println(style.dim("     stuck?  ./course hint " + t.key()));
        if (!t.replay().isEmpty()) {
            out.println("     replay: " + t.replay());
        }
    }

    private String paint(TestResult t, String text) {
        return todo(t) ? style.yellow(text) : style.red(text);
    }

    /** {@code Class > display name}, the way a learner finds the test in the suite. */
    public static String name(TestResult t) {
        String simple = t.className().substring(t.className().lastIndexOf('.') + 1);
        return simple + " > " + t.displayName();
    }

    /**
     * A failure in one line: the step it is blocked by, else its message's first line, with the
     * next one when the first only announces it ({@code expected:}), cut at 160 characters.
     */
    public static String summary(TestResult t) {
        Optional<Blocker> blocker = Blocker.of(t);
        if (blocker.isPresent()) {
            return blocker.get().describe();
        }
        List<String> lines = t.message().lines().map(String::strip).filter(l -> !l.isEmpty()).limit(2).toList();
        if (lines.size() == 2 && lines.get(0).endsWith(":")) {
            String line = lines.get(0) + " " + lines.get(1);
            return line.length() > 160 ? line.substring(0, 157) + "..." : line;
        }
        return firstLine(t.message());
    }

    public static String firstLine(String message) {
        String line = message.lines().filter(l -> !l.isBlank()).findFirst().orElse("(no message)").strip();
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }

    /** {@code [######----]}: ten cells, filled in proportion to {@code done / of}. */
    public static String bar(int done, int of) {
        int filled = of == 0 ? 0 : (int) Math.round(10.0 * done / of);
        return "[" + "#".repeat(filled) + "-".repeat(10 - filled) + "]";
    }
}
