package dev.fromzero.course.grade;

import dev.fromzero.course.report.Printer;
import dev.fromzero.course.report.SuiteReport.StepResult;
import dev.fromzero.course.runner.TestResult;
import java.util.List;
import java.util.Locale;

/**
 * The grade as JUnit XML, which CI systems and test dashboards read: one {@code testsuite} per
 * chapter, one {@code testcase} per test method (classname, name, time), a {@code failure} with
 * the message for each failed test, and the captured output, already truncated by the runner, in
 * {@code system-out}. The seed and the points (required, and bonus when the chapter has bonus
 * steps) are properties of each suite; a chapter's compiler messages go in its {@code system-err}.
 */
public final class JunitReport {

    private JunitReport() {
    }

    public static String of(Grade grade) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        List<TestResult> all = grade.chapters().stream().flatMap(ch -> tests(ch).stream()).toList();
        b.append(String.format(Locale.ROOT, "<testsuites name=\"fromzero grade\" tests=\"%d\" failures=\"%d\" time=\"%.3f\">%n",
                all.size(), grade.chapters().stream().mapToInt(JunitReport::failures).sum(), grade.time().toMillis() / 1000.0));
        for (Grade.Chapter ch : grade.chapters()) {
            suite(grade, ch, b);
        }
        return b.append("</testsuites>\n").toString();
    }

    private static void suite(Grade grade, Grade.Chapter ch, StringBuilder b) {
        List<TestResult> tests = tests(ch);
        b.append(String.format(Locale.ROOT, "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\" time=\"%.3f\">%n",
                xml(ch.name()), tests.size(), failures(ch), tests.stream().mapToLong(TestResult::millis).sum() / 1000.0));
        b.append("    <properties>\n");
        property("fromzero.seed", Long.toString(grade.seed()), b);
        property("points", ch.earned() + "/" + ch.possible(), b);
        if (ch.bonusPossible() > 0) {
            property("bonus points", ch.bonusEarned() + "/" + ch.bonusPossible(), b);
        }
        if (ch.problem() != null) {
            property("problem", ch.problem(), b);
        }
        b.append("    </properties>\n");
        for (StepResult s : ch.report().steps()) {
            for (TestResult t : s.tests()) {
                testcase(ch, s, t, b);
            }
        }
        if (!ch.details().isEmpty()) {
            b.append("    <system-err>").append(xml(String.join("\n", ch.details()))).append("</system-err>\n");
        }
        b.append("  </testsuite>\n");
    }

    private static void testcase(Grade.Chapter ch, StepResult s, TestResult t, StringBuilder b) {
        b.append(String.format(Locale.ROOT, "    <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\">%n",
                xml(t.className()), xml(Grade.displayName(t)), t.millis() / 1000.0));
        if (ch.problem() != null || t.status() != TestResult.Status.PASSED) {
            b.append("      <failure message=\"").append(xml(Printer.firstLine(t.message()))).append("\" type=\"")
                    .append(ch.problem() != null ? "not graded" : t.status().name().toLowerCase(Locale.ROOT)).append("\">")
                    .append(xml(ch.label(s, t) + "\n" + Grade.details(t))).append("</failure>\n");
        }
        if (!t.output().isEmpty()) {
            b.append("      <system-out>").append(xml(t.output())).append("</system-out>\n");
        }
        b.append("    </testcase>\n");
    }

    private static List<TestResult> tests(Grade.Chapter ch) {
        return ch.report().steps().stream().flatMap(s -> s.tests().stream()).toList();
    }

    private static int failures(Grade.Chapter ch) {
        return ch.problem() != null ? tests(ch).size() : ch.report().failures().size();
    }

    private static void property(String name, String value, StringBuilder b) {
        b.append("      <property name=\"").append(xml(name)).append("\" value=\"").append(xml(value)).append("\"/>\n");
    }

    /** Text as XML content or attribute: markup escaped, and characters XML 1.0 forbids replaced. */
    static String xml(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> b.append(c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0xFFFE || c == 0xFFFF ? '?' : c);
            }
        }
        return b.toString();
    }
}
