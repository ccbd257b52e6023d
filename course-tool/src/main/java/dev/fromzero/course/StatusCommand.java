package dev.fromzero.course;

import dev.fromzero.course.Course.Chapter;
import dev.fromzero.course.hint.TestCatalog;
import dev.fromzero.course.hint.TestCatalog.StepInfo;
import dev.fromzero.course.report.Printer;
import dev.fromzero.course.report.StepProgress;
import dev.fromzero.course.report.Style;
import dev.fromzero.course.report.SuiteReport;
import dev.fromzero.course.report.SuiteReport.StepResult;
import dev.fromzero.course.runner.ChapterSuite;
import dev.fromzero.course.runner.TestRun;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./course status}: the progress of every chapter and step at a glance, and the next thing
 * to do. It runs every chapter's tests on the learner's code, printing each step as it finishes,
 * except for a chapter whose sources have not changed since its last complete run
 * ({@link StatusCache}); it always exits 0.
 */
@Command(name = "status",
        description = "Show your progress in every chapter and step, and what to do next.")
final class StatusCommand implements Callable<Integer> {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @ParentCommand
    private Main main;

    @Override
    public Integer call() {
        Course course = main.course();
        Style style = main.style();
        for (Chapter ch : course.chapters()) {
            System.out.println(style.bold(String.format("chapter %d  %s", ch.number(), ch.name())));
            Optional<StatusCache.Cached> cached = StatusCache.load(course, ch);
            List<StepInfo> steps = TestCatalog.of(ch, course.root());
            StepProgress progress = new StepProgress(System.out, style,
                    steps.stream().mapToInt(s -> s.title().length()).max().orElse(0), TestCatalog.slowTests(steps));
            TestRun.Outcome run;
            if (cached.isPresent()) {
                run = new TestRun.Outcome(cached.get().contents().results(), null);
            } else {
                String key = StatusCache.key(ch);
                Path work = course.work("test", ch.name());
                ChapterSuite.Outcome outcome = ChapterSuite.run(course, ch.mainSources(), ch, work, TestRun.Selection.all(), null,
                        false, progress);
                if (outcome instanceof ChapterSuite.NotCompiled nc) {
                    System.out.println(style.red("  does not compile" + (nc.what().equals("tests") ? " (the tests, against your code)" : "")
                            + ": " + nc.errors().get(0)));
                    System.out.printf("  next: run ./course test %d to see every error%n%n", ch.number());
                    continue;
                }
                run = ((ChapterSuite.Ran) outcome).run();
                if (run.ok()) {
                    StatusCache.store(course, ch, run.results(), key);
                }
            }
            progress.done(run.results());
            print(ch, run, style);
            cached.ifPresent(c -> System.out.println(style.dim("  (the results of the run of " + CLOCK.format(c.ranAt())
                    + ": nothing in " + ch.name() + "/src has changed since)")));
            System.out.println();
        }
        return 0;
    }

    private static void print(Chapter ch, TestRun.Outcome run, Style style) {
        SuiteReport report = SuiteReport.of(run.results());
        if (report.total() == 0 && run.ok()) {
            System.out.println("  no tests yet");
            return;
        }
        System.out.printf("  %d/%d tests  %d/%d points  %s%s%n", report.passed(), report.total(),
                report.earned(), report.possible(), Printer.bar(report.earned(), report.possible()), report.bonusNote());
        if (!run.ok()) {
            System.out.println(style.red("  the run did not finish: " + run.problem()));
        }
        // The required steps first: a bonus step is next only once they all pass.
        report.steps().stream().filter(s -> !s.complete()).min(Comparator.comparing(StepResult::bonus)).ifPresentOrElse(
                s -> System.out.printf("  %s: read %s and run ./course test %d --step %d (or ./course watch %d)%n",
                        s.bonus() ? style.green("done: every required test passes") + "; bonus" : "next",
                        s.guide(), ch.number(), s.number(), ch.number()),
                () -> System.out.println(style.green("  done: every test passes")));
    }
}
