package dev.fromzero.testkit.lin;

import java.util.Objects;

/**
 * The sequential specification of one key: its state is its value, null while it is absent
 * (which is how every key starts). An operation is allowed in a state if a correct map would have
 * answered what the client saw (a delete that says whether the key existed is held to it); it
 * then moves the key to its next state.
 *
 * <p>An operation whose outcome is unknown is allowed in every state: a cas without an answer
 * takes effect where its expected value holds, and changes nothing elsewhere. That it may also have
 * had no effect at all is covered by placing it last, after every operation that returned (the
 * search treats its return as lying at infinity).
 */
final class KvModel {

    private KvModel() {
    }

    static boolean allows(String state, Operation op) {
        if (op.unknown()) {
            return true;
        }
        return switch (op.op()) {
            case PUT -> true;
            case DELETE -> op.output() == null || (state != null) == (Boolean) op.output();
            case GET -> Objects.equals(state, op.output());
            case CAS -> Objects.equals(state, op.expected()) == (Boolean) op.output();
        };
    }

    /** The key's value after {@code op}, which {@link #allows} in {@code state}. */
    static String apply(String state, Operation op) {
        return switch (op.op()) {
            case PUT -> op.value();
            case GET -> state;
            case DELETE -> null;
            case CAS -> Objects.equals(state, op.expected()) ? op.value() : state;
        };
    }
}
