package dev.fromzero.testkit;

/**
 * JSON's string syntax, for the few JSON files the course writes by hand (graders' results, test
 * histories) without a JSON library: one escaper, so that every file quotes the same way.
 */
public final class JsonText {

    private JsonText() {
    }

    /** Appends {@code s} to {@code out} as a JSON string: quoted, with quotes, backslashes and control characters escaped. */
    public static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
