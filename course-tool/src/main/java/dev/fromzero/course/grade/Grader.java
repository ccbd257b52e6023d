package dev.fromzero.course.grade;

import dev.fromzero.course.Course;
import dev.fromzero.course.Course.Chapter;
import dev.fromzero.course.CourseException;
import dev.fromzero.course.compile.Javac;
import dev.fromzero.course.generate.Generator;
import dev.fromzero.course.generate.SourceTree;
import dev.fromzero.course.report.SuiteReport;
import dev.fromzero.course.runner.ChapterSuite;
import dev.fromzero.course.runner.TestResult;
import dev.fromzero.course.runner.TestRun;
import dev.fromzero.testkit.Visibility;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Grades a submission, one chapter at a time, each from scratch: copy the submission's main
 * sources of the chapter, compile them alone, compile the course's pristine tests (and the
 * chapter's hidden tests, if any) against them, and run the tests in a child JVM with the
 * grading limits ({@link TestRun}: a test that hangs, exits or floods its output costs only
 * itself). A chapter that is missing or does not compile scores 0, and its tests are still
 * listed, from the starter the course generates, so that the maximum is the same for everyone.
 *
 * <p>Every run gets the same seed ({@code -Dfromzero.seed}), so randomized tests grade the same
 * submission the same way every time. Scratch files go to {@code target/course/grade/}.
 */
public final class Grader {

    /** The seed when none is given: a constant, so that a submission's grade never changes. */
    public static final long DEFAULT_SEED = 42;

    /** 120 s per test (twice the slowest test on a loaded 2-core machine), 10 min per chapter, a 1 GB heap, 8 KiB of output per test. */
    public static final TestRun.Limits DEFAULT_LIMITS =
            new TestRun.Limits(Duration.ofSeconds(120), Duration.ofMinutes(10), "1g", 8192);

    private static final Set<String> VISIBILITIES =
            Set.of(Visibility.VISIBLE, Visibility.HIDDEN, Visibility.AFTER_DUE_DATE, Visibility.AFTER_PUBLISHED);

    /** What to grade: chapter numbers (empty: all), hidden tests (may be null), the seed and the limits. */
    public record Options(Path submission, List<Integer> chapters, Path hiddenTests, long seed, TestRun.Limits limits) {
    }

    private final Course course;
    private final Options options;
    private final Submission submission;
    private final PrintStream progress;
    private Generator generator;

    private Grader(Course course, Options options, PrintStream progress) {
        this.course = course;
        this.options = options;
        this.submission = Submission.at(options.submission());
        this.progress = progress;
    }

    /** Grades the submission; progress lines go to {@code progress}. */
    public static Grade grade(Course course, Options options, PrintStream progress) {
        List<Chapter> chapters = options.chapters().isEmpty() ? course.chapters()
                : options.chapters().stream().map(course::chapter).toList();
        long start = System.nanoTime();
        Grader grader = new Grader(course, options, progress);
        List<Grade.Chapter> graded = new ArrayList<>();
        for (Chapter ch : chapters) {
            progress.printf("grading %s ...%n", ch.name());
            graded.add(grader.chapter(ch));
        }
        return new Grade(grader.submission.dir(), options.seed(), Duration.ofNanos(System.nanoTime() - start), graded);
    }

    private Grade.Chapter chapter(Chapter ch) {
        Path work = course.work("grade", ch.name());
        Path copied = work.resolve("submission");
        Path src = copied.resolve(ch.name()).resolve("src/main/java");
        Optional<Path> folder = submission.folder(ch);
        if (folder.isEmpty()) {
            return notGraded(ch, work, "not in the submission: there is no " + String.format("chapter%02d-*", ch.number())
                    + " folder in " + submission.dir(), List.of());
        }
        if (Submission.copyMainSources(folder.get(), src) == 0) {
            return notGraded(ch, work, "not in the submission: " + folder.get() + " has no .java files under src/main/java",
                    List.of());
        }
        Submission.copyCourseResources(ch.mainSources(), src);
        Path classes = work.resolve("classes");
        Javac.Result main = Javac.compile(src, List.of(classes), classes, copied);
        if (!main.ok()) {
            return notGraded(ch, work, "does not compile", main.errors());
        }
        Tests tests = compileTests(ch, classes, work);
        if (tests.problem() != null) {
            return notGraded(ch, work, tests.problem(), tests.errors());
        }
        TestRun.Outcome run = TestRun.run(classes, tests.dirs(), ch.dir(), TestRun.Selection.all(),
                Long.toString(options.seed()), options.limits(), work.resolve("run"), false);
        if (!run.ok()) {
            return notGraded(ch, work, "the tests could not run", List.of(run.problem().split("\n")));
        }
        return new Grade.Chapter(ch.number(), ch.name(), null, List.of(), SuiteReport.of(run.results()),
                tests(run.results(), tests, classes));
    }

    /**
     * The compiled tests: the chapter's, then the hidden ones ({@code hidden} is null without
     * them); {@code problem} says what did not compile, with javac's {@code errors}.
     */
    private record Tests(List<Path> dirs, Path hidden, String problem, List<String> errors) {
    }

    /** Compiles the chapter's tests, then its hidden tests, against the main classes. */
    private Tests compileTests(Chapter ch, Path classes, Path work) {
        Path tests = work.resolve("tests");
        Javac.Result compiled = Javac.compile(ch.testSources(), ChapterSuite.testClasspath(classes), tests, course.root());
        if (!compiled.ok()) {
            return new Tests(List.of(), null, "the chapter's tests do not compile against it: a public class or method"
                    + " the guide gives is missing or has another signature", compiled.errors());
        }
        Path hiddenSources = hiddenSources(ch);
        if (hiddenSources == null) {
            return new Tests(List.of(tests), null, null, List.of());
        }
        Path hidden = work.resolve("hidden");
        List<Path> classpath = new ArrayList<>(ChapterSuite.testClasspath(classes));
        classpath.add(0, tests);
        compiled = Javac.compile(hiddenSources, classpath, hidden, options.hiddenTests());
        if (!compiled.ok()) {
            return new Tests(List.of(), null, "the hidden tests do not compile against it: a public class or method"
                    + " the guide gives is missing or has another signature", compiled.errors());
        }
        return new Tests(List.of(tests, hidden), hidden, null, List.of());
    }

    private Path hiddenSources(Chapter ch) {
        if (options.hiddenTests() == null) {
            return null;
        }
        Path dir = options.hiddenTests().resolve(ch.name());
        return Files.isDirectory(dir) ? dir : null;
    }

    /**
     * A chapter that scores 0: its tests, listed from the course's own starter for the chapter
     * (which compiles by construction), each failed with {@code problem}.
     */
    private Grade.Chapter notGraded(Chapter ch, Path work, String problem, List<String> details) {
        Path plan = work.resolve("plan");
        Path src = plan.resolve("src");
        SourceTree.write(generator().tree(ch.number(), Generator.Mode.STARTER), src);
        Path classes = plan.resolve("classes");
        Tests tests = Javac.compile(src, List.of(classes), classes, course.root()).ok()
                ? compileTests(ch, classes, plan) : new Tests(List.of(), null, "the starter does not compile", List.of());
        List<TestResult> planned = tests.problem() == null ? TestRun.plan(classes, tests.dirs(), ch.dir(), plan.resolve("run"))
                : List.of();
        List<TestResult> failed = planned.stream().map(t -> t.failedWith(ch.name() + " " + problem)).toList();
        return new Grade.Chapter(ch.number(), ch.name(), problem, details, SuiteReport.of(failed),
                tests(failed, tests, classes));
    }

    private Generator generator() {
        if (generator == null) {
            generator = Generator.load(course.solutionSources(), course.root(),
                    course.chapters().stream().map(Chapter::number).collect(Collectors.toSet()));
        }
        return generator;
    }

    /**
     * Each test method's origin and visibility: {@code @Visibility} on the method or its class,
     * else {@code visible} for the chapter's tests and {@code after_published} for hidden ones.
     * The classes are loaded, not initialized, to read their annotations.
     */
    private Map<String, Grade.Test> tests(List<TestResult> results, Tests compiled, Path mainClasses) {
        Path hidden = compiled.hidden();
        Map<String, Grade.Test> tests = new LinkedHashMap<>();
        List<Path> path = new ArrayList<>(compiled.dirs());
        path.add(mainClasses);
        try (URLClassLoader loader = new URLClassLoader(urls(path), Grader.class.getClassLoader())) {
            for (TestResult t : results) {
                String key = t.className() + "#" + t.method();
                if (tests.containsKey(key)) {
                    continue;
                }
                boolean isHidden = hidden != null
                        && Files.isRegularFile(hidden.resolve(t.className().replace('.', '/') + ".class"));
                Class<?> testClass = Class.forName(t.className(), false, loader);
                String visibility = visibility(testClass, t.method())
                        .orElse(isHidden ? Visibility.AFTER_PUBLISHED : Visibility.VISIBLE);
                if (!VISIBILITIES.contains(visibility)) {
                    throw new CourseException(t.key() + " has @Visibility(\"" + visibility + "\"); use one of "
                            + VISIBILITIES.stream().sorted().toList());
                }
                tests.put(key, new Grade.Test(isHidden, visibility));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new CourseException("cannot read the annotations of the tests in " + compiled.dirs() + ": " + e, e);
        }
        return tests;
    }

    private static Optional<String> visibility(Class<?> testClass, String method) {
        for (Method m : testClass.getDeclaredMethods()) {
            if (m.getName().equals(method) && m.isAnnotationPresent(Visibility.class)) {
                return Optional.of(m.getAnnotation(Visibility.class).value());
            }
        }
        for (AnnotatedElement c = testClass; c != null; c = ((Class<?>) c).getEnclosingClass()) {
            if (c.isAnnotationPresent(Visibility.class)) {
                return Optional.of(c.getAnnotation(Visibility.class).value());
            }
        }
        return Optional.empty();
    }

    private static URL[] urls(List<Path> dirs) {
        try {
            URL[] urls = new URL[dirs.size()];
            for (int i = 0; i < urls.length; i++) {
                urls[i] = dirs.get(i).toUri().toURL();
            }
            return urls;
        } catch (MalformedURLException e) {
            throw new IllegalStateException("a directory always has a URL", e);
        }
    }
}
