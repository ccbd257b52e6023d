package dev.fromzero.course;

import dev.fromzero.course.Course.Chapter;
import dev.fromzero.course.hint.TestCatalog;
import dev.fromzero.course.hint.TestCatalog.StepInfo;
import dev.fromzero.course.hint.TestCatalog.TestInfo;
import dev.fromzero.course.report.StepProgress;
import dev.fromzero.course.report.Printer;
import dev.fromzero.course.report.Style;
import dev.fromzero.course.report.SuiteReport;
import dev.fromzero.course.runner.ChapterSuite;
import dev.fromzero.course.runner.TestRun;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./course test N}: compiles the learner's chapter-N code and the chapter's tests, runs
 * them in a child JVM and prints what passed, step by step as each step finishes, with the first
 * failure in full (every failure with {@code --full} or {@code --test}). {@code --step} and
 * {@code --test} are checked against the suite's sources before anything is compiled.
 * Exits 0 when every selected test passed, 1 otherwise.
 */
@Command(name = "test",
        description = "Run chapter N's tests on your code in chapterNN-*/src/main/java.")
final class TestCommand implements Callable<Integer> {

    private static final int SHOWN_ERRORS = 20;

    @ParentCommand
    private Main main;

    @Parameters(paramLabel = "N", description = "The chapter.")
    private int chapter;

    @Option(names = "--step", paramLabel = "S", description = "Only the tests of step S.")
    private Integer step;

    @Option(names = "--test", paramLabel = "Class[#method]", description = "Only this test class, or this one test.")
    private String test;

    @Option(names = "--seed", paramLabel = "X", description = "Replay randomized tests with seed X (as printed by a failure).")
    private Long seed;

    @Option(names = "--verbose", description = "Also print everything the tests wrote to stdout and stderr.")
    private boolean verbose;

    @Option(names = "--full", description = "Every failure in full: its whole message and trace (--test does this for its tests).")
    private boolean full;

    @Override
    public Integer call() {
        Course course = main.course();
        Chapter ch = course.chapter(chapter);
        List<StepInfo> steps = TestCatalog.of(ch, course.root());
        validate(ch, steps);
        String key = StatusCache.key(ch);
        Style style = main.style();
        System.out.println(style.bold(String.format("chapter %d (%s)", ch.number(), ch.name())));
        StepProgress progress = new StepProgress(System.out, style,
                steps.stream().mapToInt(s -> s.title().length()).max().orElse(0), TestCatalog.slowTests(steps));
        ChapterSuite.Outcome outcome = ChapterSuite.run(course, ch.mainSources(), ch, course.work("test", ch.name()),
                new TestRun.Selection(step, test, false), seed == null ? null : seed.toString(), verbose, progress);
        if (outcome instanceof ChapterSuite.NotCompiled nc) {
            printCompileErrors(ch, nc, style);
            return 1;
        }
        TestRun.Outcome run = ((ChapterSuite.Ran) outcome).run();
        if (step == null && test == null && run.ok()) {
            StatusCache.store(course, ch, run.results(), key); // ./course status can show it at once
        }
        progress.done(run.results());
        SuiteReport report = SuiteReport.of(run.results());
        Printer printer = new Printer(System.out, style, full || test != null);
        if (report.total() > 0) {
            System.out.printf("%n%s%n", style.bold(String.format("chapter %d: %d of %d tests pass, %d of %d points%s",
                    ch.number(), report.passed(), report.total(), report.earned(), report.possible(), report.bonusNote())));
            printer.failures(report);
        }
        if (!run.ok()) {
            System.out.println((report.total() > 0 ? "\n" : "") + style.red("error: " + run.problem()));
            return 1;
        }
        if (report.total() == 0) {
            System.out.println("no tests were run: chapter " + ch.number() + " has no tests matching the selection");
            return 1;
        }
        return report.failures().isEmpty() ? 0 : 1;
    }

    /**
     * Checks {@code --step} and {@code --test} against the suite's sources before anything is
     * compiled, so that a typo costs no compile: a step that does not exist, a test class or
     * method that does not, a class that is in another step than {@code --step}.
     */
    private void validate(Chapter ch, List<StepInfo> steps) {
        if (steps.isEmpty()) {
            return; // no tests yet: the run says so
        }
        List<Integer> numbers = steps.stream().map(StepInfo::number).distinct().toList();
        if (step != null && !numbers.contains(step)) {
            throw new CourseException("chapter " + ch.number() + " has no step " + step + "; its steps are "
                    + steps.stream().map(s -> s.number() + " (" + s.title() + ")").distinct().collect(Collectors.joining(", ")));
        }
        if (test == null) {
            return;
        }
        String className = test.contains("#") ? test.substring(0, test.indexOf('#')) : test;
        String method = test.contains("#") ? test.substring(test.indexOf('#') + 1) : null;
        List<StepInfo> named = steps.stream().filter(s -> s.className().equals(className)
                || className.endsWith("." + s.className())).toList();
        if (named.isEmpty()) {
            String suggestion = Spelling.closest(className, steps.stream().map(StepInfo::className).toList())
                    .map(c -> "did you mean " + c + "? ").orElse("");
            throw new CourseException("chapter " + ch.number() + " has no test class " + className + "; " + suggestion
                    + "its test classes are " + steps.stream().map(StepInfo::className).collect(Collectors.joining(", ")));
        }
        StepInfo s = named.get(0);
        if (step != null && s.number() != step) {
            throw new CourseException(className + " is in step " + s.number() + " (" + s.title() + "), not step " + step
                    + ": drop --step, or use --step " + s.number());
        }
        if (method != null && s.tests().stream().noneMatch(t -> t.method().equals(method))) {
            String suggestion = Spelling.closest(method, s.tests().stream().map(TestInfo::method).toList())
                    .map(m -> "; did you mean " + className + "#" + m + "?").orElse("");
            throw new CourseException("there is no test " + method + " in " + className + suggestion
                    + " (./course hint " + className + " lists its step)");
        }
    }

    /** What a learner needs when the code does not compile: whose fault, then javac's {@code file:line: message}s. */
    static void printCompileErrors(Chapter ch, ChapterSuite.NotCompiled nc, Style style) {
        List<String> errors = nc.errors();
        if (nc.what().equals("main code")) {
            System.out.printf("%s%n%n", style.red(String.format("your chapter %d code does not compile: fix %s first",
                    ch.number(), errors.get(0).replaceFirst(":\\d+: .*", ""))));
        } else {
            System.out.printf("%s%n%n", style.red(String.format("chapter %d's tests do not compile against your code: did"
                    + " you change, rename or remove something public that the tests use? Put the signature back as the"
                    + " guide gives it.", ch.number())));
        }
        errors.stream().limit(SHOWN_ERRORS).forEach(System.out::println);
        if (errors.size() > SHOWN_ERRORS) {
            System.out.printf("... and %d more errors%n", errors.size() - SHOWN_ERRORS);
        }
    }
}
