package dev.fromzero.course.verify;

import java.io.PrintStream;
import java.util.List;

/**
 * Prints verify's report as it goes and counts the checks: one line per check, {@code ok} or
 * {@code FAIL}, with the details of a failure indented under it, then the summary line
 * {@code verify: X passed, Y failed} that CI logs end with.
 */
final class Checklist {

    private static final int SHOWN_DETAILS = 25;

    private final PrintStream out;
    private int passed;
    private int failed;

    Checklist(PrintStream out) {
        this.out = out;
    }

    void section(String title) {
        out.println();
        out.println(title);
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
        out.println();
        out.printf("verify: %d passed, %d failed%n", passed, failed);
    }
}
