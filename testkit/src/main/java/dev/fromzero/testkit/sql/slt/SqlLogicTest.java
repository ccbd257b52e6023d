package dev.fromzero.testkit.sql.slt;

import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Step;
import dev.fromzero.testkit.sql.SqlEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A sqllogictest file as JUnit tests: one dynamic test per record, run in the file's order on one
 * engine, from a {@code @TestFactory} of a step class. Each record is a test of the step with the
 * factory's points (the course tool and the grader count it as one), named by its file, line and
 * first line of SQL.
 *
 * <pre>{@code
 * @Step(chapter = 5, number = 6, title = "Queries", guide = "docs/chapter05-sql.md#step-6-queries")
 * class QuerySltTest {
 *     @TestFactory
 *     Stream<DynamicTest> select(@Scratch Path dir) {
 *         return SqlLogicTest.records(Path.of("src/test/resources/slt/step6-select.slt"), () -> EmbeddedEngine.open(dir));
 *     }
 * }
 * }</pre>
 *
 * The file's path is relative to the module's directory, where Maven and the course tool run the
 * tests. The engine is opened at the first record and closed after the last.
 *
 * <p>A file may say in its header which step it belongs to and what each record is worth
 * ({@code # step: 6}, {@code # points: 1}, comment lines before its first record). The tool and
 * the grader read both from the factory ({@code @Step} on its class, {@code @Points} on it), so
 * when the header says them, they must agree, or the factory fails saying so.
 */
public final class SqlLogicTest {

    private static final int NAME_LENGTH = 70;
    private static final Pattern HEADER = Pattern.compile("#\\s*(step|points)\\s*:\\s*(\\d+)\\s*");

    private SqlLogicTest() {
    }

    /** The records of {@code file} that run on this course's engine, as dynamic tests. */
    public static Stream<DynamicTest> records(Path file, Supplier<SqlEngine> opener) {
        String shown = file.toString().replace('\\', '/');
        String text = read(file);
        checkHeader(shown, text, factory());
        List<SltRecord> records = SltRunner.runnable(SltParser.parse(shown, text));
        if (records.isEmpty()) {
            throw new SltSyntaxException(shown, 1, "no statement or query to run: a file of tests must test something");
        }
        SltRunner runner = new SltRunner(shown, opener);
        return records.stream()
                .map(r -> DynamicTest.dynamicTest(name(file, r), () -> runner.run(r)))
                .onClose(runner::close);
    }

    /** {@code queries.slt:12 SELECT a, b FROM t ...}: the file, the line, and the SQL's first line. */
    static String name(Path file, SltRecord record) {
        String sql = record instanceof SltRecord.Query q ? q.sql() : ((SltRecord.Statement) record).sql();
        String first = sql.strip().lines().findFirst().orElse("").strip();
        if (first.length() > NAME_LENGTH || sql.strip().contains("\n")) {
            first = first.substring(0, Math.min(first.length(), NAME_LENGTH)) + " ...";
        }
        return file.getFileName() + ":" + record.line() + " " + first;
    }

    /** The {@code @TestFactory} method that asked for the records: the nearest one up the stack, or null. */
    private static Method factory() {
        // The test's own frames only: they end where reflection (JUnit calling the factory) begins.
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
                .takeWhile(f -> !f.getClassName().startsWith("java.") && !f.getClassName().startsWith("jdk.")
                        && !f.getClassName().startsWith("org.junit."))
                .flatMap(f -> declared(f.getDeclaringClass())
                        .filter(m -> m.getName().equals(f.getMethodName()) && m.isAnnotationPresent(TestFactory.class)))
                .findFirst().orElse(null));
    }

    private static Stream<Method> declared(Class<?> c) {
        try {
            return Arrays.stream(c.getDeclaredMethods());
        } catch (LinkageError e) {
            return Stream.empty(); // a class whose methods name a type that is not there: no factory of ours
        }
    }

    /** The header's {@code # step:} and {@code # points:} must say what {@code factory} says. */
    static void checkHeader(String file, String text, Method factory) {
        if (factory == null) {
            return;
        }
        Step step = factory.getDeclaringClass().getAnnotation(Step.class);
        Points points = factory.getAnnotation(Points.class);
        String name = factory.getDeclaringClass().getSimpleName() + "#" + factory.getName();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size() && (lines.get(i).isBlank() || lines.get(i).startsWith("#")); i++) {
            Matcher m = HEADER.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            int said = Integer.parseInt(m.group(2));
            int is = m.group(1).equals("step") ? (step == null ? -1 : step.number()) : points == null ? Points.DEFAULT : points.value();
            if (said != is) {
                throw new SltSyntaxException(file, i + 1, "the header says " + m.group(1) + ": " + said + ", but " + name
                        + (m.group(1).equals("step") ? " is in step " + is + " (its class's @Step)" : " gives each record "
                        + is + " point" + (is == 1 ? "" : "s") + " (its @Points)") + ": make them agree");
            }
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sqllogictest file " + file.toAbsolutePath() + ": " + e, e);
        }
    }
}
