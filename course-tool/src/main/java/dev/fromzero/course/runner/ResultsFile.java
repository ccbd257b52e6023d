package dev.fromzero.course.runner;

import dev.fromzero.course.runner.TestResult.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The file through which the forked runner hands its results to the tool: one record per line,
 * fields separated by tabs, with {@code \}, tab, CR and LF escaped as {@code \\ \t \r \n}.
 *
 * <pre>
 * PLAN   the TestResult fields        a test method the run will execute (before any runs)
 * START  the TestResult fields        a test started (the last one unfinished names a test that hung or crashed)
 * TEST   the TestResult fields        a test finished
 * ERROR  message                      the runner could not do what was asked
 * DIED   message  trace               the JVM is dying during the last test started (out of memory,
 *                                     System.exit): why, and the test's frames at that moment
 * END                                 the run completed (absent if the JVM died or was killed)
 * </pre>
 *
 * PLAN and START carry what is known before the test runs (status FAILED, no message), so that
 * the tool can report a test that never finished with its step and points.
 *
 * A tiny format of our own, because the tool uses no JSON library and needs none.
 */
public final class ResultsFile {

    /**
     * What a results file says: the tests planned, started and finished, in order.
     * {@code complete} is false when the run did not reach its end.
     */
    public record Contents(List<TestResult> planned, List<TestResult> started, List<TestResult> results,
                           List<String> errors, boolean complete, Death died) {

        /** {@code Class#method} of the last test that started, or null. */
        public String lastStarted() {
            return started.isEmpty() ? null : started.get(started.size() - 1).key();
        }
    }

    /** What the runner said of its own death, during the last test started; {@code trace} may be empty. */
    public record Death(String message, String trace) {
    }

    private ResultsFile() {
    }

    public static String died(String message, String trace) {
        return line("DIED", message, trace);
    }

    public static String plan(TestResult r) {
        return line("PLAN", fields(r));
    }

    public static String start(TestResult r) {
        return line("START", fields(r));
    }

    public static String error(String message) {
        return line("ERROR", message);
    }

    public static String end() {
        return "END";
    }

    public static String test(TestResult r) {
        return line("TEST", fields(r));
    }

    private static String[] fields(TestResult r) {
        return new String[] {r.className(), r.method(), r.displayName(), Integer.toString(r.step()), r.stepTitle(),
                r.guide(), Integer.toString(r.points()), r.status().name(), r.message(), r.trace(), r.replay(),
                r.id(), r.output(), Long.toString(r.millis()), Boolean.toString(r.bonus())};
    }

    /** The test of a PLAN, START or TEST line, split by {@link #split}. */
    static TestResult result(String[] f) {
        return new TestResult(f[1], f[2], f[3], Integer.parseInt(f[4]), f[5], f[6], Integer.parseInt(f[7]),
                Status.valueOf(f[8]), f[9], f[10], f[11], f[12], f[13], Long.parseLong(f[14]), Boolean.parseBoolean(f[15]));
    }

    public static Contents read(Path file) {
        List<TestResult> planned = new ArrayList<>();
        List<TestResult> started = new ArrayList<>();
        List<TestResult> results = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        boolean complete = false;
        Death died = null;
        if (!Files.exists(file)) {
            return new Contents(planned, started, results, errors, false, null);
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = split(line);
                switch (f[0]) {
                    case "PLAN" -> planned.add(result(f));
                    case "START" -> started.add(result(f));
                    case "TEST" -> results.add(result(f));
                    case "ERROR" -> errors.add(f[1]);
                    case "DIED" -> died = new Death(f[1], f.length > 2 ? f[2] : "");
                    case "END" -> complete = true;
                    default -> throw new IllegalStateException("unexpected line in " + file + ": " + line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the test results " + file, e);
        }
        return new Contents(planned, started, results, errors, complete, died);
    }

    /** The unescaped fields of one line; the first is its kind. */
    static String[] split(String line) {
        String[] f = line.split("\t", -1);
        for (int i = 0; i < f.length; i++) {
            f[i] = unescape(f[i]);
        }
        return f;
    }

    private static String line(String kind, String... fields) {
        StringBuilder b = new StringBuilder(kind);
        for (String field : fields) {
            b.append('\t').append(escape(field == null ? "" : field));
        }
        return b.toString();
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char next = s.charAt(++i);
                b.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
