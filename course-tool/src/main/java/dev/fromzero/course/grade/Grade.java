package dev.fromzero.course.grade;

import dev.fromzero.course.report.SuiteReport;
import dev.fromzero.course.report.SuiteReport.StepResult;
import dev.fromzero.course.runner.TestResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The grade of one submission: what every output format (the table, JSON, Gradescope's
 * results.json, JUnit XML) is written from. Points are the tests' own ({@code @Points}, one by
 * default); a test method whose invocations do not all pass earns nothing. The tests of bonus
 * steps ({@code @Step(bonus = true)}) are extra credit: {@link #earned()} and {@link #possible()}
 * count the required steps, so a full score is every required test; {@link #bonusEarned()} is
 * added on top, up to {@link #bonusPossible()}.
 */
public record Grade(Path submission, long seed, Duration time, List<Chapter> chapters) {

    private static final int TRACE_LINES = 6;
    private static final Pattern INVOCATION = Pattern.compile(" \\[\\d+\\].*$");

    /**
     * One chapter. {@code problem} is null when its tests ran; otherwise it says why the chapter
     * scores 0 (not submitted, does not compile) and {@code details} holds the compiler's messages.
     * The report then lists the chapter's tests, all failed, so that the maximum stays right.
     */
    public record Chapter(int number, String name, String problem, List<String> details, SuiteReport report,
                          Map<String, Test> tests) {

        public int earned() {
            return problem == null ? report.earned() : 0;
        }

        public int possible() {
            return report.possible();
        }

        public int bonusEarned() {
            return problem == null ? report.bonusEarned() : 0;
        }

        public int bonusPossible() {
            return report.bonusPossible();
        }

        /** How the grader labels {@code t} for people: chapter, step, title, test and {@code Class#method}. */
        public String label(StepResult step, TestResult t) {
            return "Chapter " + number + " · Step " + step.number() + " · " + step.title() + " · " + displayName(t)
                    + " (" + t.key() + ")";
        }

        /** Whether {@code t} came from the hidden tests, and when students may see it. */
        public Test test(TestResult t) {
            return tests.getOrDefault(t.className() + "#" + t.method(), Test.VISIBLE);
        }
    }

    /** Where a test came from and when a student may see its result (Gradescope's visibility values). */
    public record Test(boolean hidden, String visibility) {
        static final Test VISIBLE = new Test(false, "visible");
    }

    public int earned() {
        return chapters.stream().mapToInt(Chapter::earned).sum();
    }

    public int possible() {
        return chapters.stream().mapToInt(Chapter::possible).sum();
    }

    public int bonusEarned() {
        return chapters.stream().mapToInt(Chapter::bonusEarned).sum();
    }

    public int bonusPossible() {
        return chapters.stream().mapToInt(Chapter::bonusPossible).sum();
    }

    /** The share of the required points earned; bonus points are not in it. */
    public double percent() {
        return possible() == 0 ? 0 : 100.0 * earned() / possible();
    }

    /**
     * {@code grade: 73/146 points (50.0%), seed 42, 2 chapters, 41.2 s}: the line every format ends
     * with; with bonus steps, {@code grade: 73/146 points (50.0%) + 4/10 bonus points, ...}.
     */
    public String summary() {
        return String.format(Locale.ROOT, "grade: %d/%d points (%.1f%%)%s, seed %d, %d chapter%s, %.1f s",
                earned(), possible(), percent(), bonusPossible() == 0 ? "" : " + " + bonusEarned() + "/" + bonusPossible()
                        + " bonus points", seed, chapters.size(), chapters.size() == 1 ? "" : "s", time.toMillis() / 1000.0);
    }

    /**
     * What a student reads about a test: for a failure, the message, where it failed and how to
     * replay it; then whatever the test printed (captured and truncated by the runner).
     */
    public static String details(TestResult t) {
        StringBuilder b = new StringBuilder();
        if (t.status() != TestResult.Status.PASSED) {
            b.append(t.message().isEmpty() ? t.status().name().toLowerCase(Locale.ROOT) : t.message()).append('\n');
            t.trace().lines().limit(TRACE_LINES).forEach(line -> b.append("  ").append(line).append('\n'));
            if (!t.replay().isEmpty()) {
                b.append("replay: ").append(t.replay()).append('\n');
            }
            if (!t.guide().isEmpty()) {
                b.append("read: ").append(t.guide()).append('\n');
            }
        }
        if (!t.output().isEmpty()) {
            b.append(b.length() == 0 ? "" : "\n").append("output:\n").append(t.output());
        }
        return b.toString();
    }

    /**
     * The test's name, without an invocation's {@code [N] arguments}: a parameterized test is
     * graded as one test, whichever invocation is shown.
     */
    static String displayName(TestResult t) {
        return t.id().contains("-invocation:#") ? INVOCATION.matcher(t.displayName()).replaceFirst("") : t.displayName();
    }
}
