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
 */
@Command(name = "serve",
        description = {"Serve chapter 3's store to Redis clients (redis-cli, redis-benchmark) on 127.0.0.1, until Ctrl-C.",
                "Runs your code in chapter03-merge/src/main/java, or with --reference the course's solution."})
final class ServeCommand implements Callable<Integer> {

    /** What there is to serve. */
    enum Target { kv }

    private static final int CHAPTER = 3;
    private static final String SERVER = "dev.fromzero.kv.resp.RespServer";

    @ParentCommand
    private Main main;

    @Parameters(paramLabel = "WHAT", description = "What to serve: ${COMPLETION-CANDIDATES} (the key-value store).")
    private Target target;

    @Option(names = "--dir", paramLabel = "DIR", required = true,
            description = "The store's directory (created if missing).")
    private Path dir;

    @Option(names = "--port", paramLabel = "P", defaultValue = "6379",
            description = "The port on 127.0.0.1 (default: ${DEFAULT-VALUE}, Redis's; 0 for any free one).")
    private int port;

    @Option(names = "--sync", paramLabel = "MODE", defaultValue = "everysec",
            description = "When writes reach the disk, as Redis's appendfsync: always, everysec or no (default: ${DEFAULT-VALUE}).")
    private String sync;

    @Option(names = "--reference", description = "Serve the course's solution of chapter 3 instead of your code.")
    private boolean reference;

    @Override
    public Integer call() throws InterruptedException {
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

    /** Chapter 3's solution snapshot, written under the tool's work directory. */
    private static Path snapshot(Course course) {
        Path out = course.work("serve", "snapshot" + String.format("%02d", CHAPTER));
        SourceTree.write(GenerateCommand.load(course).tree(CHAPTER, Generator.Mode.SNAPSHOT), out);
        return out;
    }

    private int run(Path classes) throws InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes.toString(), SERVER,
                "--dir", dir.toAbsolutePath().toString(), "--port", String.valueOf(port), "--sync", sync);
        Process server;
        try {
            server = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the server's JVM: " + e.getMessage(), e);
        }
        // Ctrl-C reaches the server too; this waits for it to close the store before the tool exits.
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
