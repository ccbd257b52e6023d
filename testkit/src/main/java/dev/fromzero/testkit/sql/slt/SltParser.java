package dev.fromzero.testkit.sql.slt;

import dev.fromzero.testkit.sql.slt.SltRecord.Condition;
import dev.fromzero.testkit.sql.slt.SltRecord.Expected;
import dev.fromzero.testkit.sql.slt.SltRecord.Sort;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads SQLite's sqllogictest format. A file is a list of records separated by blank lines;
 * lines starting with {@code #} between records are comments. A record is optional
 * {@code skipif ENGINE}/{@code onlyif ENGINE} lines, then one of:
 *
 * <pre>
 * statement ok                     statement error [message fragment]
 * SQL (to the blank line)          SQL (to the blank line)
 *
 * query TYPES [nosort|rowsort|valuesort] [LABEL]
 * SQL
 * ----
 * expected values, one a line (or: N values hashing to MD5)
 *
 * hash-threshold N                 halt
 * </pre>
 *
 * TYPES has one letter per column: {@code T} text, {@code I} integer, {@code R} real. Anything
 * else is an error naming the file and line, so that a typo never turns into a record that
 * silently checks nothing.
 */
public final class SltParser {

    private static final Pattern TYPES = Pattern.compile("[TIR]+");
    private static final Pattern HASH = Pattern.compile("(\\d+) values hashing to ([0-9a-f]{32})");

    private final String file;
    private final List<String> lines;
    private int next; // index of the next unread line
    private int hashThreshold; // the last hash-threshold read (that applies to this engine); 0: never hash

    private SltParser(String file, String text) {
        this.file = file;
        this.lines = text.lines().toList();
    }

    /** The records of {@code text}, a file shown as {@code file} in errors. */
    public static List<SltRecord> parse(String file, String text) {
        return new SltParser(file, text).records();
    }

    private List<SltRecord> records() {
        List<SltRecord> records = new ArrayList<>();
        while (true) {
            while (next < lines.size() && (lines.get(next).isBlank() || lines.get(next).startsWith("#"))) {
                next++;
            }
            if (next >= lines.size()) {
                return records;
            }
            records.add(record());
        }
    }

    private SltRecord record() {
        List<Condition> conditions = new ArrayList<>();
        while (true) {
            int line = next + 1;
            String[] words = lines.get(next++).strip().split("\\s+");
            String command = words[0];
            switch (command) {
                case "skipif", "onlyif" -> {
                    // SQLite's corpus comments some of them: "onlyif mssql  # this is allowed".
                    if (words.length < 3 || !words[2].startsWith("#")) {
                        expectWords(words, 2, 2, line, command + " ENGINE [# comment]");
                    }
                    conditions.add(new Condition(command.equals("skipif"), words[1]));
                    if (next >= lines.size() || lines.get(next).isBlank()) {
                        throw new SltSyntaxException(file, line, command + " must come right before the record it applies to");
                    }
                }
                case "statement" -> {
                    return statement(words, line, List.copyOf(conditions));
                }
                case "query" -> {
                    return query(words, line, List.copyOf(conditions));
                }
                case "hash-threshold" -> {
                    expectWords(words, 2, 2, line, "hash-threshold N");
                    SltRecord.HashThreshold threshold = new SltRecord.HashThreshold(line, number(words[1], line));
                    if (threshold.values() < 0) {
                        throw new SltSyntaxException(file, line, "hash-threshold takes a number of values, 0 (never hash) or more; found "
                                + threshold.values());
                    }
                    if (conditions.stream().allMatch(c -> c.allows(SltRunner.ENGINE_NAME))) {
                        hashThreshold = threshold.values();
                    }
                    return threshold;
                }
                case "halt" -> {
                    expectWords(words, 1, 1, line, "halt");
                    return new SltRecord.Halt(line, List.copyOf(conditions));
                }
                default -> throw new SltSyntaxException(file, line, "unknown record '" + command
                        + "': a record starts with statement, query, hash-threshold, skipif, onlyif or halt");
            }
        }
    }

    private SltRecord statement(String[] words, int line, List<Condition> conditions) {
        String header = lines.get(line - 1).strip();
        if (words.length < 2 || !words[1].equals("ok") && !words[1].equals("error")) {
            throw new SltSyntaxException(file, line, "expected 'statement ok' or 'statement error [message fragment]', found '"
                    + header + "'");
        }
        if (words[1].equals("ok") && words.length > 2) {
            throw new SltSyntaxException(file, line, "'statement ok' takes nothing after it, found '" + header + "'");
        }
        String fragment = words[1].equals("error") ? header.substring(header.indexOf("error") + "error".length()).strip() : "";
        String sql = sql(line, false);
        return new SltRecord.Statement(line, conditions, sql, words[1].equals("error"), fragment);
    }

    private SltRecord query(String[] words, int line, List<Condition> conditions) {
        expectWords(words, 2, 4, line, "query TYPES [nosort|rowsort|valuesort] [LABEL]");
        if (!TYPES.matcher(words[1]).matches()) {
            throw new SltSyntaxException(file, line, "query types are one letter per column, T (text), I (integer) or R (real),"
                    + " e.g. 'query IT'; found '" + words[1] + "'");
        }
        Sort sort = Sort.NOSORT;
        if (words.length > 2) {
            try {
                sort = Sort.valueOf(words[2].toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new SltSyntaxException(file, line, "unknown sort mode '" + words[2] + "': use nosort, rowsort or valuesort");
            }
        }
        String label = words.length > 3 ? words[3] : "";
        String sql = sql(line, true);
        return new SltRecord.Query(line, conditions, sql, words[1], sort, label, expected(), hashThreshold);
    }

    /** The SQL after a record's first line: to the blank line, or for a query to {@code ----}. */
    private String sql(int line, boolean query) {
        StringBuilder sql = new StringBuilder();
        while (next < lines.size() && !lines.get(next).isBlank() && !(query && lines.get(next).strip().equals("----"))) {
            sql.append(sql.length() == 0 ? "" : "\n").append(lines.get(next++));
        }
        if (sql.length() == 0) {
            throw new SltSyntaxException(file, line, (query ? "a query" : "a statement") + " needs SQL on the lines after it");
        }
        return sql.toString();
    }

    /** The expected result after {@code ----}; none (no rows) when the query has no {@code ----}. */
    private Expected expected() {
        if (next >= lines.size() || lines.get(next).isBlank()) {
            return new SltRecord.Values(List.of(), next + 1);
        }
        next++; // ----
        int first = next + 1;
        List<String> values = new ArrayList<>();
        while (next < lines.size() && !lines.get(next).isBlank()) {
            values.add(lines.get(next++).strip());
        }
        Matcher hash = values.size() == 1 ? HASH.matcher(values.get(0)) : null;
        if (hash != null && hash.matches()) {
            return new SltRecord.Hash(number(hash.group(1), first), hash.group(2));
        }
        return new SltRecord.Values(values, first);
    }

    private void expectWords(String[] words, int min, int max, int line, String form) {
        if (words.length < min || words.length > max) {
            throw new SltSyntaxException(file, line, "expected '" + form + "', found '" + lines.get(line - 1).strip() + "'");
        }
    }

    private int number(String word, int line) {
        try {
            return Integer.parseInt(word);
        } catch (NumberFormatException e) {
            throw new SltSyntaxException(file, line, "'" + word + "' is not a number");
        }
    }
}
