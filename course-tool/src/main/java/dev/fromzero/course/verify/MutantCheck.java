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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Check (e) for one chapter: every mutant of its snapshot is killed by its suite. Each mutant is
 * compiled in this JVM (javac stays warm), on a thread of its own that compiles the next mutants
 * while the tests run against this one, and run in one warm test JVM ({@link MutantRunner}),
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
        ExecutorService compiler = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mutant-compiler");
            t.setDaemon(true);
            return t;
        });
        try (MutantRunner runner = new MutantRunner(ch.dir(), work.resolve("worker.log"), limits.perTest(), limits.heap())) {
            List<Future<Compiled>> compiled = mutants.stream().map(m -> compiler.submit(() -> compile(ch, m, snapshot))).toList();
            for (int i = 0; i < mutants.size(); i++) {
                Mutant m = mutants.get(i);
                String killer = mutant(ch, m, await(compiled.get(i)), testClasses, runner);
                if (killer != null && !killer.equals(m.killedBy())) {
                    killers.put(m.name(), killer);
                }
            }
        } finally {
            compiler.shutdownNow();
        }
        if (!killers.isEmpty()) {
            record(file, killers);
        }
    }

    /** A mutant ready to run ({@code classes}), or why not ({@code problem}, with javac's {@code errors}). */
    private record Compiled(Path classes, String problem, List<String> errors) {
    }

    /** Applies {@code mutant} to the snapshot and compiles it. */
    private Compiled compile(Chapter ch, Mutant mutant, SortedMap<String, String> snapshot) {
        SortedMap<String, String> mutated;
        try {
            mutated = mutant.applyTo(snapshot);
        } catch (CourseException e) {
            return new Compiled(null, "cannot be applied", List.of(e.getMessage()));
        }
        Path work = course.work("verify", "mutants", String.format("%02d-%s", ch.number(), mutant.name()));
        SourceTree.write(mutated, work.resolve("src"));
        Javac.Result result = ChapterSuite.compileMain(course, work.resolve("src"), work.resolve("classes"));
        return result.ok() ? new Compiled(work.resolve("classes"), null, List.of())
                : new Compiled(null, "does not compile, so it is not a useful mutant; make the wrong code compile ("
                        + mutant.where() + ")", result.errors());
    }

    private static Compiled await(Future<Compiled> compiled) {
        try {
            return compiled.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling a mutant", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("compiling a mutant failed: " + e.getCause(), e.getCause());
        }
    }

    /** Checks one mutant; returns the test that killed it, or null. */
    private String mutant(Chapter ch, Mutant mutant, Compiled compiled, Path testClasses, MutantRunner runner) {
        String what = "mutant " + mutant.name() + " (chapter " + ch.number() + ", " + mutant.description() + ")";
        if (compiled.problem() != null) {
            checks.fail(what + ": " + compiled.problem(), compiled.errors());
            return null;
        }
        long start = System.nanoTime();
        MutantRunner.Verdict verdict = runner.run(compiled.classes(), testClasses, mutant.killedBy());
        String took = String.format(" (%.1f s)", (System.nanoTime() - start) / 1e9);
        if (verdict.killer() != null && verdict.why() == null) {
            checks.pass(what + ": killed by " + verdict.killer() + took);
        } else if (verdict.killer() != null) {
            checks.pass(what + ": killed by " + verdict.killer() + ", which " + verdict.why() + took);
        } else if (verdict.why() != null) {
            checks.pass(what + ": killed, the test run did not complete: " + verdict.why() + took);
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
