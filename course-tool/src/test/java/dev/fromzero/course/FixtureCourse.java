package dev.fromzero.course;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A throwaway course in a temporary directory, for the tool's own tests: write its files, and run
 * {@code ./course} commands on it in this JVM, capturing what they print.
 */
public final class FixtureCourse {

    /** The fixture's one-step test of chapter 1: {@code demo.Adder.add(2, 3)} must be 5. */
    public static final String ADDER_TEST = """
            package demo;

            import static org.junit.jupiter.api.Assertions.assertEquals;

            import dev.fromzero.testkit.Step;
            import org.junit.jupiter.api.Test;

            @Step(chapter = 1, number = 1, title = "Adding", guide = "docs/chapter01-demo.md#step-1")
            class AdderTest {
                @Test
                void addsTwoNumbers() {
                    assertEquals(5, Adder.add(2, 3), "2 + 3");
                }
            }
            """;

    /** What a command returned and printed. */
    public record Run(int exit, String out, String err) {
    }

    private final Path root;

    public FixtureCourse(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** Writes {@code content} to the repository-relative {@code path}, creating its directories. */
    public void write(String path, String content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** Runs {@code ./course --root <root> args...} in this JVM. */
    public Run run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            String[] all = new String[args.length + 2];
            all[0] = "--root";
            all[1] = root.toString();
            System.arraycopy(args, 0, all, 2, args.length);
            int exit = Main.commandLine().setErr(new PrintWriter(err, true)).execute(all);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(saved);
        }
    }
}
