package dev.fromzero.course;

import dev.fromzero.course.Course.Chapter;
import dev.fromzero.course.report.Printer;
import dev.fromzero.course.report.Style;
import dev.fromzero.course.report.SuiteReport;
import dev.fromzero.course.runner.ChapterSuite;
import dev.fromzero.course.runner.TestRun;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./course test N}: compiles the learner's chapter-N code and the chapter's tests, runs
 * them in a child JVM and prints what passed, step by step, with the first failure in full.
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

    @Override
    public Integer call() {
        Course course = main.course();
        Chapter ch = course.chapter(chapter);
        String key = StatusCache.key(ch);
        ChapterSuite.Outcome outcome = ChapterSuite.run(course, ch.mainSources(), ch, course.work("test", ch.name()),
                new TestRun.Selection(step, test, false), seed == null ? null : seed.toString(), verbose);
        if (outcome instanceof ChapterSuite.NotCompiled nc) {
            printCompileErrors(ch, nc, main.style());
            return 1;
        }
        TestRun.Outcome run = ((ChapterSuite.Ran) outcome).run();
        if (step == null && test == null && run.ok()) {
            StatusCache.store(course, ch, run.results(), key); // ./course status can show it at once
        }
        SuiteReport report = SuiteReport.of(run.results());
        Style style = main.style();
        Printer printer = new Printer(System.out, style);
        if (report.total() > 0) {
            System.out.printf("%s%n%n", style.bold(String.format("chapter %d (%s): %d of %d tests pass, %d of %d points",
                    ch.number(), ch.name(), report.passed(), report.total(), report.earned(), report.possible())));
            printer.steps(report);
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
