package dev.fromzero.testkit.sql.slt;

import dev.fromzero.testkit.sql.SqlEngine;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One sqllogictest file run whole, on one engine: how many records passed, each failing record's
 * message (file and line, SQL, expected and actual), and how long the file took. {@code ./course
 * slt} prints it; SQLite's corpus files (chapter 5's step 18) are tests that pass only when every
 * record does, and fail with the first failures and the counts.
 *
 * <p>{@code firstError} is the first failure's exception: a starter's {@code TODO} stub, kept so
 * that a file stuck at a stub fails with that stub, as a learner's other tests do.
 */
public record SltFileRun(String file, int passed, List<String> failures, Throwable firstError, Duration time) {

    /** How many failures a test's message shows; {@code ./course slt FILE} shows them all. */
    private static final int SHOWN_FAILURES = 3;

    public SltFileRun {
        failures = List.copyOf(failures);
    }

    public int failed() {
        return failures.size();
    }

    /** {@code select1.test: 1031 passed, 0 failed (8.2 s)}, or {@code x.slt: not run} when it could not be read or parsed. */
    public String summary() {
        if (passed == 0 && failures.size() == 1 && (firstError instanceof SltSyntaxException || firstError instanceof UncheckedIOException)) {
            return file + ": not run";
        }
        return String.format(Locale.ROOT, "%s: %d passed, %d failed (%.1f s)", file, passed, failed(), time.toMillis() / 1000.0);
    }

    /**
     * Runs every record of {@code file} for this engine, in order, on the engine {@code opener}
     * opens at the first record; {@code onFailure} gets each failure's message as it happens. A
     * file that cannot be read or parsed counts as one failure.
     */
    public static SltFileRun of(Path file, Supplier<SqlEngine> opener, Consumer<String> onFailure) {
        String shown = file.toString().replace('\\', '/');
        long start = System.nanoTime();
        List<SltRecord> records;
        try {
            records = SltRunner.runnable(SltParser.parse(shown, SqlLogicTest.read(file)));
        } catch (SltSyntaxException | UncheckedIOException e) {
            onFailure.accept(e.getMessage());
            return new SltFileRun(shown, 0, List.of(e.getMessage()), e, since(start));
        }
        int passed = 0;
        List<String> failures = new ArrayList<>();
        Throwable first = null;
        try (SltRunner runner = new SltRunner(shown, opener)) {
            for (SltRecord r : records) {
                try {
                    runner.run(r);
                    passed++;
                } catch (AssertionError | RuntimeException | StackOverflowError e) {
                    first = first == null ? e : first;
                    String message = e instanceof AssertionError ? e.getMessage()
                            : runner.where(r) + ": " + (isTodo(e) ? e.getMessage() : e.toString()) + "\nSQL:\n  "
                            + sql(r).replace("\n", "\n  ");
                    failures.add(message);
                    onFailure.accept(message);
                }
            }
        } catch (RuntimeException e) {
            String message = shown + ": closing the engine failed: " + e;
            first = first == null ? e : first;
            failures.add(message);
            onFailure.accept(message);
        }
        return new SltFileRun(shown, passed, failures, first, since(start));
    }

    /**
     * Passes when every record passed. Otherwise throws the starter's TODO stub when no record
     * passed and the first stopped at one (the file waits for that step), else an
     * {@link AssertionError} with the counts and the first failures.
     */
    public void assertPassed() {
        if (failures.isEmpty()) {
            return;
        }
        if (passed == 0 && isTodo(firstError)) {
            throw (UnsupportedOperationException) firstError;
        }
        StringBuilder b = new StringBuilder(summary()).append(": every record must pass; the first ")
                .append(Math.min(SHOWN_FAILURES, failed())).append(" failure").append(failed() == 1 ? "" : "s")
                .append(" (read the first one first: later ones may follow from it)\n");
        failures.stream().limit(SHOWN_FAILURES).forEach(f -> b.append('\n').append(f).append('\n'));
        if (failed() > SHOWN_FAILURES) {
            b.append("\n... and ").append(failed() - SHOWN_FAILURES).append(" more: ./course slt ").append(file)
                    .append(" prints them all");
        }
        throw new AssertionError(b.toString().strip());
    }

    static boolean isTodo(Throwable e) {
        return e instanceof UnsupportedOperationException && String.valueOf(e.getMessage()).startsWith("TODO(");
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static String sql(SltRecord r) {
        return r instanceof SltRecord.Query q ? q.sql() : ((SltRecord.Statement) r).sql();
    }
}
