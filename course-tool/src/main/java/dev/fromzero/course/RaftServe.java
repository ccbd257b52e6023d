package dev.fromzero.course;

import dev.fromzero.course.Course.Chapter;
import dev.fromzero.course.compile.Javac;
import dev.fromzero.course.report.Style;
import dev.fromzero.course.runner.ChapterSuite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./course serve raft}: compiles chapter 4's code (the learner's, or the solution
 * snapshot) and runs {@code dev.fromzero.raft.net.LocalCluster} in a child JVM that shares this
 * terminal; it starts one JVM per node, prints where each listens, and stops them all on Ctrl-C.
 *
 * <p>Before it starts, it records the cluster's directory and the compiled classes in
 * {@code target/course/raft/current.txt} ({@link RaftCommand#CURRENT}), so that
 * {@code ./course raft ...} finds the cluster, and runs the client of the same code, without flags.
 */
final class RaftServe {

    static final int CHAPTER = 4;
    static final String CLUSTER = "dev.fromzero.raft.net.LocalCluster";

    private final Course course;
    private final Style style;
    private final boolean reference;
    private final Path dir;
    private final int nodes;

    RaftServe(Course course, Style style, boolean reference, Path dir, int nodes) {
        this.course = course;
        this.style = style;
        this.reference = reference;
        this.dir = dir;
        this.nodes = nodes;
    }

    int run() throws InterruptedException {
        if (nodes < 1 || nodes > 9) {
            throw new CourseException("--nodes " + nodes + " is not a cluster size: give 1 to 9 (3 or 5 survive one or two failures)");
        }
        String whose = reference ? "reference" : "yours";
        Path clusterDir = (dir != null ? dir : course.work("raft", whose)).toAbsolutePath().normalize();
        Chapter ch = course.chapter(CHAPTER);
        Path sources = reference ? ServeCommand.snapshot(course, CHAPTER, course.work("raft", "snapshot04")) : ch.mainSources();
        if (!Files.isDirectory(sources)) {
            throw new CourseException(sources + " does not exist: run ./course generate to write the chapter's starter code");
        }
        Path classes = course.work("raft", "classes-" + whose);
        Javac.Result compiled = ChapterSuite.compileMain(course, sources, classes);
        if (!compiled.ok()) {
            TestCommand.printCompileErrors(ch, new ChapterSuite.NotCompiled("main code", compiled.errors()), style);
            return 1;
        }
        record(clusterDir, classes);
        return ServeCommand.runInTerminal(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes.toString(), CLUSTER, "--dir", clusterDir.toString(), "--nodes", String.valueOf(nodes),
                "--cluster", "course-" + whose), "the cluster");
    }

    /** Writes {@link RaftCommand#CURRENT}: where the cluster keeps its cluster file, and which classes run it. */
    private void record(Path clusterDir, Path classes) {
        Path current = course.work(RaftCommand.CURRENT);
        try {
            Files.createDirectories(current.getParent());
            Files.writeString(current, "dir " + clusterDir + "\nclasses " + classes.toAbsolutePath() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + current + ": " + e.getMessage(), e);
        }
    }
}
