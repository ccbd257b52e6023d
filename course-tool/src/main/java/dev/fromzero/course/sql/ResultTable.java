package dev.fromzero.course.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * A query's rows as an aligned table, psql's way: a header, a rule, one line per row, numbers
 * right-aligned and everything else left-aligned, NULL written out. Control characters in a
 * value are shown escaped, so that a value cannot break the table's lines.
 *
 * <pre>
 *  id | name  | score
 * ----+-------+-------
 *   1 | alice |   3.5
 *   2 | NULL  |  NULL
 * </pre>
 */
public final class ResultTable {

    private ResultTable() {
    }

    /** The table, one string per line. */
    public static List<String> lines(List<String> columns, List<List<Object>> rows) {
        int n = columns.size();
        int[] widths = new int[n];
        boolean[] numeric = new boolean[n];
        for (int c = 0; c < n; c++) {
            widths[c] = columns.get(c).length();
            numeric[c] = true;
        }
        List<List<String>> cells = new ArrayList<>();
        for (List<Object> row : rows) {
            List<String> shown = new ArrayList<>();
            for (int c = 0; c < n; c++) {
                Object v = c < row.size() ? row.get(c) : null;
                String text = show(v);
                shown.add(text);
                widths[c] = Math.max(widths[c], text.length());
                numeric[c] &= v == null || v instanceof Number;
            }
            cells.add(shown);
        }
        List<String> lines = new ArrayList<>();
        lines.add(line(columns, widths, new boolean[n]));
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < n; c++) {
            rule.append(c == 0 ? "" : "+").append("-".repeat(widths[c] + 2));
        }
        lines.add(rule.toString());
        cells.forEach(row -> lines.add(line(row, widths, numeric)));
        return lines;
    }

    private static String line(List<String> cells, int[] widths, boolean[] right) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            b.append(c == 0 ? " " : " | ").append(right[c] ? pad + cell : cell + pad);
        }
        return b.toString().stripTrailing();
    }

    /** A value as the table shows it. */
    static String show(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        StringBuilder s = new StringBuilder();
        v.toString().codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        s.append(String.format("\\x%02x", c));
                    } else {
                        s.appendCodePoint(c);
                    }
                }
            }
        });
        return s.toString();
    }
}
