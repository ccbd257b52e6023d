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
import java.util.ArrayList;
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
 * that shares this terminal, until Ctrl-C. {@code ./course serve sql} does the same with chapter
 * 5's PostgreSQL-protocol server. The server is a separate JVM for the reason tests are: the
 * learner's code cannot take the tool down, and Ctrl-C reaches both, so the server's own shutdown
 * hook closes the store.
 *
 * <p>{@code ./course serve raft} does the same with chapter 4's code and a cluster of nodes
 * ({@link RaftServe}).
 */
@Command(name = "serve",
        description = {"Serve a chapter on 127.0.0.1 until Ctrl-C: chapter 3's store to Redis clients (kv), a cluster of"
                + " chapter 4's replicated store (raft; then ./course raft ...), or chapter 5's database to PostgreSQL clients (sql).",
                "Runs your code in the chapter's src/main/java, or with --reference the course's solution."})
final class ServeCommand implements Callable<Integer> {

    /** What there is to serve: the chapter whose code serves it, its server class, and its default port. */
    enum Target {
        kv(3, "dev.fromzero.kv.resp.RespServer", 6379),
        raft(4, "dev.fromzero.raft.net.NodeMain", 0),
        sql(5, "dev.fromzero.sql.pgwire.PgServer", 5432);

        final int chapter;
        final String server;
        final int defaultPort;

        Target(int chapter, String server, int defaultPort) {
            this.chapter = chapter;
            this.server = server;
            this.defaultPort = defaultPort;
        }
    }

    @ParentCommand
    private Main main;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "WHAT",
            description = "What to serve: ${COMPLETION-CANDIDATES} (kv: chapter 3's key-value store; raft: chapter 4's cluster;"
                    + " sql: chapter 5's database).")
    private Target target;

    @Option(names = "--dir", paramLabel = "DIR",
            description = {"The store's or database's directory (created if missing; required for kv and sql).",
                    "For raft, the cluster's: a data directory per node, their logs, cluster.txt (default: target/course/raft/yours, with --reference target/course/raft/reference)."})
    private Path dir;

    @Option(names = "--port", paramLabel = "P",
            description = "The port on 127.0.0.1 (default: 6379, Redis's, for kv; 5432, PostgreSQL's, for sql; 0 for any free one).")
    private Integer port;

    @Option(names = "--sync", paramLabel = "MODE",
            description = "kv only: when writes reach the disk, as Redis's appendfsync: always, everysec or no (default: everysec).")
    private String sync;

    @Option(names = "--nodes", paramLabel = "N",
            description = "raft only: how many nodes, 1 to 9 (default: 3). Each syncs its log to disk.")
    private Integer nodes;

    @Option(names = "--reference", description = "Serve the course's solution of the chapter instead of your code.")
    private boolean reference;

    @Override
    public Integer call() throws InterruptedException {
        if (target == Target.raft) {
            refuse("--port", "serve raft picks a free port for each node and prints them");
            refuse("--sync", "a Raft node syncs its log before it answers");
            return new RaftServe(main.course(), main.style(), reference, dir, nodes != null ? nodes : 3).run();
        }
        refuse("--nodes", "serve " + target + " serves one store; serve raft runs a cluster");
        if (dir == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--dir=DIR'");
        }
        if (sync != null && target != Target.kv) {
            throw new CourseException("--sync is for serve kv only: the SQL database syncs every commit");
        }
        if (sync != null && !List.of("always", "everysec", "no").contains(sync)) {
            throw new CourseException("--sync " + sync + " is not a mode: give always, everysec or no");
        }
        int port = this.port != null ? this.port : target.defaultPort;
        if (port < 0 || port > 65535) {
            throw new CourseException("--port " + port + " is not a port: give 0 to 65535 (0: any free port)");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CourseException("--dir " + dir + " is a file: give a directory (it is created if missing)");
        }
        Course course = main.course();
        Chapter ch = course.chapter(target.chapter);
        Path sources = reference ? snapshot(course, target.chapter,
                course.work("serve", "snapshot" + String.format("%02d", target.chapter))) : ch.mainSources();
        if (!Files.isDirectory(sources)) {
            throw new CourseException(sources + " does not exist: run ./course generate to write the chapter's starter code");
        }
        Path classes = course.work("serve", target.name(), reference ? "reference" : "yours");
        Javac.Result compiled = ChapterSuite.compileMain(course, sources, classes);
        if (!compiled.ok()) {
            TestCommand.printCompileErrors(ch, new ChapterSuite.NotCompiled("main code", compiled.errors()), main.style());
            return 1;
        }
        return run(classes, port);
    }

    /** A usage error if {@code option} was given: it does not apply to this target. */
    private void refuse(String option, String why) {
        if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    option + " does not apply to serve " + target + ": " + why);
        }
    }

    /** Chapter {@code chapter}'s solution snapshot, written to {@code out}. */
    static Path snapshot(Course course, int chapter, Path out) {
        SourceTree.write(GenerateCommand.load(course).tree(chapter, Generator.Mode.SNAPSHOT), out);
        return out;
    }

    private int run(Path classes, int port) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes.toString(), target.server,
                "--dir", dir.toAbsolutePath().toString(), "--port", String.valueOf(port)));
        if (target == Target.kv) {
            command.addAll(List.of("--sync", sync != null ? sync : "everysec"));
        }
        return runInTerminal(command, "the server");
    }

    /**
     * Runs {@code command} in a child process that shares this terminal, until it ends; Ctrl-C
     * reaches it too, and the tool waits for it to shut down (to close its store) before it exits.
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
