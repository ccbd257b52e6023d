package dev.fromzero.course.runner;

import dev.fromzero.course.Course;
import dev.fromzero.course.Course.Chapter;
import dev.fromzero.course.compile.Javac;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles some main code and a chapter's tests, then runs the tests: the one pipeline behind
 * {@code test}, {@code status} and {@code verify}. The main code may be a learner's starter, a
 * solution snapshot or a mutant; the tests are always a chapter's own, as committed.
 *
 * <p>Under {@code work}: {@code classes/} (main), {@code tests-chNN/} (tests) and
 * {@code run-chNN/} (results and log). Running several chapters' tests against the same main
 * code with the same {@code work} compiles the main code once.
 */
public final class ChapterSuite {

    /** Either a compilation failed, or the tests ran (which may still have failed). */
    public sealed interface Outcome permits NotCompiled, Ran {
    }

    /** {@code what} is "main code" or "tests"; {@code errors} are javac's, as {@code file:line: message}. */
    public record NotCompiled(String what, List<String> errors) implements Outcome {
    }

    public record Ran(TestRun.Outcome run) implements Outcome {
    }

    private ChapterSuite() {
    }

    public static Outcome run(Course course, Path mainSources, Chapter tests, Path work,
                              TestRun.Selection selection, String seed, boolean verbose) {
        return run(course, mainSources, tests, work, selection, seed, verbose, TestRun.Progress.NONE);
    }

    /** As {@link #run(Course, Path, Chapter, Path, TestRun.Selection, String, boolean)}, telling {@code progress} of each test. */
    public static Outcome run(Course course, Path mainSources, Chapter tests, Path work,
                              TestRun.Selection selection, String seed, boolean verbose, TestRun.Progress progress) {
        Path mainClasses = work.resolve("classes");
        Javac.Result main = compileMain(course, mainSources, mainClasses);
        if (!main.ok()) {
            return new NotCompiled("main code", main.errors());
        }
        Path testClasses = testClasses(work, tests);
        Javac.Result compiledTests = Javac.compile(tests.testSources(), testClasspath(mainClasses), testClasses, course.root());
        if (!compiledTests.ok()) {
            return new NotCompiled("tests", compiledTests.errors());
        }
        Path runWork = work.resolve(String.format("run-ch%02d", tests.number()));
        return new Ran(TestRun.run(mainClasses, List.of(testClasses), tests.dir(), selection, seed, TestRun.Limits.defaults(),
                runWork, verbose, progress));
    }

    /**
     * What tests compile against: the tool's own class path (JUnit, AssertJ, testkit), then the
     * main code, last, so that main code cannot stand in for a library class.
     */
    public static List<Path> testClasspath(Path mainClasses) {
        List<Path> classpath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classpath.add(Path.of(entry));
        }
        classpath.add(mainClasses);
        return classpath;
    }

    /** Where {@link #run} with this {@code work} puts the compiled tests of {@code tests}. */
    public static Path testClasses(Path work, Chapter tests) {
        return work.resolve(String.format("tests-ch%02d", tests.number()));
    }

    /**
     * Like {@link #run}, with tests already compiled against other main code of the same API (a
     * mutant's tests are the snapshot's): saves compiling the suite once per mutant.
     */
    public static Outcome runCompiledTests(Course course, Path mainSources, Chapter tests, Path testClasses, Path work,
                                           TestRun.Selection selection, boolean verbose) {
        Path mainClasses = work.resolve("classes");
        Javac.Result main = compileMain(course, mainSources, mainClasses);
        if (!main.ok()) {
            return new NotCompiled("main code", main.errors());
        }
        return new Ran(TestRun.run(mainClasses, testClasses, tests.dir(), selection, null, work.resolve("run"), verbose));
    }

    /**
     * Compiles main code into {@code mainClasses}. Main code sees nothing but itself, as in its
     * Maven module, which has no main dependencies.
     */
    public static Javac.Result compileMain(Course course, Path mainSources, Path mainClasses) {
        return Javac.compile(mainSources, List.of(mainClasses), mainClasses, course.root());
    }
}
