package dev.fromzero.course.grade;

import dev.fromzero.course.report.Printer;
import dev.fromzero.course.report.SuiteReport.StepResult;
import dev.fromzero.course.runner.TestResult;
import java.util.List;

/**
 * The grade as a person reads it: a table of chapters and steps (tests passed, points), why a
 * chapter scored 0 with the compiler's first messages, one line per failed test, then the
 * summary line. A chapter not started (every test fails on a TODO stub of that chapter, as its
 * starter does) gets one line: a student grading their own clone wants to see their chapter, not
 * a hundred lines of the chapters after it. A bonus step's title says {@code (bonus)}, and its
 * points are on a line of their own under the chapter's total: extra credit, not in it.
 */
public final class TextReport {

    private static final int SHOWN_ERRORS = 10;

    private TextReport() {
    }

    public static String of(Grade grade) {
        StringBuilder b = new StringBuilder();
        b.append("grade of ").append(grade.submission()).append(" (seed ").append(grade.seed()).append(")\n");
        int width = grade.chapters().stream().flatMap(c -> c.report().steps().stream())
                .mapToInt(s -> s.title().length()).max().orElse(10);
        for (Grade.Chapter ch : grade.chapters()) {
            if (notStarted(ch)) {
                b.append(String.format("%nchapter %d (%s): not started (every test stops at a TODO(chapter%02d) stub),"
                        + " %d/%d points%s%n", ch.number(), ch.name(), ch.number(), ch.earned(), ch.possible(),
                        ch.bonusPossible() == 0 ? "" : " + " + ch.bonusEarned() + "/" + ch.bonusPossible() + " bonus"));
                continue;
            }
            b.append(String.format("%nchapter %d (%s)%s%n", ch.number(), ch.name(),
                    ch.problem() == null ? "" : ": " + ch.problem() + ", 0 points"));
            for (StepResult s : ch.report().steps()) {
                int passed = ch.problem() == null ? s.passed() : 0;
                int earned = ch.problem() == null ? s.earned() : 0;
                b.append(String.format("  step %-2d %-" + width + "s  %3d/%-3d tests  %4d/%-4d points%n",
                        s.number(), s.title(), passed, s.tests().size(), earned, s.possible()));
            }
            b.append(String.format("  %-" + (width + 8) + "s  %3s %-3s        %4d/%-4d points%n", "total", "", "",
                    ch.earned(), ch.possible()));
            if (ch.bonusPossible() > 0) {
                b.append(String.format("  %-" + (width + 8) + "s  %3s %-3s        %4d/%-4d points%n", "bonus (extra credit)", "", "",
                        ch.bonusEarned(), ch.bonusPossible()));
            }
            ch.details().stream().limit(SHOWN_ERRORS).forEach(e -> b.append("    ").append(e).append('\n'));
            if (ch.details().size() > SHOWN_ERRORS) {
                b.append("    ... and ").append(ch.details().size() - SHOWN_ERRORS).append(" more\n");
            }
        }
        List<String> failures = grade.chapters().stream().filter(ch -> ch.problem() == null && !notStarted(ch))
                .flatMap(ch -> ch.report().steps().stream().flatMap(s -> s.failures().stream()
                        .map(t -> "  " + ch.label(s, t) + hidden(ch, t) + ": " + Printer.firstLine(t.message()))))
                .toList();
        if (!failures.isEmpty()) {
            b.append("\nfailed tests:\n");
            failures.forEach(f -> b.append(f).append('\n'));
        }
        return b.append('\n').append(grade.summary()).append('\n').toString();
    }

    /** Every test of the chapter failed on a stub of the chapter's own TODOs: the student has not begun it. */
    public static boolean notStarted(Grade.Chapter ch) {
        String own = String.format("TODO(chapter%02d)", ch.number());
        List<TestResult> tests = ch.report().steps().stream().flatMap(s -> s.tests().stream()).toList();
        return ch.problem() == null && !tests.isEmpty() && tests.stream().allMatch(t -> t.failed() && t.message().startsWith(own));
    }

    private static String hidden(Grade.Chapter ch, TestResult t) {
        return ch.test(t).hidden() ? " [hidden]" : "";
    }
}
