package dev.fromzero.course.watch;

import dev.fromzero.course.Course;
import dev.fromzero.course.Course.Chapter;
import dev.fromzero.course.compile.Javac;
import dev.fromzero.course.hint.TestCatalog;
import dev.fromzero.course.hint.TestCatalog.StepInfo;
import dev.fromzero.course.report.Printer;
import dev.fromzero.course.report.Style;
import dev.fromzero.course.report.SuiteReport;
import dev.fromzero.course.runner.TestResult;
import dev.fromzero.course.runner.TestRun;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * One chapter under {@code ./course watch}: on every change, compile, then run the step the
 * learner is on first and print its result at once, then the other steps in order, stopping at
 * the first step that fails, which becomes the step the learner is on.
 *
 * <p>Why stop there: a learner works one step at a time. The step in progress is what they want
 * to see after a save, in a second or two, and its failure is the next thing to fix; running the
 * later steps, which fail anyway, would only bury it (and cost the crash tests' many seconds on
 * every save). When the step passes, the other steps run so that a change that broke an earlier
 * step shows up at once, and so that the learner is moved on to the next step by itself. A save
 * during a run drops the steps left, so the learner never waits for results of code they have
 * already changed.
 *
 * <p>Where the time goes, and what saves it: compiling is in-process and warm ({@link Javac});
 * the suite is recompiled only when a test or the main code's {@link ApiFingerprint} changed;
 * the tests run in a {@link Worker} JVM that stays up between saves.
 */
public final class ChapterWatch implements AutoCloseable {

    private static final int SHOWN_ERRORS = 10;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Course course;
    private final Chapter chapter;
    private final Path work;
    private final PrintStream out;
    private final Style style;
    private final Printer printer;
    private final Worker worker;
    /** The step the learner is on: the first that failed in the last run; null at first and when all pass. */
    private Integer current;
    /** The chapter's step numbers, read again when a test source changes, and the longest title. */
    private List<Integer> steps;
    private int titleWidth;
    /** Why each slow test is slow, by {@code Class#method}: a line is printed before it starts. */
    private Map<String, String> slow = Map.of();
    /** Whether a test source changed since the suite was last compiled (true until the first compile). */
    private boolean testsChanged = true;
    /** The main code's {@link ApiFingerprint} that the compiled tests were compiled against. */
    private String testedApi;

    /** {@code timeout} bounds each step's run; {@code seed} is fixed for the whole session. */
    public ChapterWatch(Course course, Chapter chapter, long seed, Duration timeout, PrintStream out, Style style) {
        this(course, chapter, seed, timeout, out, style, false);
    }

    /** As above; {@code full}: every failure printed whole, not only the first. */
    public ChapterWatch(Course course, Chapter chapter, long seed, Duration timeout, PrintStream out, Style style, boolean full) {
        this.course = course;
        this.chapter = chapter;
        this.work = course.work("watch", chapter.name());
        this.out = out;
        this.style = style;
        this.printer = new Printer(out, style, full);
        this.worker = new Worker(chapter.dir(), work.resolve("worker.log"), seed, timeout);
    }

    /**
     * Runs now, then after every burst of saves, until the thread is interrupted. The directories
     * are watched before the first run starts, so a save during it is not missed.
     */
    public void loop() throws InterruptedException {
        try (SourceWatcher watcher = new SourceWatcher(List.of(chapter.mainSources(), chapter.testSources()))) {
            worker.start();
            run(List.of(), watcher::pending);
            while (true) {
                run(watcher.next(), watcher::pending);
            }
        } catch (ClosedWatchServiceException e) {
            // closed under us: stop
        }
    }

    /**
     * Compiles and runs after {@code changed} (empty for the first run), printing to {@code out}.
     * Between steps it asks {@code saved} whether the learner saved again: then the steps left
     * are dropped, and the next run starts at once on the new code.
     */
    void run(Collection<Path> changed, BooleanSupplier saved) {
        out.println(style.bold("── " + LocalTime.now().format(CLOCK) + "  " + describe(changed) + " ──"));
        long start = System.nanoTime();
        testsChanged |= changed.stream().anyMatch(p -> !p.startsWith(chapter.mainSources()));
        Path mainClasses = work.resolve("classes");
        Javac.Result main = Javac.compile(chapter.mainSources(), List.of(mainClasses), mainClasses, course.root());
        if (!main.ok()) {
            notCompiled("main code", main.errors());
            return;
        }
        // As for ./course test: the tool's class path (JUnit, AssertJ, testkit) first, so that main code cannot stand in for it.
        List<Path> classpath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classpath.add(Path.of(entry));
        }
        classpath.add(mainClasses);
        Path testClasses = work.resolve("tests");
        String api = ApiFingerprint.of(chapter.mainSources());
        if (testsChanged || !api.equals(testedApi)) {
            testedApi = null;
            Javac.Result tests = Javac.compile(chapter.testSources(), classpath, testClasses, course.root());
            if (!tests.ok()) {
                notCompiled("tests", tests.errors());
                return;
            }
            testedApi = api;
        }
        if (testsChanged) {
            List<StepInfo> catalog = TestCatalog.of(chapter, course.root());
            steps = catalog.stream().map(StepInfo::number).toList();
            titleWidth = catalog.stream().mapToInt(s -> s.title().length()).max().orElse(0);
            slow = TestCatalog.slowTests(catalog);
            testsChanged = false;
        }
        if (steps.isEmpty()) {
            out.println("chapter " + chapter.number() + " has no tests yet");
            return;
        }
        String compiled = String.format("compiled in %.1f s", seconds(start));
        for (int step : order(steps)) {
            if (saved.getAsBoolean()) {
                out.println(style.dim("saved again: the steps left are skipped"));
                return;
            }
            long stepStart = System.nanoTime();
            TestRun.Outcome run = worker.run(mainClasses, testClasses, step, work.resolve("results.txt"), announceSlowTests());
            SuiteReport report = SuiteReport.of(run.results());
            report.steps().forEach(s -> printer.step(s, titleWidth));
            String timing = String.format("%s, step %d ran in %.1f s", compiled, step, seconds(stepStart));
            if (!run.ok() || !report.failures().isEmpty()) {
                current = step;
                printer.failures(report);
                if (!run.ok()) {
                    out.println(style.red("error: " + run.problem()));
                }
                out.println(style.dim(String.format("%s; %.1f s in all. The later steps run once step %d passes."
                        + " Watching %s (Ctrl-C to stop)", timing, seconds(start), step, chapter.name())));
                return;
            }
        }
        current = null;
        out.println(style.green("every test of chapter " + chapter.number() + " passes")
                + style.dim(String.format(" (%s; %.1f s in all). Watching %s (Ctrl-C to stop)", compiled, seconds(start),
                chapter.name())));
    }

    /** Prints a line before each slow test starts, once per test, as {@code ./course test} does. */
    private TestRun.Progress announceSlowTests() {
        Set<String> announced = new HashSet<>();
        return new TestRun.Progress() {
            @Override
            public void started(TestResult test) {
                String why = slow.get(test.key());
                if (why != null && announced.add(test.key())) {
                    out.println(style.dim("  ... " + Printer.name(test) + ": a slow test (" + why + "), running"));
                }
            }
        };
    }

    /** The step the learner is on first, then every step in order. */
    private List<Integer> order(List<Integer> steps) {
        List<Integer> order = new ArrayList<>();
        if (current != null && steps.contains(current)) {
            order.add(current);
        }
        steps.stream().filter(s -> !order.contains(s)).forEach(order::add);
        return order;
    }

    /** Javac's {@code file:line: message}s, then back to waiting for the next save. */
    private void notCompiled(String what, List<String> errors) {
        if (what.equals("main code")) {
            out.println(style.red("your code does not compile:"));
        } else {
            out.println(style.red("the tests do not compile against your code: did you change, rename or remove"
                    + " something public that they use? Put the signature back as the guide gives it."));
        }
        errors.stream().limit(SHOWN_ERRORS).forEach(out::println);
        if (errors.size() > SHOWN_ERRORS) {
            out.printf("... and %d more errors%n", errors.size() - SHOWN_ERRORS);
        }
        out.println(style.dim("fix it and save: watching " + chapter.name() + " (Ctrl-C to stop)"));
    }

    private String describe(Collection<Path> changed) {
        if (changed.isEmpty()) {
            return "chapter " + chapter.number() + ", first run";
        }
        List<String> names = changed.stream().map(p -> p.startsWith(course.root())
                ? course.root().relativize(p).toString().replace('\\', '/') : p.toString()).toList();
        return "changed: " + (names.size() <= 3 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more");
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    @Override
    public void close() {
        worker.close();
    }
}
