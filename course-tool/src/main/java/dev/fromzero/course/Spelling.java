package dev.fromzero.course;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * The closest valid spelling of a mistyped command or option, by edit distance counting a swap
 * of two neighbouring letters as one edit ({@code tset} is one edit from {@code test}). Picocli
 * suggests by prefix; this catches the typos it misses.
 */
final class Spelling {

    private static final int MAX_EDITS = 2;

    private Spelling() {
    }

    /** The candidate nearest to {@code typed}, if one is at most two edits away. */
    static Optional<String> closest(String typed, Collection<String> candidates) {
        return candidates.stream()
                .filter(c -> distance(typed, c) <= MAX_EDITS)
                .min(Comparator.comparingInt((String c) -> distance(typed, c)).thenComparing(c -> c));
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
