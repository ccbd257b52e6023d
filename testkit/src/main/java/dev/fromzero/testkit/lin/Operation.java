package dev.fromzero.testkit.lin;

import java.util.Objects;

/**
 * One operation of a client's history on a key-value store, as a client saw it: what it asked,
 * when it asked ({@code call}), what it was told ({@code output}) and when ({@code returned}).
 * The fields are those of one JSON line of an exported history (see {@link HistoryJson}):
 *
 * <pre>{"client":3,"op":"cas","key":"k1","value":"v8","expected":"v7","output":true,"call":1200,"return":1830}</pre>
 *
 * <ul>
 *   <li>{@code value}: the value a put or a cas writes; null for get and delete;
 *   <li>{@code expected}: the value a cas requires the key to hold (null: the key must be absent);
 *       null for the others;
 *   <li>{@code output}: a get's value (a {@code String}, null when the key was absent), a cas's
 *       answer (a {@code Boolean}: whether it swapped), a delete's answer if the store gives one
 *       (a {@code Boolean}: whether the key existed; null if not reported); null for a put, and
 *       for any operation whose outcome is unknown;
 *   <li>{@code call} and {@code returned}: times on one clock shared by all clients.
 *       {@code returned} is null when the outcome is unknown (the client timed out, or crashed):
 *       the operation may or may not have taken effect, at any time after its call.
 * </ul>
 */
public record Operation(int client, Op op, String key, String value, String expected, Object output,
                        long call, Long returned) {

    public Operation {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(key, "key");
        String what = op.jsonName() + " of client " + client + " on key \"" + key + "\" called at " + call;
        if (returned != null && returned < call) {
            throw new IllegalArgumentException(what + " returns at " + returned + ", before its call");
        }
        boolean writes = op == Op.PUT || op == Op.CAS;
        if (writes != (value != null)) {
            throw new IllegalArgumentException(what + (writes ? " needs a value to write" : " takes no value, got \"" + value + "\""));
        }
        if (op != Op.CAS && expected != null) {
            throw new IllegalArgumentException(what + " takes no expected value (only cas does), got \"" + expected + "\"");
        }
        if (returned == null && output != null) {
            throw new IllegalArgumentException(what + " has an unknown outcome (no return) but an output " + output);
        }
        switch (op) {
            case GET -> {
                if (output != null && !(output instanceof String)) {
                    throw new IllegalArgumentException(what + ": a get's output is a string or null (absent), got " + output);
                }
            }
            case CAS -> {
                if (returned != null && !(output instanceof Boolean)) {
                    throw new IllegalArgumentException(what + ": a cas that returned has output true or false, got " + output);
                }
            }
            case DELETE -> {
                if (output != null && !(output instanceof Boolean)) {
                    throw new IllegalArgumentException(what + ": a delete's output is true or false (whether the key existed) or null, got "
                            + output);
                }
            }
            case PUT -> {
                if (output != null) {
                    throw new IllegalArgumentException(what + ": a put's output is null, got " + output);
                }
            }
        }
    }

    public static Operation put(int client, String key, String value, long call, Long returned) {
        return new Operation(client, Op.PUT, key, value, null, null, call, returned);
    }

    /** A get that returned {@code output} (null: the key was absent), or whose outcome is unknown ({@code returned} null, output null). */
    public static Operation get(int client, String key, String output, long call, Long returned) {
        return new Operation(client, Op.GET, key, null, null, output, call, returned);
    }

    public static Operation delete(int client, String key, long call, Long returned) {
        return new Operation(client, Op.DELETE, key, null, null, null, call, returned);
    }

    /** A delete that also told whether the key existed. */
    public static Operation delete(int client, String key, boolean existed, long call, long returned) {
        return new Operation(client, Op.DELETE, key, null, null, existed, call, returned);
    }

    /** A compare-and-set of {@code expected} (null: absent) to {@code value}; {@code swapped} is null when the outcome is unknown. */
    public static Operation cas(int client, String key, String expected, String value, Boolean swapped, long call, Long returned) {
        return new Operation(client, Op.CAS, key, value, expected, swapped, call, returned);
    }

    /** Whether the client never learnt the outcome: it may or may not have taken effect. */
    public boolean unknown() {
        return returned == null;
    }

    /** This operation with its outcome made unknown, as if its client had never heard back. */
    public Operation withUnknownOutcome() {
        return new Operation(client, op, key, value, expected, null, call, null);
    }

    /** A line for people: who, what, the answer, and when. */
    public String describe() {
        String args = switch (op) {
            case PUT -> "put(" + key + ", " + show(value) + ")";
            case GET -> "get(" + key + ")";
            case DELETE -> "delete(" + key + ")";
            case CAS -> "cas(" + key + ", " + show(expected) + " -> " + show(value) + ")";
        };
        String answer = unknown() ? " -> ? (no answer)"
                : switch (op) {
                    case GET -> " -> " + show((String) output);
                    case CAS -> " -> " + output;
                    case DELETE -> output == null ? " -> ok" : " -> " + (Boolean.TRUE.equals(output) ? "existed" : "was absent");
                    case PUT -> " -> ok";
                };
        String times = "called t=" + call + ", " + (unknown() ? "never returned" : "returned t=" + returned);
        return String.format("client %-3d %-40s %s", client, args + answer, times);
    }

    private static String show(String value) {
        return value == null ? "absent" : "\"" + value + "\"";
    }
}
