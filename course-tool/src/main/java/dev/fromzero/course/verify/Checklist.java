package dev.fromzero.course.verify;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Prints verify's report as it goes and counts the checks: one line per check, {@code ok} or
 * {@code FAIL}, with the details of a failure indented under it, then a table of the time each
 * section took (where a slow verify spends it), then the summary line
 * {@code verify: X passed, Y failed} that CI logs end with.
 */
final class Checklist {

    private static final int SHOWN_DETAILS = 25;

    private final PrintStream out;
    private final LongSupplier nanos;
    private final Map<String, Long> sectionNanos = new LinkedHashMap<>();
    private String section;
    private long sectionStart;
    private long start;
    private int passed;
    private int failed;

    Checklist(PrintStream out) {
        this(out, System::nanoTime);
    }

    /** {@code nanos} is the clock the section times are read from. */
    Checklist(PrintStream out, LongSupplier nanos) {
        this.out = out;
        this.nanos = nanos;
        this.start = nanos.getAsLong();
    }

    /** Starts a section, named {@code name} in the table of times, headed {@code name title}. */
    void section(String name, String title) {
        endSection();
        section = name;
        sectionStart = nanos.getAsLong();
        out.println();
        out.println(name.startsWith("(") ? name + " " + title : title);
    }

    private void endSection() {
        if (section != null) {
            sectionNanos.merge(section, nanos.getAsLong() - sectionStart, Long::sum);
            section = null;
        }
    }

    void pass(String what) {
        passed++;
        out.println("  ok    " + what);
    }

    void fail(String what, List<String> details) {
        failed++;
        out.println("  FAIL  " + what);
        details.stream().limit(SHOWN_DETAILS).forEach(d -> out.println("          " + d.replace("\n", "\n          ")));
        if (details.size() > SHOWN_DETAILS) {
            out.println("          ... and " + (details.size() - SHOWN_DETAILS) + " more");
        }
    }

    void note(String text) {
        out.println("        " + text);
    }

    int failed() {
        return failed;
    }

    void summary() {
        endSection();
        out.println();
        out.println("time per section");
        sectionNanos.forEach((name, time) -> out.printf("  %-8s %7s%n", name, seconds(time)));
        out.printf("  %-8s %7s%n", "total", seconds(nanos.getAsLong() - start));
        out.println();
        out.printf("verify: %d passed, %d failed%n", passed, failed);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
