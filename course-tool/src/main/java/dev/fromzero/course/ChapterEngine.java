package dev.fromzero.course;

import dev.fromzero.course.Course.Chapter;
import dev.fromzero.course.compile.Javac;
import dev.fromzero.course.generate.Generator;
import dev.fromzero.course.generate.SourceTree;
import dev.fromzero.course.report.Style;
import dev.fromzero.course.runner.ChapterSuite;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Chapter 5's SQL engine, compiled for the commands that run it ({@code slt}, {@code sql}): the
 * learner's main code, or with {@code reference} the chapter's solution snapshot, and the
 * chapter's tests, where {@value #ADAPTER} adapts the engine to testkit's
 * {@code SqlEngine}, which the sqllogictest runner and the shell speak. The tests come along
 * whole because the adapter is one of them and compiling them proves the API matches the guide.
 */
final class ChapterEngine {

    static final int CHAPTER = 5;
    static final String ADAPTER = "dev.fromzero.sql.EmbeddedEngine";

    /** The compiled main code and tests. */
    record Classes(Path main, Path tests) {

        /** A class path for a JVM that runs them: the tests, the tool's own (testkit, JLine), then the main code. */
        String classpath() {
            return String.join(File.pathSeparator, tests.toString(), System.getProperty("java.class.path"), main.toString());
        }
    }

    private ChapterEngine() {
    }

    /**
     * Compiles the engine under {@code target/course/engine/} (shared by the commands, so that
     * running one after the other compiles once); prints the compiler's errors and returns null
     * when it does not compile.
     */
    static Classes compile(Course course, boolean reference, Style style) {
        Chapter ch = course.chapter(CHAPTER);
        Path work = course.work("engine", reference ? "reference" : "yours");
        Path sources = ch.mainSources();
        if (reference) {
            sources = work.resolve("snapshot");
            SourceTree.write(GenerateCommand.load(course).tree(CHAPTER, Generator.Mode.SNAPSHOT), sources);
        }
        if (!Files.isDirectory(sources)) {
            throw new CourseException(sources + " does not exist: run ./course generate to write the chapter's starter code");
        }
        Path main = work.resolve("classes");
        Javac.Result compiled = ChapterSuite.compileMain(course, sources, main);
        if (!compiled.ok()) {
            TestCommand.printCompileErrors(ch, new ChapterSuite.NotCompiled("main code", compiled.errors()), style);
            return null;
        }
        Path tests = work.resolve("tests");
        compiled = Javac.compile(ch.testSources(), ChapterSuite.testClasspath(main), tests, course.root());
        if (!compiled.ok()) {
            TestCommand.printCompileErrors(ch, new ChapterSuite.NotCompiled("tests", compiled.errors()), style);
            return null;
        }
        return new Classes(main, tests);
    }

    /** The files, as absolute paths, or an error naming those that are not there. */
    static List<Path> existing(List<Path> files) {
        List<Path> missing = files.stream().filter(f -> !Files.isRegularFile(f)).toList();
        if (!missing.isEmpty()) {
            throw new CourseException("no such file: " + String.join(", ", missing.stream().map(Path::toString).toList()));
        }
        return new ArrayList<>(files.stream().map(f -> f.toAbsolutePath().normalize()).toList());
    }
}
