package dev.fromzero.course;

import dev.fromzero.course.grade.AutograderPackage;
import dev.fromzero.course.grade.Grade;
import dev.fromzero.course.grade.Grader;
import dev.fromzero.course.grade.GradescopeReport;
import dev.fromzero.course.grade.JsonReport;
import dev.fromzero.course.grade.JunitReport;
import dev.fromzero.course.grade.TextReport;
import dev.fromzero.course.runner.TestRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./course grade}: scores a submission with the course's pristine tests (see
 * docs/graders.md). It exits 0 whenever grading ran, whatever the score; 1 when it could not
 * grade (no such submission, a bad option value).
 */
@Command(name = "grade",
        description = {"Grade a submission with the course's own tests (see docs/graders.md).",
                "Only each chapter's src/main/java is taken from the submission. A test",
                "that hangs, exits or floods its output costs only itself.",
                "Exits 0 whenever grading ran, whatever the score."})
final class GradeCommand implements Callable<Integer> {

    /** Each file format: its file name in --out and how it is written. */
    private static final Map<String, Map.Entry<String, Function<Grade, String>>> FILES = Map.of(
            "json", Map.entry("grade.json", JsonReport::of),
            "gradescope", Map.entry("results.json", GradescopeReport::of),
            "junit", Map.entry("junit.xml", JunitReport::of));

    @ParentCommand
    private Main main;

    @Option(names = "--submission", paramLabel = "DIR",
            description = "The student's copy of the repository, or a directory holding their chapterNN-* folders (default: this working copy).")
    private Path submission;

    @Option(names = "--chapters", paramLabel = "N", split = ",", description = "The chapters to grade, e.g. 1,2 (default: all).")
    private List<Integer> chapters = new ArrayList<>();

    @Option(names = "--hidden-tests", paramLabel = "DIR",
            description = "More tests, run with each chapter's own: DIR/chapterNN-name/**/*.java.")
    private Path hiddenTests;

    @Option(names = "--format", paramLabel = "FORMAT", split = ",", defaultValue = "text",
            description = "text (a table on stdout), json (grade.json), gradescope (results.json), junit (junit.xml); several may be given, e.g. text,junit.")
    private List<String> formats;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".", description = "Where the json, gradescope and junit files go (default: .).")
    private Path out;

    @Option(names = "--seed", paramLabel = "X", description = "The seed of every randomized test (default: ${DEFAULT-VALUE}).")
    private long seed = Grader.DEFAULT_SEED;

    @Option(names = "--test-timeout", paramLabel = "SECONDS", description = "How long one test may run (default: ${DEFAULT-VALUE}).")
    private int testTimeout = (int) Grader.DEFAULT_LIMITS.perTest().toSeconds();

    @Option(names = "--chapter-timeout", paramLabel = "SECONDS", description = "How long one chapter's tests may run (default: ${DEFAULT-VALUE}).")
    private int chapterTimeout = (int) Grader.DEFAULT_LIMITS.perRun().toSeconds();

    @Option(names = "--heap", paramLabel = "SIZE", description = "The test JVM's heap limit, as for -Xmx (default: ${DEFAULT-VALUE}).")
    private String heap = Grader.DEFAULT_LIMITS.heap();

    @Option(names = "--output-limit", paramLabel = "BYTES", description = "How much of each test's output to keep (default: ${DEFAULT-VALUE}).")
    private int outputLimit = Grader.DEFAULT_LIMITS.outputBytes();

    @Option(names = "--package", paramLabel = "gradescope",
            description = "Instead of grading, write an autograder zip to --out (gradescope: autograder.zip) that grades with these options.")
    private String packageKind;

    @Override
    public Integer call() {
        Course course = main.course();
        check();
        if (packageKind != null) {
            Path zip = out.resolve("autograder.zip");
            AutograderPackage.write(course, hiddenTests, packagedOptions(), zip);
            System.out.println("wrote " + zip + ": upload it as the assignment's autograder on Gradescope (docs/graders.md)");
            return 0;
        }
        TestRun.Limits limits = new TestRun.Limits(Duration.ofSeconds(testTimeout), Duration.ofSeconds(chapterTimeout), heap, outputLimit);
        Grade grade = Grader.grade(course, new Grader.Options(submission == null ? course.root() : submission, chapters,
                hiddenTests, seed, limits), System.err);
        if (formats.contains("text")) {
            System.out.print(TextReport.of(grade));
            List<Integer> notStarted = grade.chapters().stream().filter(TextReport::notStarted).map(Grade.Chapter::number).toList();
            if (submission == null && chapters.isEmpty() && !notStarted.isEmpty()) {
                String which = notStarted.stream().map(String::valueOf).collect(Collectors.joining(", "));
                System.out.println("(" + (notStarted.size() == 1 ? "chapter " + which + " is" : "chapters " + which + " are")
                        + " not started; grade only yours with ./course grade --chapters N)");
            }
        }
        for (String format : formats) {
            if (FILES.containsKey(format)) {
                Path file = out.resolve(FILES.get(format).getKey());
                write(file, FILES.get(format).getValue().apply(grade));
                System.out.println("wrote " + file);
            }
        }
        if (!formats.contains("text")) {
            System.out.println(grade.summary());
        }
        return 0;
    }

    private void check() {
        for (String format : formats) {
            if (!format.equals("text") && !FILES.containsKey(format)) {
                throw new CourseException("--format " + format + " is not a format; use text, json, gradescope or junit");
            }
        }
        if (packageKind != null && !packageKind.equals("gradescope")) {
            throw new CourseException("--package " + packageKind + " is not a package kind; use --package gradescope");
        }
        if (hiddenTests != null && !Files.isDirectory(hiddenTests)) {
            throw new CourseException("--hidden-tests " + hiddenTests + " is not a directory; it holds one folder per chapter,"
                    + " named like the chapter (e.g. chapter01-log/), with the tests' .java files");
        }
        if (!heap.matches("\\d+[kKmMgG]?")) {
            throw new CourseException("--heap " + heap + " is not a heap size; give it as for -Xmx, e.g. 512m or 1g");
        }
        if (testTimeout <= 0 || chapterTimeout <= 0 || outputLimit < 0) {
            throw new CourseException("--test-timeout and --chapter-timeout must be positive, --output-limit at least 0");
        }
    }

    /** The options run_autograder passes on to grade: all but where the submission, hidden tests and results are. */
    private List<String> packagedOptions() {
        List<String> args = new ArrayList<>(List.of("--seed", Long.toString(seed), "--test-timeout", Integer.toString(testTimeout),
                "--chapter-timeout", Integer.toString(chapterTimeout), "--heap", heap, "--output-limit", Integer.toString(outputLimit)));
        if (!chapters.isEmpty()) {
            args.addAll(List.of("--chapters", chapters.stream().map(String::valueOf).collect(Collectors.joining(","))));
        }
        return args;
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
