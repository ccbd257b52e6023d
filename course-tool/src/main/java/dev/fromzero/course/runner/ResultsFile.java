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
 * START  Class#method                 a test started (the last one names a test that hung)
 * TEST   the eleven TestResult fields a test finished
 * ERROR  message                      the runner could not do what was asked
 * END                                 the run completed (absent if the JVM died or was killed)
 * </pre>
 *
 * A tiny format of our own, because the tool uses no JSON library and needs none.
 */
public final class ResultsFile {

    /** What a results file says. {@code complete} is false when the run did not reach its end. */
    public record Contents(List<TestResult> results, List<String> errors, String lastStarted, boolean complete) {
    }

    private ResultsFile() {
    }

    public static String start(String key) {
        return line("START", key);
    }

    public static String error(String message) {
        return line("ERROR", message);
    }

    public static String end() {
        return "END";
    }

    public static String test(TestResult r) {
        return line("TEST", r.className(), r.method(), r.displayName(), Integer.toString(r.step()), r.stepTitle(),
                r.guide(), Integer.toString(r.points()), r.status().name(), r.message(), r.trace(), r.replay());
    }

    public static Contents read(Path file) {
        List<TestResult> results = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        String lastStarted = null;
        boolean complete = false;
        if (!Files.exists(file)) {
            return new Contents(results, errors, null, false);
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", -1);
                for (int i = 0; i < f.length; i++) {
                    f[i] = unescape(f[i]);
                }
                switch (f[0]) {
                    case "START" -> lastStarted = f[1];
                    case "ERROR" -> errors.add(f[1]);
                    case "END" -> complete = true;
                    case "TEST" -> results.add(new TestResult(f[1], f[2], f[3], Integer.parseInt(f[4]), f[5], f[6],
                            Integer.parseInt(f[7]), Status.valueOf(f[8]), f[9], f[10], f[11]));
                    default -> throw new IllegalStateException("unexpected line in " + file + ": " + line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the test results " + file, e);
        }
        return new Contents(results, errors, lastStarted, complete);
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
