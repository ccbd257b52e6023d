package dev.fromzero.course;

import dev.fromzero.course.sql.Shell;
import dev.fromzero.testkit.sql.SqlEngine;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./course sql}: a SQL shell on chapter 5's embedded database, on disk (the learner's
 * engine, or with {@code --reference} the solution snapshot). At a terminal it is a REPL; with
 * a script on standard input it runs the script and exits non-zero at the first error
 * ({@link Shell}).
 *
 * <p>Unlike {@code serve}, the engine runs in the tool's own JVM, through a class loader of its
 * own: the shell owns the terminal (line editing needs it, and Ctrl-C must reach the line being
 * typed, not end a parent process), and a REPL has nothing to protect from the engine but itself.
 */
@Command(name = "sql",
        description = {"A SQL shell on chapter 5's database, kept on disk (in --dir, or a default directory it prints).",
                "Runs your code in chapter05-sql/src/main/java, or with --reference the course's solution.",
                "With a script on standard input, runs it and exits with 1 at the first error."})
final class SqlCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "The database's directory (created if missing; default: target/course/sql/yours/database, with --reference target/course/sql/reference/database).")
    private Path dir;

    @Option(names = "--reference", description = "Run the course's solution of chapter 5 instead of your code.")
    private boolean reference;

    @Override
    public Integer call() throws IOException {
        Course course = main.course();
        Path database = (dir != null ? dir : course.work("sql", reference ? "reference" : "yours", "database"))
                .toAbsolutePath().normalize();
        ChapterEngine.Classes classes = ChapterEngine.compile(course, reference, main.style());
        if (classes == null) {
            return 1;
        }
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = atTerminal();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {url(classes.tests()), url(classes.main())},
                SqlCommand.class.getClassLoader())) {
            Files.createDirectories(database);
            SqlEngine engine;
            try {
                engine = SqlEngine.open(loader, ChapterEngine.ADAPTER, database);
            } catch (RuntimeException e) {
                err.println("error: cannot open the database in " + database + ": " + e.getMessage());
                return 1;
            }
            String whose = reference ? "the course's solution of chapter 5" : "your chapter 5 code";
            try (engine) {
                if (!terminal) {
                    err.println("database: " + database + " (" + whose + ")");
                    err.flush();
                    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
                    return new Shell(engine, out, err).script(
                            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
                }
                try (Terminal t = TerminalBuilder.builder().system(true).build()) {
                    new Shell(engine, t.writer(), t.writer()).interactive(t, course.work("sql", "history"),
                            "fromzero SQL shell on " + whose + "; the database is in " + database
                                    + "\nEnd statements with ';'. .help for help; .quit or Ctrl-D to leave.");
                }
                return 0;
            }
        }
    }

    /**
     * Whether standard input and output are a terminal. Before JDK 22 that is whether there is a
     * console; from 22 on there always is one, and {@code Console.isTerminal()} says.
     */
    static boolean atTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException olderJdk) {
            return true;
        }
    }

    private static URL url(Path dir) {
        try {
            return dir.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(new IOException("a directory always has a URL: " + dir, e));
        }
    }
}
