package dev.fromzero.testkit.lin;

import dev.fromzero.testkit.JsonText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Histories as JSON lines, one operation per line, so that other tools can check or draw them
 * and this one can check them again:
 *
 * <pre>{"client":3,"op":"put","key":"k1","value":"v7","expected":null,"output":null,"call":1200,"return":1830}</pre>
 *
 * Every line is an object with exactly these eight fields, in any order: {@code client} (an
 * integer), {@code op} ({@code put}, {@code get}, {@code delete} or {@code cas}), {@code key}
 * (a string), {@code value} and {@code expected} (a string or null), {@code output} (a string, a
 * boolean for cas, or null), {@code call} and {@code return} (integers on one clock;
 * {@code return} is null when the outcome is unknown). {@link Operation} says what each means.
 * Blank lines are skipped. The files are UTF-8.
 *
 * <p>The JDK has no JSON, and a line this flat needs only a few dozen lines to write and read, so
 * the course brings no library for it.
 */
public final class HistoryJson {

    private static final List<String> FIELDS = List.of("client", "op", "key", "value", "expected", "output", "call", "return");

    private HistoryJson() {
    }

    /** One operation as one line of JSON, without the newline. */
    public static String line(Operation op) {
        StringBuilder out = new StringBuilder(96);
        out.append("{\"client\":").append(op.client())
                .append(",\"op\":").append(string(op.op().jsonName()))
                .append(",\"key\":").append(string(op.key()))
                .append(",\"value\":").append(string(op.value()))
                .append(",\"expected\":").append(string(op.expected()))
                .append(",\"output\":").append(op.output() instanceof String s ? string(s) : String.valueOf(op.output()))
                .append(",\"call\":").append(op.call())
                .append(",\"return\":").append(op.returned())
                .append('}');
        return out.toString();
    }

    public static void write(List<Operation> history, Writer out) throws IOException {
        for (Operation op : history) {
            out.write(line(op));
            out.write('\n');
        }
    }

    public static void write(List<Operation> history, Path file) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(history, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the history to " + file, e);
        }
    }

    public static List<Operation> read(Path file) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the history " + file, e);
        }
    }

    /**
     * Reads every line of {@code in}; a line that is not an operation is an
     * {@link IllegalArgumentException} naming {@code source}, the line, the column and what was wrong.
     */
    public static List<Operation> read(Reader in, String source) throws IOException {
        BufferedReader lines = new BufferedReader(in);
        List<Operation> history = new ArrayList<>();
        String line;
        for (int number = 1; (line = lines.readLine()) != null; number++) {
            if (!line.isBlank()) {
                history.add(parse(line, source + ":" + number));
            }
        }
        return history;
    }

    /** One line; {@code where} (file:line) starts every error message. */
    public static Operation parse(String line, String where) {
        Map<String, Object> fields = new JsonLine(line, where).object();
        for (String field : FIELDS) {
            if (!fields.containsKey(field)) {
                throw new IllegalArgumentException(where + ": missing field \"" + field + "\" (a line has " + FIELDS.size()
                        + " fields: client, op, key, value, expected, output, call, return)");
            }
        }
        long client = integer(fields, "client", where);
        String op = text(fields, "op", where);
        String key = text(fields, "key", where);
        String value = text(fields, "value", where);
        String expected = text(fields, "expected", where);
        long call = integer(fields, "call", where);
        Long returned = fields.get("return") == null ? null : integer(fields, "return", where);
        if (op == null || key == null) {
            throw new IllegalArgumentException(where + ": field \"" + (op == null ? "op" : "key") + "\" must not be null");
        }
        if (client != (int) client) {
            throw new IllegalArgumentException(where + ": client " + client + " is out of range (a 32-bit integer)");
        }
        try {
            return new Operation((int) client, Op.fromJson(op), key, value, expected, fields.get("output"), call, returned);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static String text(Map<String, Object> fields, String name, String where) {
        Object value = fields.get(name);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException(where + ": field \"" + name + "\" must be a string or null, got " + value);
        }
        return (String) value;
    }

    private static long integer(Map<String, Object> fields, String name, String where) {
        if (!(fields.get(name) instanceof Long value)) {
            throw new IllegalArgumentException(where + ": field \"" + name + "\" must be an integer, got " + fields.get(name));
        }
        return value;
    }

    private static String string(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(s.length() + 2);
        JsonText.quote(s, out);
        return out.toString();
    }

    /** A reader for one flat JSON object whose values are strings, integers, booleans or null. */
    private static final class JsonLine {
        private final String text;
        private final String where;
        private int pos;

        JsonLine(String text, String where) {
            this.text = text;
            this.where = where;
        }

        Map<String, Object> object() {
            Map<String, Object> fields = new LinkedHashMap<>();
            expect('{');
            if (peek() == '}') {
                pos++;
            } else {
                do {
                    skipSpace();
                    int at = pos;
                    String name = string();
                    if (!FIELDS.contains(name)) {
                        throw error(at, "unknown field \"" + name + "\"");
                    }
                    if (fields.containsKey(name)) {
                        throw error(at, "field \"" + name + "\" appears twice");
                    }
                    expect(':');
                    fields.put(name, value());
                } while (next(',', '}') == ',');
            }
            skipSpace();
            if (pos < text.length()) {
                throw error(pos, "text after the object");
            }
            return fields;
        }

        private Object value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            if (c == '-' || (c >= '0' && c <= '9')) {
                int start = pos;
                pos++;
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
                try {
                    return Long.parseLong(text.substring(start, pos));
                } catch (NumberFormatException e) {
                    throw error(start, "expected an integer");
                }
            }
            for (String word : new String[] {"true", "false", "null"}) {
                if (text.startsWith(word, pos)) {
                    pos += word.length();
                    return word.equals("null") ? null : Boolean.valueOf(word);
                }
            }
            throw error(pos, "expected a string, an integer, true, false or null");
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw error(pos, "unterminated string");
                }
                char c = text.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (pos >= text.length()) {
                    throw error(pos, "unterminated string");
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw error(pos - 2, "a \\u escape needs four hex digits");
                        }
                        try {
                            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException x) {
                            throw error(pos - 2, "a \\u escape needs four hex digits");
                        }
                        pos += 4;
                    }
                    default -> throw error(pos - 2, "unknown escape \\" + e);
                }
            }
        }

        private char peek() {
            skipSpace();
            if (pos >= text.length()) {
                throw error(pos, "the line ends too early");
            }
            return text.charAt(pos);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error(pos, "expected '" + c + "'");
            }
            pos++;
        }

        private char next(char a, char b) {
            char c = peek();
            if (c != a && c != b) {
                throw error(pos, "expected '" + a + "' or '" + b + "'");
            }
            pos++;
            return c;
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private IllegalArgumentException error(int at, String what) {
            String found = at < text.length() ? " at '" + text.charAt(at) + "'" : " at the end of the line";
            return new IllegalArgumentException(where + ":" + (at + 1) + ": " + what + found);
        }
    }
}
