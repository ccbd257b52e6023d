package dev.fromzero.course;

import dev.fromzero.course.Course.Chapter;
import dev.fromzero.course.compile.Javac;
import dev.fromzero.course.generate.Generator;
import dev.fromzero.course.generate.SourceTree;
import dev.fromzero.course.mutate.MutationScore;
import dev.fromzero.course.mutate.PitReport;
import dev.fromzero.course.mutate.PitSession;
import dev.fromzero.course.runner.ChapterSuite;
import dev.fromzero.testkit.ScratchExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./course mutate N}: how much of chapter N's learner code its suite pins down. PIT mutates
 * the solution snapshot (by default only the files that hold chapter N's TODO regions), runs the
 * chapter's suite against each mutant, and this command prints the score and the mutants that
 * survive on TODO lines: each is a wrong learner implementation the suite would pass, so it needs
 * a test or a reason why it is equivalent. Slow (minutes to an hour), so not part of verify.
 */
@Command(name = "mutate",
        header = "Instructors: score chapter N's suite with PIT mutation testing (slow; not part of verify).",
        description = {"Instructors: run PIT mutation testing on chapter N's solution snapshot against chapter N's suite,",
                "then print the mutation score and the mutants that survive in learner code (the chapter's TODO regions).",
                "Slow: minutes to an hour per chapter. PIT's HTML report is left in target/course/mutate/chNN/report/."})
final class MutateCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Parameters(paramLabel = "N", description = "The chapter number.")
    private int chapterNumber;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "2",
            description = "PIT minion JVMs run in parallel (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--timeout-factor", paramLabel = "F", defaultValue = "2.0",
            description = "A mutant times out (and counts as killed) after F × the test's normal time + the constant (default: ${DEFAULT-VALUE}).")
    private double timeoutFactor;

    @Option(names = "--timeout-const", paramLabel = "MS", defaultValue = "8000",
            description = "The constant of that timeout, in milliseconds (default: ${DEFAULT-VALUE}).")
    private long timeoutConst;

    @Option(names = "--mutators", paramLabel = "SET", defaultValue = "DEFAULTS",
            description = "PIT mutator group or names, comma-separated: DEFAULTS, STRONGER, ALL, … (default: ${DEFAULT-VALUE}).")
    private String mutators;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "The seed of the suite's randomized tests, the same for every mutant (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--all-classes",
            description = "Mutate every class of the snapshot, not only the files that hold chapter N's TODO regions.")
    private boolean allClasses;

    @Option(names = "--todo-lines-only",
            description = "Mutate only the lines of chapter N's TODO regions: the learner-code score for a fraction of the time;"
                    + " the score over the mutated classes then covers those lines only.")
    private boolean todoLinesOnly;

    @Option(names = "--classes", paramLabel = "NAME", split = ",",
            description = "Mutate only these files (class names without the package, e.g. HintFile,Merger), of those"
                    + " --all-classes or the default would mutate: to run a long chapter's units one at a time.")
    private List<String> classes;

    @Option(names = "--rescore",
            description = "Do not run PIT: score the report its last run left in target/course/mutate/chNN/report/ again"
                    + " (to print the survivors once more, or the units done so far of a run still going).")
    private boolean rescore;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        Course course = main.course();
        Chapter chapter = course.chapter(chapterNumber);
        PitSession.Settings settings = new PitSession.Settings(threads, timeoutFactor, timeoutConst, mutators, seed);
        Generator generator = GenerateCommand.load(course);
        SortedMap<String, String> snapshot = generator.tree(chapterNumber, Generator.Mode.SNAPSHOT);
        SortedMap<String, SortedSet<Integer>> todoLines = generator.todoLines(chapterNumber);
        if (todoLines.isEmpty()) {
            throw new CourseException(chapter.name() + " has no //@ todo " + chapterNumber
                    + " regions in solutions/, so it has no learner code to mutate");
        }

        Path work = course.work("mutate", String.format("ch%02d", chapterNumber));
        Path report = work.resolve("report");
        if (rescore) {
            if (!Files.isRegularFile(report.resolve("mutations.xml"))) {
                throw new CourseException("--rescore needs an earlier run's report, and " + report.resolve("mutations.xml")
                        + " does not exist: run ./course mutate " + chapterNumber + " first");
            }
            if (!PitReport.finished(report.resolve("mutations.xml"))) {
                System.out.println("PIT has not finished this report (it is still running, or was stopped):"
                        + " the score covers the mutants of the units it completed");
            }
            MutationScore.of(PitReport.read(report.resolve("mutations.xml")), todoLines, snapshot).print(chapterNumber, System.out);
            return 0;
        }
        Path sources = work.resolve("src");
        SourceTree.write(snapshot, sources);
        Path mainClasses = work.resolve("classes");
        requireCompiled("the solution snapshot", ChapterSuite.compileMain(course, sources, mainClasses));
        Path testClasses = work.resolve("tests");
        requireCompiled(chapter.name() + "'s tests",
                Javac.compile(chapter.testSources(), ChapterSuite.testClasspath(mainClasses), testClasses, course.root()));

        List<String> mutated = narrow(allClasses ? List.copyOf(snapshot.keySet()) : List.copyOf(todoLines.keySet()));
        List<String> tests = testClassNames(chapter);
        System.out.printf("mutating %d file(s) of chapter %d's snapshot%s against %d test class(es), %d thread(s); this takes a while%n",
                mutated.size(), chapterNumber, todoLinesOnly ? " (their TODO lines only)" : "", tests.size(), threads);
        Path scratch = work.resolve("scratch");
        ScratchExtension.deleteRecursively(scratch);
        try {
            PitSession.run(new PitSession.Target(mainClasses, testClasses, sources, PitSession.classGlobs(mutated), tests,
                    chapter.dir(), scratch), settings, report, todoLinesOnly ? todoLines : null);
        } finally {
            ScratchExtension.deleteRecursively(scratch);
        }

        MutationScore score = MutationScore.of(PitReport.read(report.resolve("mutations.xml")), todoLines, snapshot);
        System.out.println();
        score.print(chapterNumber, System.out);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("took %d min %d s; PIT's report: %s%n", took.toMinutes(), took.toSecondsPart(),
                course.root().relativize(report.resolve("index.html")));
        return 0;
    }

    /** The files of {@code candidates} that {@code --classes} names (all of them without it). */
    private List<String> narrow(List<String> candidates) {
        if (classes == null) {
            return candidates;
        }
        List<String> chosen = new ArrayList<>();
        for (String name : classes) {
            List<String> matching = candidates.stream().filter(p -> p.endsWith("/" + name + ".java") || p.equals(name + ".java")).toList();
            if (matching.isEmpty()) {
                throw new CourseException("--classes names " + name + ", which is not among the files mutate would mutate: "
                        + candidates.stream().map(p -> p.substring(p.lastIndexOf('/') + 1, p.length() - ".java".length()))
                        .collect(java.util.stream.Collectors.joining(", ")));
            }
            chosen.addAll(matching);
        }
        return chosen;
    }

    private static void requireCompiled(String what, Javac.Result result) {
        if (!result.ok()) {
            throw new CourseException("cannot compile " + what + ", so nothing can be mutated:\n  "
                    + String.join("\n  ", result.errors()));
        }
    }

    /** The chapter's test classes, by name, from its test sources (one top-level class per file). */
    private static List<String> testClassNames(Chapter chapter) {
        List<String> names = new ArrayList<>();
        for (Path file : FileTrees.javaFiles(chapter.testSources())) {
            String relative = chapter.testSources().relativize(file).toString().replace('\\', '/');
            names.add(relative.substring(0, relative.length() - ".java".length()).replace('/', '.'));
        }
        if (names.isEmpty()) {
            throw new CourseException(chapter.name() + " has no tests under " + chapter.testSources() + ": nothing can kill a mutant");
        }
        return names;
    }
}
