package dev.fromzero.testkit.sql.slt;

import dev.fromzero.testkit.sql.SqlEngine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs sqllogictest files from the command line, each on a fresh engine in a directory of its
 * own: the {@code main} behind {@code ./course slt}, in the JVM the tool starts with the engine's
 * classes. It prints each failing record (file and line, SQL, expected and actual), a count and
 * the run time per file, and last {@code N passed, N failed}; it exits with 1 when anything failed.
 *
 * <pre>
 * SltMain --engine CLASS --scratch DIR FILE...
 * </pre>
 *
 * CLASS has a {@code public static open(Path dir)} returning a {@link SqlEngine}.
 */
public final class SltMain {

    private SltMain() {
    }

    /** Passed and failed records. */
    record Tally(int passed, int failed) {
        Tally plus(Tally other) {
            return new Tally(passed + other.passed, failed + other.failed);
        }
    }

    public static void main(String[] args) throws IOException {
        String engine = null;
        Path scratch = null;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--engine" -> engine = args[++i];
                case "--scratch" -> scratch = Path.of(args[++i]);
                default -> files.add(Path.of(args[i]));
            }
        }
        if (engine == null || scratch == null || files.isEmpty()) {
            System.err.println("usage: SltMain --engine CLASS --scratch DIR FILE...");
            System.exit(2);
        }
        Tally total = new Tally(0, 0);
        for (int i = 0; i < files.size(); i++) {
            Path dir = Files.createDirectories(scratch.resolve("file-" + (i + 1)));
            String className = engine;
            total = total.plus(run(files.get(i), () -> SqlEngine.open(className, dir), System.out));
        }
        System.out.println(total.passed() + " passed, " + total.failed() + " failed");
        System.out.flush();
        // The engine's threads (a store's sync thread, say) must not keep this JVM alive.
        Runtime.getRuntime().halt(total.failed() == 0 ? 0 : 1);
    }

    /** Runs one file, printing its failures as they come and then its count and time to {@code out}. */
    static Tally run(Path file, java.util.function.Supplier<SqlEngine> opener, PrintStream out) {
        SltFileRun run = SltFileRun.of(file, opener, failure -> {
            out.println("FAIL " + failure);
            out.println();
        });
        out.println(run.summary());
        return new Tally(run.passed(), run.failed());
    }
}
