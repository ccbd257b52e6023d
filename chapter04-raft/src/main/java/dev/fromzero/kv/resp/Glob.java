package dev.fromzero.kv.resp;

/**
 * Redis's glob patterns, for {@code KEYS pattern} and {@code SCAN ... MATCH pattern}, matched
 * against bytes:
 *
 * <pre>
 * *        any run of bytes, even none      ?        any one byte
 * [abc]    one of a, b, c                   [^abc]   any byte but a, b, c
 * [a-z]    one byte from a to z             \x       x itself (\*, \?, \[, \\)
 * </pre>
 *
 * Inside brackets {@code \} escapes too, and a range may be written backwards ({@code [z-a]}).
 * An unclosed {@code [} runs to the end of the pattern, as in Redis.
 *
 * <p>Matching walks text and pattern together and remembers only the last {@code *}: when the
 * rest fails to match, that star swallows one byte more and matching resumes after it. Every
 * token but {@code *} matches exactly one byte, so this never misses a match, and it takes
 * time proportional to pattern times text at worst, never exponential.
 */
final class Glob {

    private Glob() {
    }

    /** Whether {@code text} matches {@code pattern} entirely. */
    static boolean matches(byte[] pattern, byte[] text) {
        int p = 0;
        int t = 0;
        int starP = -1;
        int starT = -1;
        while (t < text.length) {
            if (p < pattern.length && pattern[p] == '*') {
                starP = ++p;
                starT = t;
                continue;
            }
            int next = p < pattern.length ? matchOne(pattern, p, text[t]) : -1;
            if (next >= 0) {
                p = next;
                t++;
            } else if (starP >= 0) {
                p = starP;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (p < pattern.length && pattern[p] == '*') {
            p++;
        }
        return p == pattern.length;
    }

    /** If the token at {@code pattern[p]} (not a star) matches {@code b}, where the next token starts; else -1. */
    private static int matchOne(byte[] pattern, int p, byte b) {
        return switch (pattern[p]) {
            case '?' -> p + 1;
            case '[' -> matchClass(pattern, p + 1, b);
            case '\\' -> p + 1 < pattern.length
                    ? (pattern[p + 1] == b ? p + 2 : -1)
                    : (b == '\\' ? p + 1 : -1);
            default -> pattern[p] == b ? p + 1 : -1;
        };
    }

    /** {@code p} is just after the {@code [}. */
    private static int matchClass(byte[] pattern, int p, byte b) {
        boolean negated = p < pattern.length && pattern[p] == '^';
        if (negated) {
            p++;
        }
        int value = b & 0xff;
        boolean found = false;
        while (p < pattern.length && pattern[p] != ']') {
            if (pattern[p] == '\\' && p + 1 < pattern.length) {
                found |= (pattern[p + 1] & 0xff) == value;
                p += 2;
            } else if (p + 2 < pattern.length && pattern[p + 1] == '-' && pattern[p + 2] != ']') {
                int from = pattern[p] & 0xff;
                int to = pattern[p + 2] & 0xff;
                found |= value >= Math.min(from, to) && value <= Math.max(from, to);
                p += 3;
            } else {
                found |= (pattern[p] & 0xff) == value;
                p++;
            }
        }
        int next = p < pattern.length ? p + 1 : p;
        return found != negated ? next : -1;
    }
}
