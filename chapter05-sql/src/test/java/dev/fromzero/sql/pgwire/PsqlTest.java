package dev.fromzero.sql.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** psql, PostgreSQL's own shell, against the server. Skipped where psql is not installed. */
@Step(chapter = 5, number = 13, title = "The PostgreSQL wire protocol",
        guide = "docs/chapter05-sql.md#step-13-the-postgresql-wire-protocol")
@Hint("psql sends each -c string as one simple Query message, however many statements it holds, and prints a "
        + "result for each; it reads a failure from the ErrorResponse, and its exit status from that.")
class PsqlTest {

    private record Run(int exit, String out, String err) {}

    @Test
    @DisplayName("psql runs a script of several statements in one -c, and prints every result")
    void psqlRunsAScript(@Scratch Path dir) throws Exception {
        assumePsql();
        try (Served s = Served.in(dir)) {
            Run run = psql(s, "-c", "CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT); INSERT INTO t VALUES (1, 'x'), (2, NULL);"
                    + " UPDATE t SET b = 'y' WHERE a = 2; SELECT a, b FROM t ORDER BY a; SELECT 2.5, TRUE");
            assertThat(run.exit()).as("psql's exit status; it printed: %s", run.err()).isZero();
            assertThat(run.out()).as("psql -A -t's output: each command's tag or rows")
                    .isEqualTo("CREATE TABLE\nINSERT 0 2\nUPDATE 1\n1|x\n2|y\n2.5|t\n");
        }
    }

    @Test
    @DisplayName("psql runs a script file and stops at its first error, which it prints with the server's message")
    void psqlStopsAtAnError(@Scratch Path dir) throws Exception {
        assumePsql();
        try (Served s = Served.in(dir)) {
            Path script = dir.resolve("script.sql");
            Files.writeString(script, "CREATE TABLE u (x INTEGER);\nINSERT INTO u VALUES (5);\nSELECT x * 2 FROM u;\n"
                    + "SELECT * FROM missing;\nINSERT INTO u VALUES (6);\n");
            Run run = psql(s, "-v", "ON_ERROR_STOP=1", "-f", script.toString());
            assertThat(run.exit()).as("psql's exit status after an error with ON_ERROR_STOP").isNotZero();
            assertThat(run.out()).as("the results before the error").isEqualTo("CREATE TABLE\nINSERT 0 1\n10\n");
            assertThat(run.err()).as("psql prints the server's error").contains("ERROR").contains("missing");
            Run after = psql(s, "-c", "SELECT x FROM u");
            assertThat(after.out()).as("the statement after the error never ran").isEqualTo("5\n");
        }
    }

    private static Run psql(Served s, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("psql", "-h", "127.0.0.1", "-p", String.valueOf(s.port()),
                "-U", "test", "-d", "test", "-X", "-A", "-t"));
        command.addAll(List.of(args));
        Path errors = Files.createTempFile("psql", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
            builder.environment().put("PGCONNECT_TIMEOUT", "20");
            Process p = builder.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("psql finished").isTrue();
            return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), Files.readString(errors));
        } finally {
            Files.delete(errors);
        }
    }

    private static void assumePsql() {
        boolean present;
        try {
            Process p = new ProcessBuilder("psql", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            present = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            present = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            present = false;
        }
        Assumptions.assumeTrue(present, "psql is not installed, so this test is skipped; install it to run it "
                + "(Debian and Ubuntu: apt install postgresql-client; macOS: brew install libpq)");
    }
}
