package dev.fromzero.course.diff;

import dev.fromzero.course.diff.LineDiff.Edit;
import dev.fromzero.course.diff.LineDiff.Op;
import java.util.List;

/**
 * Formats a {@link LineDiff} as {@code diff -u} does: a {@code ---}/{@code +++} header, then
 * hunks of changes with three lines of context, each under an {@code @@ -a,b +c,d @@} line. A
 * missing file is {@code /dev/null}. ANSI colours are optional: the caller decides whether the
 * output is a terminal.
 */
public final class UnifiedDiff {

    private static final int CONTEXT = 3;
    private static final String RED = "\u001b[31m";
    private static final String GREEN = "\u001b[32m";
    private static final String CYAN = "\u001b[36m";
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";

    private UnifiedDiff() {
    }

    /** The diff from {@code oldText} to {@code newText} (either may be null: no such file); empty if equal. */
    public static String format(String oldName, String oldText, String newName, String newText, boolean color) {
        if (oldText != null && oldText.equals(newText)) {
            return "";
        }
        List<Edit> edits = LineDiff.diff(lines(oldText), lines(newText));
        StringBuilder out = new StringBuilder();
        paint(out, BOLD, "--- " + (oldText == null ? "/dev/null" : oldName), color);
        paint(out, BOLD, "+++ " + (newText == null ? "/dev/null" : newName), color);
        int i = 0;
        while (true) {
            int change = nextChange(edits, i);
            if (change < 0) {
                break;
            }
            int start = Math.max(i, change - CONTEXT);
            int last = change;
            for (int j = change; j < edits.size() && j - last <= 2 * CONTEXT; j++) {
                if (edits.get(j).op() != Op.EQUAL) {
                    last = j;
                }
            }
            int end = Math.min(edits.size(), last + CONTEXT + 1);
            hunk(out, edits, start, end, color);
            i = end;
        }
        return out.toString();
    }

    private static void hunk(StringBuilder out, List<Edit> edits, int start, int end, boolean color) {
        int oldLine = 1;
        int newLine = 1;
        for (Edit e : edits.subList(0, start)) {
            oldLine += e.op() != Op.INSERT ? 1 : 0;
            newLine += e.op() != Op.DELETE ? 1 : 0;
        }
        List<Edit> hunk = edits.subList(start, end);
        int oldCount = (int) hunk.stream().filter(e -> e.op() != Op.INSERT).count();
        int newCount = (int) hunk.stream().filter(e -> e.op() != Op.DELETE).count();
        paint(out, CYAN, String.format("@@ -%d,%d +%d,%d @@", oldCount == 0 ? oldLine - 1 : oldLine, oldCount,
                newCount == 0 ? newLine - 1 : newLine, newCount), color);
        for (Edit e : hunk) {
            switch (e.op()) {
                case EQUAL -> out.append(' ').append(e.line()).append('\n');
                case DELETE -> paint(out, RED, "-" + e.line(), color);
                case INSERT -> paint(out, GREEN, "+" + e.line(), color);
            }
        }
    }

    private static int nextChange(List<Edit> edits, int from) {
        for (int i = from; i < edits.size(); i++) {
            if (edits.get(i).op() != Op.EQUAL) {
                return i;
            }
        }
        return -1;
    }

    private static void paint(StringBuilder out, String colour, String line, boolean color) {
        out.append(color ? colour + line + RESET : line).append('\n');
    }

    private static List<String> lines(String text) {
        return text == null || text.isEmpty() ? List.of() : text.lines().toList();
    }
}
