package dev.fromzero.course;

import dev.fromzero.course.Course.Chapter;
import dev.fromzero.course.report.Printer;
import dev.fromzero.course.report.SuiteReport;
import dev.fromzero.course.runner.ChapterSuite;
import dev.fromzero.course.runner.TestRun;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./course status}: the progress of every chapter and step at a glance, and the next thing
 * to do. It runs every chapter's tests on the learner's code, quietly; it always exits 0.
 */
@Command(name = "status",
        description = "Show your progress in every chapter and step, and what to do next.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Override
    public Integer call() {
        Course course = main.course();
        for (Chapter ch : course.chapters()) {
            System.out.printf("chapter %d  %s%n", ch.number(), ch.name());
            ChapterSuite.Outcome outcome = ChapterSuite.run(course, ch.mainSources(), ch, course.work("test", ch.name()),
                    TestRun.Selection.all(), null, false);
            if (outcome instanceof ChapterSuite.NotCompiled nc) {
                System.out.println("  does not compile" + (nc.what().equals("tests") ? " (the tests, against your code)" : "")
                        + ": " + nc.errors().get(0));
                System.out.printf("  next: run ./course test %d to see every error%n%n", ch.number());
                continue;
            }
            TestRun.Outcome run = ((ChapterSuite.Ran) outcome).run();
            SuiteReport report = SuiteReport.of(run.results());
            if (report.total() == 0 && run.ok()) {
                System.out.println("  no tests yet\n");
                continue;
            }
            System.out.printf("  %d/%d tests  %d/%d points  %s%n", report.passed(), report.total(),
                    report.earned(), report.possible(), Printer.bar(report.earned(), report.possible()));
            new Printer(System.out).steps(report);
            if (!run.ok()) {
                System.out.println("  the run did not finish: " + run.problem());
            }
            report.steps().stream().filter(s -> !s.complete()).findFirst().ifPresentOrElse(
                    s -> System.out.printf("  next: read %s and run ./course test %d --step %d%n", s.guide(), ch.number(), s.number()),
                    () -> System.out.println("  done: every test passes"));
            System.out.println();
        }
        return 0;
    }
}
