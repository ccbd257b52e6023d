package dev.fromzero.course.verify;

import dev.fromzero.course.Course;
import dev.fromzero.course.Course.Chapter;
import dev.fromzero.course.CourseException;
import dev.fromzero.course.compile.Javac;
import dev.fromzero.course.generate.Generator;
import dev.fromzero.course.generate.Generator.Mode;
import dev.fromzero.course.generate.MarkerException;
import dev.fromzero.course.generate.SourceTree;
import dev.fromzero.course.generate.SourceTree.Difference;
import dev.fromzero.course.grade.Grade;
import dev.fromzero.course.grade.Grader;
import dev.fromzero.course.report.Printer;
import dev.fromzero.course.report.SuiteReport;
import dev.fromzero.course.runner.ChapterSuite;
import dev.fromzero.course.runner.TestResult;
import dev.fromzero.course.runner.TestRun;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code ./course verify} proves, check by check, in the order CI needs them:
 * (a) the committed starters are what generate writes; (d) the tool's and testkit's own tests
 * pass; (b) chapter N's tests pass on snapshot N, and the last snapshot, the whole reference,
 * passes every chapter's tests; (c) every chapter-N test fails on chapter N's starter; (f) each
 * chapter's guide has a section for every step and names every test; (e) every mutant of a
 * snapshot is caught by its chapter's suite; (g) the grader gives the last chapter's snapshot
 * full marks. Each suite runs on each snapshot at most once, so the cost grows with the number
 * of chapters, not its square: the last chapter's tests on its snapshot run once, through the
 * grader, for both (b) and (g). Scratch files live under {@code target/course/verify/}.
 */
public final class Verifier {

    /** Which checks to run. {@code chapter} null means every chapter. */
    public record Options(Integer chapter, boolean skipToolTests, boolean skipMutants, boolean verbose) {
    }

    private final Course course;
    private final Options options;
    private final Checklist checks;
    private Generator generator;
    /** Chapters whose snapshot passes every test: only there does a failing test prove a mutant wrong. */
    private final Set<Integer> greenSnapshots = new HashSet<>();
    /** Each chapter's tests as (c) ran them: what (f) checks the guide against. */
    private final Map<Integer, List<TestResult>> chapterTests = new HashMap<>();
    /** The grade of the last snapshot, from (b)'s run of its chapter's tests, which (g) reports; null if not graded. */
    private Grade grade;

    private Verifier(Course course, Options options, PrintStream out) {
        this.course = course;
        this.options = options;
        this.checks = new Checklist(out);
    }

    /** Runs the checks, prints the report and returns the number of failed checks. */
    public static int run(Course course, Options options, PrintStream out) {
        return new Verifier(course, options, out).run();
    }

    private int run() {
        List<Chapter> chapters = options.chapter() == null ? course.chapters() : List.of(course.chapter(options.chapter()));
        checks.section("markers", "the reference sources (solutions/src/main/java)");
        try {
            generator = Generator.load(course.solutionSources(), course.root(),
                    course.chapters().stream().map(Chapter::number).collect(Collectors.toSet()));
            checks.pass("every //@ marker is valid");
            generator.warnings().forEach(checks::note);
        } catch (MarkerException e) {
            checks.fail("the markers have errors; nothing else can be checked until they are fixed",
                    e.problems().stream().map(Object::toString).toList());
            checks.summary();
            return checks.failed();
        }
        starters(chapters);
        if (!options.skipToolTests()) {
            toolTests();
        }
        snapshots(chapters);
        startersFail(chapters);
        guides(chapters);
        if (!options.skipMutants()) {
            mutants(chapters);
        }
        grading(chapters.get(chapters.size() - 1));
        checks.summary();
        return checks.failed();
    }

    private void starters(List<Chapter> chapters) {
        checks.section("(a)", "the committed starters are what ./course generate writes");
        for (Chapter ch : chapters) {
            List<Difference> diffs = SourceTree.compare(generator.tree(ch.number(), Mode.STARTER), ch.mainSources());
            if (diffs.isEmpty()) {
                checks.pass(ch.name() + "/src/main/java");
            } else {
                checks.fail(ch.name() + "/src/main/java differs from solutions/ in " + diffs.size()
                        + " file(s): run ./course generate and commit", diffs.stream().map(Difference::toString).toList());
            }
        }
    }

    private void toolTests() {
        checks.section("(d)", "the course tool's and testkit's own tests");
        ToolTests.Result result = ToolTests.run(course.root(), course.work("verify", "tool-tests.log"));
        if (result.ok()) {
            checks.pass(ToolTests.COMMAND);
        } else {
            List<String> details = new ArrayList<>(result.tail());
            details.add("full output: " + result.log());
            checks.fail(ToolTests.COMMAND + " failed", details);
        }
    }

    /**
     * (b): snapshot N runs chapter N's tests, what its learners and its grader run on it; the
     * last snapshot checked, the whole reference, also runs the tests of every chapter before
     * it. Its own chapter's tests run through the grader, whose grade (g) then reports.
     */
    private void snapshots(List<Chapter> chapters) {
        checks.section("(b)", "every test passes on the solution snapshots");
        Chapter last = chapters.get(chapters.size() - 1);
        for (Chapter ch : chapters) {
            Path src = snapshotWork(ch).resolve("src");
            SourceTree.write(generator.tree(ch.number(), Mode.SNAPSHOT), src);
            boolean ok = true;
            if (ch == last) {
                List<Chapter> earlier = course.chapters().stream().filter(c -> c.number() < ch.number()).toList();
                if (!earlier.isEmpty()) {
                    boolean whole = ch.number() == course.chapters().get(course.chapters().size() - 1).number();
                    ok = suites(ch, earlier, String.format("snapshot %d%s (tests of chapter%s %s)", ch.number(),
                            whole ? ", the whole reference" : "", earlier.size() == 1 ? "" : "s",
                            earlier.size() == 1 ? earlier.get(0).number() : "1.." + earlier.get(earlier.size() - 1).number()));
                }
                ok &= graded(ch);
            } else {
                ok = suites(ch, List.of(ch), String.format("snapshot %d (chapter %d's tests)", ch.number(), ch.number()));
            }
            if (ok) {
                greenSnapshots.add(ch.number());
            }
        }
    }

    private Path snapshotWork(Chapter ch) {
        return course.work("verify", String.format("snapshot%02d", ch.number()));
    }

    /** Runs the tests of {@code suites} on snapshot {@code ch}; whether they all pass. */
    private boolean suites(Chapter ch, List<Chapter> suites, String what) {
        Path work = snapshotWork(ch);
        List<String> failures = new ArrayList<>();
        int total = 0;
        for (Chapter tests : suites) {
            ChapterSuite.Outcome outcome =
                    ChapterSuite.run(course, work.resolve("src"), tests, work, TestRun.Selection.all(), null, options.verbose());
            if (outcome instanceof ChapterSuite.NotCompiled nc) {
                failures.add((nc.what().equals("main code") ? "the snapshot" : tests.name() + "'s tests")
                        + " do not compile:\n" + String.join("\n", nc.errors()));
                continue;
            }
            TestRun.Outcome run = ((ChapterSuite.Ran) outcome).run();
            SuiteReport report = SuiteReport.of(run.results());
            total += report.total();
            report.failures().forEach(t -> failures.add(tests.name() + " " + t.key() + ": " + Printer.firstLine(t.message())
                    + (t.replay().isEmpty() ? "" : "\n  replay: " + t.replay())));
            if (!run.ok()) {
                failures.add(tests.name() + ": " + run.problem());
            }
        }
        if (failures.isEmpty()) {
            checks.pass(what + ": all " + total + " tests pass");
            return true;
        }
        checks.fail(what + ": the reference fails; fix solutions/ or the test", failures);
        return false;
    }

    /**
     * Runs chapter {@code ch}'s tests on its snapshot through the grader, as a student's
     * submission, with limits no looser than a learner's run's nor the grader's defaults: one run
     * then proves what (b) needs (a learner finishing the chapter passes) and what (g) needs (the
     * grader gives full marks).
     */
    private boolean graded(Chapter ch) {
        Path submission = course.work("verify", "graded");
        SourceTree.write(generator.tree(ch.number(), Mode.SNAPSHOT), submission.resolve(ch.name()).resolve("src/main/java"));
        grade = Grader.grade(course, new Grader.Options(submission, List.of(ch.number()), null, Grader.DEFAULT_SEED,
                tightest(TestRun.Limits.defaults(), Grader.DEFAULT_LIMITS)), new PrintStream(OutputStream.nullOutputStream()));
        String what = String.format("snapshot %d (chapter %d's tests, run by the grader for (g), seed %d)",
                ch.number(), ch.number(), Grader.DEFAULT_SEED);
        List<String> problems = gradeProblems(grade);
        if (problems.isEmpty() && fullMarks(grade)) {
            checks.pass(what + ": all " + grade.chapters().stream().mapToInt(c -> c.report().total()).sum() + " tests pass");
            return true;
        }
        checks.fail(what + ": the reference fails; fix solutions/ or the test", problems);
        return false;
    }

    /** Every point, the bonus steps' included: the reference passes the whole suite. */
    private static boolean fullMarks(Grade grade) {
        return grade.possible() > 0 && grade.earned() == grade.possible() && grade.bonusEarned() == grade.bonusPossible();
    }

    /** Limits no looser than either: the shorter times, the smaller heap, the larger output kept. */
    static TestRun.Limits tightest(TestRun.Limits a, TestRun.Limits b) {
        return new TestRun.Limits(min(a.perTest(), b.perTest()), min(a.perRun(), b.perRun()),
                megabytes(a.heap()) <= megabytes(b.heap()) ? a.heap() : b.heap(), Math.max(a.outputBytes(), b.outputBytes()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** A {@code -Xmx} size ({@code 512m}, {@code 1g}, {@code 1048576k}) in megabytes. */
    static long megabytes(String heap) {
        String h = heap.strip().toLowerCase(Locale.ROOT);
        long n = Long.parseLong(h.replaceAll("[kmgt]$", ""));
        return switch (h.charAt(h.length() - 1)) {
            case 'k' -> n / 1024;
            case 'm' -> n;
            case 'g' -> n * 1024;
            case 't' -> n * 1024 * 1024;
            default -> n / (1024 * 1024);
        };
    }

    private static List<String> gradeProblems(Grade grade) {
        List<String> problems = new ArrayList<>();
        for (Grade.Chapter graded : grade.chapters()) {
            if (graded.problem() != null) {
                problems.add(graded.name() + " " + graded.problem());
                problems.addAll(graded.details());
            }
            graded.report().failures().forEach(t -> problems.add(graded.name() + " " + t.key() + ": "
                    + Printer.firstLine(t.message()) + (t.replay().isEmpty() ? "" : "\n  replay: " + t.replay())));
        }
        return problems;
    }

    private void startersFail(List<Chapter> chapters) {
        checks.section("(c)", "every test of chapter N fails on chapter N's starter");
        for (Chapter ch : chapters) {
            ChapterSuite.Outcome outcome = ChapterSuite.run(course, ch.mainSources(), ch,
                    course.work("verify", String.format("starter%02d", ch.number())), TestRun.Selection.all(), null, options.verbose());
            String what = "starter " + ch.number() + " (" + ch.name() + ")";
            if (outcome instanceof ChapterSuite.NotCompiled nc) {
                checks.fail(what + ": the " + (nc.what().equals("main code") ? "starter" : "tests")
                        + " do not compile; a starter must compile so that learners start from green code", nc.errors());
                continue;
            }
            TestRun.Outcome run = ((ChapterSuite.Ran) outcome).run();
            chapterTests.put(ch.number(), run.results());
            SuiteReport report = SuiteReport.of(run.results());
            List<String> passing = report.steps().stream().flatMap(s -> s.tests().stream())
                    .filter(t -> t.status() == TestResult.Status.PASSED)
                    .map(t -> t.key() + " passes on the starter: it does not exercise any TODO of chapter "
                            + ch.number() + ", or the TODO stub is not reached")
                    .collect(Collectors.toCollection(ArrayList::new));
            if (!run.ok()) {
                passing.add(run.problem());
            }
            if (passing.isEmpty()) {
                checks.pass(what + ": all " + report.total() + " tests fail");
            } else {
                checks.fail(what + ": some tests do not fail", passing);
            }
        }
    }

    private void guides(List<Chapter> chapters) {
        checks.section("(f)", "every step's guide section exists and lists the step's tests");
        for (Chapter ch : chapters) {
            List<TestResult> tests = chapterTests.get(ch.number());
            if (tests == null) {
                checks.note(ch.name() + ": guide not checked, its tests did not run in (c)");
                continue;
            }
            List<String> problems = GuideCheck.problems(course.root(), tests);
            if (problems.isEmpty()) {
                checks.pass(ch.name() + ": the guide has every step's section and names all " + tests.size() + " tests");
            } else {
                checks.fail(ch.name() + ": the guide does not match the suite; docs and tests must say the same thing",
                        problems);
            }
        }
    }

    private void mutants(List<Chapter> chapters) {
        checks.section("(e)", "every mutant is killed by its chapter's suite");
        MutantCheck check = new MutantCheck(course, checks, TestRun.Limits.defaults());
        for (Chapter ch : chapters) {
            Path file = course.mutantsFile(ch.number());
            if (!Files.isRegularFile(file)) {
                checks.note(ch.name() + ": no mutants (" + course.root().relativize(file) + " does not exist)");
                continue;
            }
            if (!greenSnapshots.contains(ch.number())) {
                checks.note(ch.name() + ": mutants not run: the snapshot itself fails tests (see (b)), so a failing test"
                        + " would prove nothing about a mutant");
                continue;
            }
            List<Mutant> mutants;
            try {
                mutants = MutantFile.parse(course.root().relativize(file).toString(), Files.readString(file));
            } catch (CourseException e) {
                checks.fail("the mutants of chapter " + ch.number() + " cannot be read", List.of(e.getMessage()));
                continue;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            check.run(ch, file, mutants, generator.tree(ch.number(), Mode.SNAPSHOT), snapshotTests(ch));
        }
    }

    /**
     * Chapter {@code ch}'s tests compiled against its snapshot, which (b) compiled and found
     * green (compiling again is then a no-op: {@link Javac} skips what is up to date).
     */
    private Path snapshotTests(Chapter ch) {
        Path work = snapshotWork(ch);
        Path classes = work.resolve("classes");
        Path tests = ChapterSuite.testClasses(work, ch);
        if (!ChapterSuite.compileMain(course, work.resolve("src"), classes).ok()
                || !Javac.compile(ch.testSources(), ChapterSuite.testClasspath(classes), tests, course.root()).ok()) {
            throw new IllegalStateException("snapshot " + ch.number() + " passed its tests in (b) but does not compile now");
        }
        return tests;
    }

    /**
     * (g) reports the grade of (b)'s run of the last snapshot: graded as a student's submission,
     * with the grader's limits (or tighter), a test that passes under {@code ./course test} but
     * not under the grader (too slow for the per-test limit, say) would cost every student.
     */
    private void grading(Chapter ch) {
        checks.section("(g)", "the grader gives the reference full marks");
        if (grade == null) {
            checks.note(ch.name() + ": not graded");
            return;
        }
        String what = String.format("snapshot %d graded as a submission (in (b)): %d/%d points%s", ch.number(),
                grade.earned(), grade.possible(), grade.bonusPossible() == 0 ? ""
                        : " + " + grade.bonusEarned() + "/" + grade.bonusPossible() + " bonus points");
        if (fullMarks(grade)) {
            checks.pass(what);
        } else {
            checks.fail(what + ": the grader fails the reference; see why in (b) (./course grade --help for its limits)",
                    List.of());
        }
    }
}
