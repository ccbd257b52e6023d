package dev.fromzero.course;

import dev.fromzero.course.Course.Chapter;
import dev.fromzero.course.report.Style;
import dev.fromzero.course.watch.ChapterWatch;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./course watch N}: compiles and re-runs chapter N's tests on every save, the step the
 * learner is on first, in a test JVM that stays warm between saves. Runs until Ctrl-C.
 */
@Command(name = "watch",
        header = "Re-run chapter N's tests every time you save, the step you are on first.",
        description = {"Re-run chapter N's tests every time you save a file in chapterNN-*/src:",
                "the step you are on first, then the other steps, up to the first that fails."})
final class WatchCommand implements Callable<Integer> {

    /** Generous: chapter 1's crash tests take tens of seconds on a loaded 2-core machine. */
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);

    @ParentCommand
    private Main main;

    @Parameters(paramLabel = "N", description = "The chapter.")
    private int chapter;

    @Option(names = "--seed", paramLabel = "X",
            description = "The seed of every run's randomized tests (default: one drawn when watch starts, kept for the session).")
    private Long seed;

    @Option(names = "--full", description = "Every failure in full: its whole message and trace, not only the first's.")
    private boolean full;

    @Override
    public Integer call() {
        Course course = main.course();
        Chapter ch = course.chapter(chapter);
        Style style = main.style();
        long sessionSeed = seed != null ? seed : new SecureRandom().nextLong() & Long.MAX_VALUE;
        System.out.println(style.dim("watching " + ch.name() + "/src; every run uses seed " + sessionSeed
                + (seed == null ? " (choose one with --seed X)" : "") + "; Ctrl-C to stop"));
        ChapterWatch watch = new ChapterWatch(course, ch, sessionSeed, STEP_TIMEOUT, System.out, style, full);
        Thread stopper = new Thread(watch::close, "watch-stop");
        Runtime.getRuntime().addShutdownHook(stopper); // Ctrl-C: take the test JVM down too
        try (watch) {
            watch.loop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running already
            }
        }
        return 0;
    }
}
