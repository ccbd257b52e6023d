package dev.fromzero.testkit.sql.slt;

import dev.fromzero.testkit.sql.slt.SltRecord.Sort;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a query's values become the lines a sqllogictest file compares, as SQLite's own runner
 * renders them: each value as its column's type letter says (an {@code I} column shows an
 * integer, an {@code R} column a real with three decimals, {@code %.3f}), NULL as {@code NULL},
 * an empty text as {@code (empty)}, and control characters (below space, and DEL) in a text as
 * {@code @}. A value of another type than its column's is converted the way SQLite converts it
 * (a real in an {@code I} column is truncated toward zero; a text gives its leading number, or 0).
 * Booleans, which SQLite lacks, show as 1 and 0 in numeric columns and {@code true}/{@code false}
 * in text ones.
 *
 * <p>One deliberate difference: SQLite's runner also writes each byte of a non-ASCII character as
 * {@code @}, so {@code 'é'} and {@code 'É'} would both show as {@code @@}. This runner keeps them,
 * so that the chapter's own files can check text beyond ASCII; SQLite's corpus files are ASCII.
 * Values sort as SQLite's runner sorts them, by {@code strcmp} on their UTF-8 bytes, which is
 * the order of their code points ({@link #ORDER}), not Java's order of UTF-16 units.
 */
public final class SltValues {

    /** {@code strcmp} on UTF-8 bytes: code point order (Java's {@code compareTo} puts U+E000..U+FFFF after U+10000..). */
    public static final Comparator<String> ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private static final Pattern LEADING_NUMBER = Pattern.compile("^\\s*[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private SltValues() {
    }

    /** One value, in a column of type {@code type} ({@code T}, {@code I} or {@code R}). */
    public static String render(Object value, char type) {
        if (value == null) {
            return "NULL";
        }
        return switch (type) {
            case 'I' -> Long.toString(integer(value));
            case 'R' -> String.format(Locale.ROOT, "%.3f", real(value) + 0.0); // + 0.0: -0.0 prints 0.000, as in C
            default -> text(value);
        };
    }

    /** Every value of {@code rows}, row by row, rendered by the column types {@code types}. */
    public static List<String> render(List<List<Object>> rows, String types) {
        List<String> values = new ArrayList<>();
        for (List<Object> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                values.add(render(row.get(i), i < types.length() ? types.charAt(i) : 'T'));
            }
        }
        return values;
    }

    /**
     * The values in the order a sort mode compares them: as they are ({@code nosort}), rows of
     * {@code columns} values sorted by their values' text, column by column ({@code rowsort}), or
     * every value sorted on its own ({@code valuesort}).
     */
    public static List<String> sort(List<String> values, int columns, Sort sort) {
        return switch (sort) {
            case NOSORT -> values;
            case VALUESORT -> values.stream().sorted(ORDER).toList();
            case ROWSORT -> {
                List<List<String>> rows = rows(values, columns);
                rows.sort((a, b) -> {
                    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                        int c = ORDER.compare(a.get(i), b.get(i));
                        if (c != 0) {
                            return c;
                        }
                    }
                    return Integer.compare(a.size(), b.size());
                });
                yield rows.stream().flatMap(List::stream).toList();
            }
        };
    }

    /** {@code values} cut into rows of {@code columns} (the last one shorter if they do not divide). */
    public static List<List<String>> rows(List<String> values, int columns) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < values.size(); i += Math.max(1, columns)) {
            rows.add(new ArrayList<>(values.subList(i, Math.min(values.size(), i + Math.max(1, columns)))));
        }
        return rows;
    }

    /** The MD5 of the values, each followed by a newline, in hex: what {@code N values hashing to H} gives. */
    public static String md5(List<String> values) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            for (String v : values) {
                md5.update((v + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    private static long integer(Object value) {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Double d) {
            return (long) d.doubleValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return (long) leadingNumber(value.toString());
    }

    private static double real(Object value) {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return leadingNumber(value.toString());
    }

    private static String text(Object value) {
        String s = value.toString();
        if (s.isEmpty()) {
            return "(empty)";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(c < 0x20 || c == 0x7f ? '@' : c));
        return b.toString();
    }

    private static double leadingNumber(String text) {
        Matcher m = LEADING_NUMBER.matcher(text);
        return m.find() ? Double.parseDouble(m.group().strip()) : 0;
    }
}
