package dev.fromzero.course.sql;

import dev.fromzero.testkit.sql.SqlEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The SQL shell behind {@code ./course sql}: statements in, aligned tables, counts and errors out.
 * At a terminal it is a REPL with line editing and a history kept in a file (JLine), where a
 * statement may span lines and ends at its {@code ;} ({@link Statements} knows which {@code ;}
 * end one); each result shows how long it took. Given a script instead, it runs it statement by
 * statement, without timings (so that its output is the same on every run), and stops at the
 * first error, which its exit status then says.
 *
 * <p>Lines that start with a dot are the shell's own commands: {@code .help}, {@code .quit}.
 */
public final class Shell {

    private static final String HELP = """
            End each statement with ';'; it may span lines. A ';' in a string, a "quoted" name or a
            comment does not end it. The arrow keys edit and recall lines (the history is kept across
            runs); Ctrl-C drops the statement being typed; Ctrl-D or .quit leaves.
              .help   this text
              .quit   leave (so does .exit)""";

    private final SqlEngine engine;
    private final PrintWriter out;
    private final PrintWriter err;

    public Shell(SqlEngine engine, PrintWriter out, PrintWriter err) {
        this.engine = engine;
        this.out = out;
        this.err = err;
    }

    /** Runs the script read from {@code in}; 0 when every statement succeeded, else 1 at the first that did not. */
    public int script(BufferedReader in) throws IOException {
        StringBuilder text = new StringBuilder();
        int consumed = 0;      // characters of text already run
        int consumedLines = 0; // and the line breaks among them
        String line;
        while ((line = in.readLine()) != null) {
            if (text.substring(consumed).isBlank() && line.strip().startsWith(".")) {
                Command command = command(line.strip());
                if (command == Command.QUIT) {
                    return 0;
                }
                if (command == Command.UNKNOWN) {
                    return 1;
                }
                text.append(line).append('\n');
                consumed = text.length();
                consumedLines++;
                continue;
            }
            text.append(line).append('\n');
            Statements.Split split = Statements.split(text.substring(consumed));
            for (Statements.Statement s : split.statements()) {
                if (!execute(s.sql(), consumedLines + s.line(), false)) {
                    return 1;
                }
            }
            int rest = text.length() - split.rest().length();
            consumedLines += (int) text.substring(consumed, rest).chars().filter(c -> c == '\n').count();
            consumed = rest;
        }
        Statements.Split last = Statements.split(text.substring(consumed));
        // A last statement without its ';' still runs: a script's end ends it.
        return last.restBlank() || execute(last.rest().strip(), consumedLines + last.restLine(), false) ? 0 : 1;
    }

    /** The REPL on {@code terminal}, with its history in {@code history}; returns when the user leaves. */
    public void interactive(Terminal terminal, Path history, String banner) {
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("fromzero-sql")
                .parser(new StatementParser())
                .variable(LineReader.HISTORY_FILE, history)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "  -> ")
                .build();
        out.println(banner);
        out.flush();
        while (true) {
            String input;
            try {
                input = reader.readLine("sql> ");
            } catch (UserInterruptException e) {
                continue; // Ctrl-C: drop what was typed
            } catch (EndOfFileException e) {
                break;
            }
            if (input.strip().startsWith(".")) {
                if (command(input.strip()) == Command.QUIT) {
                    break;
                }
                continue;
            }
            Statements.Split split = Statements.split(input);
            split.statements().forEach(s -> execute(s.sql(), 0, true));
            if (!split.restBlank()) {
                execute(split.rest().strip(), 0, true);
            }
        }
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            err.println("warning: cannot save the history in " + history + ": " + e.getMessage());
        }
    }

    private enum Command { QUIT, DONE, UNKNOWN }

    private Command command(String line) {
        switch (line.toLowerCase(Locale.ROOT)) {
            case ".quit", ".exit" -> {
                return Command.QUIT;
            }
            case ".help" -> {
                out.println(HELP);
                out.flush();
                return Command.DONE;
            }
            default -> {
                err.println("error: unknown command " + line + ": the commands are .help and .quit; SQL statements end with ';'");
                err.flush();
                return Command.UNKNOWN;
            }
        }
    }

    /**
     * Runs one statement and prints what it returned, with its time when {@code timed}; an error
     * goes to the error stream, naming the script line the statement starts on when
     * {@code line} is positive. Whether the statement succeeded.
     */
    boolean execute(String sql, int line, boolean timed) {
        long start = System.nanoTime();
        try {
            SqlEngine.Reply reply = engine.execute(sql);
            String time = timed ? String.format(Locale.ROOT, "%.1f ms", (System.nanoTime() - start) / 1e6) : "";
            print(reply, time);
            return true;
        } catch (SqlEngine.Rejected e) {
            error(line, e.getMessage());
        } catch (RuntimeException e) {
            error(line, "the engine failed: " + (e.getMessage() != null && e.getMessage().startsWith("TODO(")
                    ? e.getMessage() : e.toString()));
        } catch (StackOverflowError e) {
            error(line, "the engine failed: " + e + " (an endless recursion?)");
        }
        return false;
    }

    private void print(SqlEngine.Reply reply, String time) {
        if (reply instanceof SqlEngine.Rows rows) {
            ResultTable.lines(rows.columns(), rows.rows()).forEach(out::println);
            int n = rows.rows().size();
            out.println("(" + n + (n == 1 ? " row" : " rows") + (time.isEmpty() ? "" : ", " + time) + ")");
        } else if (reply instanceof SqlEngine.Count count) {
            out.println(count.verb() + " " + count.rows() + (count.rows() == 1 ? " row" : " rows")
                    + (time.isEmpty() ? "" : " (" + time + ")"));
        } else {
            out.println(((SqlEngine.Done) reply).verb() + (time.isEmpty() ? "" : " (" + time + ")"));
        }
        out.flush();
    }

    private void error(int line, String message) {
        out.flush();
        err.println((line > 0 ? "error in the statement at line " + line + ": " : "error: ") + message);
        err.flush();
    }
}
