package dev.fromzero.course.diff;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The shortest edit script between two lists of lines, by Myers' O(ND) algorithm ("An O(ND)
 * Difference Algorithm and Its Variations", 1986): the fewest deleted and inserted lines that
 * turn {@code a} into {@code b}. The search keeps one array of furthest-reaching x per edit
 * distance d, then walks them back to recover the edits; for source files of a few thousand
 * lines and a few hundred changes this is small and fast.
 */
public final class LineDiff {

    public enum Op { EQUAL, DELETE, INSERT }

    /** One line of the script: kept, deleted from {@code a}, or inserted from {@code b}. */
    public record Edit(Op op, String line) {
    }

    private LineDiff() {
    }

    public static List<Edit> diff(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int offset = n + m + 1;
        int[] v = new int[2 * offset + 1];
        List<int[]> trace = new ArrayList<>();
        for (int d = 0; d <= n + m; d++) {
            trace.add(v.clone());
            for (int k = -d; k <= d; k += 2) {
                int x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                        ? v[offset + k + 1]
                        : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a.get(x).equals(b.get(y))) {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    return backtrack(a, b, trace, offset);
                }
            }
        }
        throw new IllegalStateException("unreachable: an edit script of length n + m always exists");
    }

    private static List<Edit> backtrack(List<String> a, List<String> b, List<int[]> trace, int offset) {
        List<Edit> edits = new ArrayList<>();
        int x = a.size();
        int y = b.size();
        for (int d = trace.size() - 1; d >= 0; d--) {
            int[] v = trace.get(d);
            int k = x - y;
            int prevK = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? k + 1 : k - 1;
            int prevX = v[offset + prevK];
            int prevY = prevX - prevK;
            while (x > prevX && y > prevY) {
                edits.add(new Edit(Op.EQUAL, a.get(--x)));
                y--;
            }
            if (d > 0) {
                if (x == prevX) {
                    edits.add(new Edit(Op.INSERT, b.get(--y)));
                } else {
                    edits.add(new Edit(Op.DELETE, a.get(--x)));
                }
            }
        }
        Collections.reverse(edits);
        return edits;
    }
}
