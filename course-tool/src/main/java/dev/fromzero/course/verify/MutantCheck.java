package dev.fromzero.course.verify;

import dev.fromzero.course.Course;
import dev.fromzero.course.Course.Chapter;
import dev.fromzero.course.CourseException;
import dev.fromzero.course.compile.Javac;
import dev.fromzero.course.generate.SourceTree;
import dev.fromzero.course.runner.ChapterSuite;
import dev.fromzero.course.runner.TestRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Check (e) for one chapter: every mutant of its snapshot is killed by its suite. Each mutant is
 * compiled in this JVM (javac stays warm) and run in one warm test JVM ({@link MutantRunner}),
 * the test that killed it last time first: a mutant is then usually done after one test. The
 * killers found are written back to the mutants file's {@code killed-by:} lines.
 */
final class MutantCheck {

    private final Course course;
    private final Checklist checks;
    private final TestRun.Limits limits;

    MutantCheck(Course course, Checklist checks, TestRun.Limits limits) {
        this.course = course;
        this.checks = checks;
        this.limits = limits;
    }

    /**
     * Runs {@code mutants} of chapter {@code ch} against the chapter's tests compiled into
     * {@code testClasses}, then records their killers in {@code file}.
     */
    void run(Chapter ch, Path file, List<Mutant> mutants, SortedMap<String, String> snapshot, Path testClasses) {
        Map<String, String> killers = new LinkedHashMap<>();
        Path work = course.work("verify", "mutants", String.format("ch%02d", ch.number()));
        try (MutantRunner runner = new MutantRunner(ch.dir(), work.resolve("worker.log"), limits.perTest(), limits.heap())) {
            for (Mutant m : mutants) {
                String killer = mutant(ch, m, snapshot, testClasses, runner);
                if (killer != null && !killer.equals(m.killedBy())) {
                    killers.put(m.name(), killer);
                }
            }
        }
        if (!killers.isEmpty()) {
            record(file, killers);
        }
    }

    /** Checks one mutant; returns the test that killed it, or null. */
    private String mutant(Chapter ch, Mutant mutant, SortedMap<String, String> snapshot, Path testClasses, MutantRunner runner) {
        String what = "mutant " + mutant.name() + " (chapter " + ch.number() + ", " + mutant.description() + ")";
        SortedMap<String, String> mutated;
        try {
            mutated = mutant.applyTo(snapshot);
        } catch (CourseException e) {
            checks.fail(what + ": cannot be applied", List.of(e.getMessage()));
            return null;
        }
        Path work = course.work("verify", "mutants", String.format("%02d-%s", ch.number(), mutant.name()));
        SourceTree.write(mutated, work.resolve("src"));
        Javac.Result compiled = ChapterSuite.compileMain(course, work.resolve("src"), work.resolve("classes"));
        if (!compiled.ok()) {
            checks.fail(what + ": does not compile, so it is not a useful mutant; make the wrong code compile ("
                    + mutant.where() + ")", compiled.errors());
            return null;
        }
        MutantRunner.Verdict verdict = runner.run(work.resolve("classes"), testClasses, mutant.killedBy());
        if (verdict.killer() != null && verdict.why() == null) {
            checks.pass(what + ": killed by " + verdict.killer());
        } else if (verdict.killer() != null) {
            checks.pass(what + ": killed by " + verdict.killer() + ", which " + verdict.why());
        } else if (verdict.why() != null) {
            checks.pass(what + ": killed, the test run did not complete: " + verdict.why());
        } else {
            checks.fail(what + " survived: chapter " + ch.number()
                    + "'s suite accepts a wrong implementation; add a test that catches it (" + mutant.where() + ")", List.of());
        }
        return verdict.killer();
    }

    /** Rewrites the {@code killed-by:} lines of {@code killers}' mutants, and nothing else, in {@code file}. */
    private void record(Path file, Map<String, String> killers) {
        try {
            String content = Files.readString(file);
            String updated = MutantFile.withKillers(content, killers);
            if (!updated.equals(content)) {
                Files.writeString(file, updated);
                checks.note(course.root().relativize(file) + ": recorded the killers of " + killers.size()
                        + " mutant(s) in their killed-by: lines (commit them, so the next run tries them first)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the killed-by: lines of " + file, e);
        } catch (CourseException e) {
            checks.note("the killed-by: lines of " + file + " were not updated: the file changed while verify ran: "
                    + e.getMessage());
        }
    }
}
