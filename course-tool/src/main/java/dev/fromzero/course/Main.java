package dev.fromzero.course;

import dev.fromzero.course.report.Style;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code ./course}: the one entry point of the course tool. Each command is a class of its own;
 * this one holds the options they share and turns errors into one-line messages: a usage error
 * exits with 2 and names the closest valid spelling, a {@link CourseException} exits with 1.
 */
@Command(name = "course", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        version = "fromzero course tool 1.0",
        description = "The fromzero course tool: run and check the chapters' tests, generate the starters.",
        subcommands = {StatusCommand.class, TestCommand.class, WatchCommand.class, HintCommand.class, DiffCommand.class, GenerateCommand.class,
                VerifyCommand.class, GradeCommand.class, ServeCommand.class, RaftCommand.class, SqlCommand.class, SltCommand.class, MutateCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Option(names = "--root", paramLabel = "DIR",
            description = "The course checkout to work on (default: $COURSE_ROOT, else the one around the working directory).")
    private Path root;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour the output: auto (on a terminal, unless NO_COLOR is set), always or never.")
    private Style.When color;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setUnmatchedArgumentsAllowed(false);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExecutionExceptionHandler((e, command, parsed) -> failure(e, command.getErr()));
        return cl;
    }

    /** The course the command works on. */
    Course course() {
        return Course.locate(root);
    }

    /** How the command colours what it prints. */
    Style style() {
        return Style.forTerminal(color);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String arg = u.getUnmatched().get(0);
            String kind = arg.startsWith("-") ? "option" : cl.getSubcommands().isEmpty() ? "argument" : "command";
            // Edit distance first: picocli's own guess is by shared letters, and took 'tset' for 'serve'.
            List<String> suggestions = u.getSuggestions();
            Optional<String> suggestion = Spelling.closest(arg,
                            arg.startsWith("-") ? cl.getCommandSpec().optionsMap().keySet() : cl.getSubcommands().keySet())
                    .or(() -> suggestions.stream().findFirst());
            message = "unknown " + kind + " '" + arg + "'" + suggestion.map(s -> "; did you mean " + s + "?").orElse("");
        }
        cl.getErr().println("error: " + message + " (see ./" + cl.getCommandSpec().qualifiedName(" ") + " --help)");
        return 2;
    }

    private static int failure(Exception e, PrintWriter err) {
        if (e instanceof CourseException || e instanceof UncheckedIOException) {
            err.println("error: " + e.getMessage());
        } else {
            err.println("error: the course tool failed unexpectedly; please report this with the trace below");
            e.printStackTrace(err);
        }
        return 1;
    }
}
