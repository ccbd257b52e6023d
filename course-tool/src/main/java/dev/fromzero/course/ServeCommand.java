package dev.fromzero.course;

import dev.fromzero.course.Course.Chapter;
import dev.fromzero.course.compile.Javac;
import dev.fromzero.course.generate.Generator;
import dev.fromzero.course.generate.SourceTree;
import dev.fromzero.course.runner.ChapterSuite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./course serve kv}: compiles chapter 3's code (the learner's, or with
 * {@code --reference} the solution snapshot) and runs its Redis-protocol server in a child JVM
 * that shares this terminal, until Ctrl-C. The server is a separate JVM for the reason tests are:
 * the learner's code cannot take the tool down, and Ctrl-C reaches both, so the server's own
 * shutdown hook closes the store.
 *
 * <p>{@code ./course serve raft} does the same with chapter 4's code and a cluster of nodes
 * ({@link RaftServe}).
 */
@Command(name = "serve",
        description = {"Serve chapter 3's store to Redis clients (redis-cli, redis-benchmark) on 127.0.0.1 (serve kv),",
                "or run a cluster of chapter 4's replicated store on 127.0.0.1 (serve raft; then ./course raft ...), until Ctrl-C.",
                "Runs your code in the chapter's src/main/java, or with --reference the course's solution."})
final class ServeCommand implements Callable<Integer> {

    /** What there is to serve. */
    enum Target { kv, raft }

    private static final int CHAPTER = 3;
    private static final String SERVER = "dev.fromzero.kv.resp.RespServer";

    @ParentCommand
    private Main main;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "WHAT", description = "What to serve: ${COMPLETION-CANDIDATES} (kv: chapter 3's store; raft: chapter 4's cluster).")
    private Target target;

    @Option(names = "--dir", paramLabel = "DIR",
            description = {"The store's directory (created if missing; required for kv).",
                    "For raft, the cluster's: a data directory per node, their logs, cluster.txt (default: target/course/raft/yours, with --reference target/course/raft/reference)."})
    private Path dir;

    @Option(names = "--port", paramLabel = "P", defaultValue = "6379",
            description = "kv only: the port on 127.0.0.1 (default: ${DEFAULT-VALUE}, Redis's; 0 for any free one).")
    private int port;

    @Option(names = "--sync", paramLabel = "MODE", defaultValue = "everysec",
            description = "kv only: when writes reach the disk, as Redis's appendfsync: always, everysec or no (default: ${DEFAULT-VALUE}).")
    private String sync;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3",
            description = "raft only: how many nodes, 1 to 9 (default: ${DEFAULT-VALUE}). Each syncs its log to disk.")
    private int nodes;

    @Option(names = "--reference", description = "Serve the course's solution of the chapter instead of your code.")
    private boolean reference;

    @Override
    public Integer call() throws InterruptedException {
        if (target == Target.raft) {
            refuse("--port", "serve raft picks a free port for each node and prints them");
            refuse("--sync", "a Raft node syncs its log before it answers");
            return new RaftServe(main.course(), main.style(), reference, dir, nodes).run();
        }
        refuse("--nodes", "serve kv serves one store; serve raft runs a cluster");
        if (dir == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--dir=DIR'");
        }
        if (!List.of("always", "everysec", "no").contains(sync)) {
            throw new CourseException("--sync " + sync + " is not a mode: give always, everysec or no");
        }
        if (port < 0 || port > 65535) {
            throw new CourseException("--port " + port + " is not a port: give 0 to 65535 (0: any free port)");
        }
        Course course = main.course();
        Chapter ch = course.chapter(CHAPTER);
        Path sources = reference ? snapshot(course) : ch.mainSources();
        if (!Files.isDirectory(sources)) {
            throw new CourseException(sources + " does not exist: run ./course generate to write the chapter's starter code");
        }
        Path classes = course.work("serve", reference ? "reference" : "yours");
        Javac.Result compiled = ChapterSuite.compileMain(course, sources, classes);
        if (!compiled.ok()) {
            TestCommand.printCompileErrors(ch, new ChapterSuite.NotCompiled("main code", compiled.errors()), main.style());
            return 1;
        }
        return run(classes);
    }

    /** A usage error if {@code option} was given: it does not apply to this target. */
    private void refuse(String option, String why) {
        if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    option + " does not apply to serve " + target + ": " + why);
        }
    }

    /** Chapter 3's solution snapshot, written under the tool's work directory. */
    private static Path snapshot(Course course) {
        return snapshot(course, CHAPTER, course.work("serve", "snapshot" + String.format("%02d", CHAPTER)));
    }

    /** Chapter {@code chapter}'s solution snapshot, written to {@code out}. */
    static Path snapshot(Course course, int chapter, Path out) {
        SourceTree.write(GenerateCommand.load(course).tree(chapter, Generator.Mode.SNAPSHOT), out);
        return out;
    }

    private int run(Path classes) throws InterruptedException {
        return runInTerminal(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes.toString(), SERVER,
                "--dir", dir.toAbsolutePath().toString(), "--port", String.valueOf(port), "--sync", sync), "the server");
    }

    /**
     * Runs {@code command} in a child process that shares this terminal, until it ends; Ctrl-C
     * reaches it too, and the tool waits for it to shut down before it exits.
     */
    static int runInTerminal(List<String> command, String what) throws InterruptedException {
        Process server;
        try {
            server = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the JVM of " + what + ": " + e.getMessage(), e);
        }
        Thread stopper = new Thread(() -> stop(server), "serve-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            return server.waitFor();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running already
            }
        }
    }

    private static void stop(Process server) {
        server.destroy();
        try {
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        } catch (InterruptedException e) {
            server.destroyForcibly();
        }
    }
}
