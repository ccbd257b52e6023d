package dev.fromzero.course;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.course.FixtureCourse.Run;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./course slt} and {@code ./course sql} on a tiny course whose chapter 5 "engine" is a
 * key-value store with three statements (SET k = v, GET k, ALL) behind the chapter's adapter,
 * {@code dev.fromzero.sql.EmbeddedEngine}: enough to see the commands compile the learner's code
 * or the reference, run files and scripts, keep data on disk, and report errors.
 */
class SqlCommandsTest {

    private static final String KV = """
            package demo;

            import java.io.IOException;
            import java.io.UncheckedIOException;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.nio.file.StandardOpenOption;
            import java.util.Map;
            import java.util.TreeMap;

            public final class Kv {
                private final Path file;
                private final Map<String, String> data = new TreeMap<>();

                public Kv(Path dir) {
                    file = dir.resolve("data.txt");
                    try {
                        if (Files.exists(file)) {
                            Files.readAllLines(file).forEach(l -> data.put(l.split("\\t")[0], l.split("\\t")[1]));
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                public void set(String key, String value) {
                    //@ todo 5: remember the value, and append it to the file
                    data.put(key, value);
                    try {
                        Files.writeString(file, key + "\\t" + value + "\\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    //@ end
                }

                public Map<String, String> all() {
                    return data;
                }
            }
            """;

    private static final String ADAPTER = """
            package dev.fromzero.sql;

            import demo.Kv;
            import dev.fromzero.testkit.sql.SqlEngine;
            import java.nio.file.Path;
            import java.util.ArrayList;
            import java.util.Arrays;
            import java.util.List;
            import java.util.Map;

            public final class EmbeddedEngine implements SqlEngine {
                private final Kv kv;

                private EmbeddedEngine(Kv kv) {
                    this.kv = kv;
                }

                public static EmbeddedEngine open(Path dir) {
                    return new EmbeddedEngine(new Kv(dir));
                }

                @Override
                public Reply execute(String sql) {
                    String[] words = sql.strip().split("\\\\s+", 2);
                    switch (words[0]) {
                        case "SET" -> {
                            String[] kv = words[1].split("\\\\s*=\\\\s*", 2);
                            this.kv.set(kv[0], kv[1]);
                            return new Count("SET", 1);
                        }
                        case "GET" -> {
                            return new Rows(List.of(words[1]), List.of(Arrays.asList((Object) kv.all().get(words[1]))));
                        }
                        case "ALL" -> {
                            List<List<Object>> rows = new ArrayList<>();
                            for (Map.Entry<String, String> e : kv.all().entrySet()) {
                                rows.add(List.of(e.getKey(), e.getValue().matches("\\\\d+") ? (Object) Long.valueOf(e.getValue()) : e.getValue()));
                            }
                            return new Rows(List.of("key", "value"), rows);
                        }
                        case "CREATE" -> {
                            return new Done("CREATE " + words[1]);
                        }
                        default -> throw new Rejected("line 1, column 1: expected SET, GET or ALL, found " + words[0]
                                + "\\n" + sql.lines().findFirst().orElse("") + "\\n^", null);
                    }
                }

                @Override
                public void close() {
                }
            }
            """;

    private static final String GOOD_SLT = """
            # sets two keys, then reads them back
            statement ok
            SET a = 1

            statement ok
            SET b = 22

            query TI rowsort
            ALL
            ----
            b
            22
            a
            1

            statement error expected SET
            DROP everything
            """;

    @TempDir
    Path root;

    private FixtureCourse fixture;

    @BeforeEach
    void fixture() throws IOException {
        fixture = new FixtureCourse(root);
        fixture.write("pom.xml", "<project/>\n");
        fixture.write("solutions/src/main/java/demo/Kv.java", "//@ chapter 5\n" + KV);
        fixture.write("chapter05-demo/src/test/java/dev/fromzero/sql/EmbeddedEngine.java", ADAPTER);
        fixture.write("good.slt", GOOD_SLT);
        assertThat(fixture.run("generate").exit()).isZero();
    }

    /** Runs {@code ./course args...} with {@code stdin} as its standard input. */
    private Run withInput(String stdin, String... args) {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            return fixture.run(args);
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    @DisplayName("slt runs files on the reference or on the learner's code, and ends with N passed, N failed")
    void sltRunsFilesAndCounts() {
        Run reference = fixture.run("slt", "--reference", root.resolve("good.slt").toString());
        assertThat(reference.exit()).as(reference.out() + reference.err()).isZero();
        assertThat(reference.out()).as("a count and a time per file, then the total")
                .matches("(?s).*\\Q" + root.resolve("good.slt") + "\\E: 4 passed, 0 failed \\(\\d+\\.\\d s\\)\n4 passed, 0 failed\n");

        Run starter = fixture.run("slt", root.resolve("good.slt").toString());
        assertThat(starter.exit()).as("a failed record fails the command").isEqualTo(1);
        assertThat(starter.out())
                .contains("FAIL " + root.resolve("good.slt") + ":2: TODO(chapter05):"
                        + " remember the value, and append it to the file\nSQL:\n  SET a = 1\n")
                .contains("FAIL " + root.resolve("good.slt") + ":8: expected 2 rows (rowsort):\n  a 1\n  b 22\n"
                        + "but got 0 rows:\n  (no rows)\nSQL:\n  ALL\n")
                .endsWith("1 passed, 3 failed\n");
    }

    @Test
    @DisplayName("slt counts over several files, names a file that is not there, and names the line of a malformed record")
    void sltFilesAndTheirErrors() throws IOException {
        fixture.write("bad.slt", "statement ok\nSET c = 3\n\nquery I wrongsort\nALL\n");
        Run run = fixture.run("slt", "--reference", root.resolve("good.slt").toString(), root.resolve("bad.slt").toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL " + root.resolve("bad.slt") + ":4: unknown sort mode 'wrongsort'")
                .endsWith("4 passed, 1 failed\n");

        Run missing = fixture.run("slt", root.resolve("absent.slt").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no such file: " + root.resolve("absent.slt"));
    }

    @Test
    @DisplayName("slt without a file runs the chapter's SQLite corpus, says so in --help, and says what to do when there is none")
    void sltWithoutFilesRunsTheCorpus() throws IOException {
        Run none = fixture.run("slt", "--reference");
        assertThat(none.exit()).isNotZero();
        assertThat(none.err()).contains("no SQLite corpus (*.test) in ").contains("./course slt FILE...");

        fixture.write("chapter05-demo/src/test/resources/sqlite/select2.test", "statement ok\nSET z = 1\n");
        fixture.write("chapter05-demo/src/test/resources/sqlite/select1.test", GOOD_SLT);
        fixture.write("chapter05-demo/src/test/resources/sqlite/NOTICE", "not a test file\n");
        Run reference = fixture.run("slt", "--reference");
        assertThat(reference.exit()).as(reference.out() + reference.err()).isZero();
        assertThat(reference.out()).as("every .test file, in order, each with its count and time")
                .containsPattern("select1\\.test: 4 passed, 0 failed \\(\\d+\\.\\d s\\)\n(.|\n)*"
                        + "select2\\.test: 1 passed, 0 failed \\(\\d+\\.\\d s\\)\n5 passed, 0 failed\n$");
        Run starter = fixture.run("slt");
        assertThat(starter.exit()).as("the learner's code, which fails").isEqualTo(1);
        assertThat(starter.out()).contains("select1.test:2: TODO(chapter05)").endsWith("1 passed, 4 failed\n");

        assertThat(fixture.run("slt", "--help").out()).contains("Usage: course slt [-hV] [--reference] [FILE...]")
                .contains("Without FILE: SQLite's select1-select5");
    }

    @Test
    @DisplayName("sql runs a script from standard input, statement by statement, and the data outlives the shell")
    void sqlScriptAndRestart() {
        String dir = root.resolve("db").toString();
        Run first = withInput("""
                -- a comment; not a statement
                SET a = 10;  SET b
                  = 2;
                .help
                ALL; /* a ; in a
                comment */ SET c = 'x;y';
                """, "sql", "--reference", "--dir", dir);
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.err()).contains("database: " + dir + " (the course's solution of chapter 5)");
        assertThat(first.out()).startsWith("SET 1 row\nSET 1 row\nEnd each statement with ';'").endsWith("""
                 key | value
                -----+-------
                 a   |    10
                 b   |     2
                (2 rows)
                SET 1 row
                """);

        Run again = withInput("GET c;\nGET d\n", "sql", "--reference", "--dir", dir);
        assertThat(again.exit()).isZero();
        assertThat(again.out()).as("after a restart the data is still there; a last statement needs no ';'")
                .isEqualTo(" c\n-------\n 'x;y'\n(1 row)\n d\n------\n NULL\n(1 row)\n");
    }

    @Test
    @DisplayName("sql stops a script at its first error, with the engine's message and caret, and exits with 1")
    void sqlStopsAtTheFirstError() {
        String dir = root.resolve("db").toString();
        Run run = withInput("SET a = 1;\n\nDROP everything;\nSET b = 2;\n", "sql", "--reference", "--dir", dir);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("SET 1 row\n");
        assertThat(run.err()).contains("error in the statement at line 3: line 1, column 1: expected SET, GET or ALL, found DROP\n"
                + "DROP everything\n^\n");
        Run after = withInput("ALL;\n", "sql", "--reference", "--dir", dir);
        assertThat(after.out()).as("nothing after the error ran").contains(" a   |     1\n(1 row)");

        Run unknown = withInput(".tables\n", "sql", "--reference", "--dir", dir);
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("error: unknown command .tables: the commands are .help and .quit");
    }

    @Test
    @DisplayName("sql reports the learner's TODO as the engine's failure, and a default directory it prints")
    void sqlOnTheStarter() {
        Run run = withInput("SET a = 1;\n", "sql");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("database: " + root.resolve("target/course/sql/yours/database") + " (your chapter 5 code)")
                .contains("error in the statement at line 1: the engine failed: TODO(chapter05): remember the value");
    }

    @Test
    @DisplayName("on the real course's reference: a script's table outlives the shell, a bad statement exits 1, and slt passes a chapter file")
    void theReferenceEndToEnd() {
        FixtureCourse real = new FixtureCourse(Course.locate(null).root());
        String dir = root.resolve("db").toString();
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream("""
                    CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT);
                    INSERT INTO people VALUES (1, 'ann'), (2, 'bob');
                    """.getBytes(StandardCharsets.UTF_8)));
            Run first = real.run("sql", "--reference", "--dir", dir);
            assertThat(first.exit()).as(first.out() + first.err()).isZero();
            assertThat(first.out()).isEqualTo("CREATE TABLE\nINSERT 2 rows\n");

            System.setIn(new ByteArrayInputStream("SELECT name FROM people ORDER BY id;\nSELECT nme FROM people;\nDROP TABLE people;\n"
                    .getBytes(StandardCharsets.UTF_8)));
            Run second = real.run("sql", "--reference", "--dir", dir);
            assertThat(second.out()).as("the rows are still there after a restart").isEqualTo(" name\n------\n ann\n bob\n(2 rows)\n");
            assertThat(second.exit()).as("a bad statement ends the script with status 1").isEqualTo(1);
            assertThat(second.err()).contains("error in the statement at line 2: ").contains("nme");

            System.setIn(new ByteArrayInputStream("SELECT count FROM people;\n".getBytes(StandardCharsets.UTF_8)));
            Run third = real.run("sql", "--reference", "--dir", dir);
            assertThat(third.err()).as("the DROP after the error never ran: the table is there").doesNotContain("no such table");
        } finally {
            System.setIn(saved);
        }
        Path logic = real.root().resolve("chapter05-sql/src/test/resources/slt/step3-logic.slt");
        Run slt = real.run("slt", "--reference", logic.toString());
        assertThat(slt.exit()).as(slt.out()).isZero();
        assertThat(slt.out()).matches("(?s).*\\n\\d+ passed, 0 failed\\n");
    }
}
