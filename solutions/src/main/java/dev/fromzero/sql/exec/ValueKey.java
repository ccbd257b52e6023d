//@ chapter 5
package dev.fromzero.sql.exec;

import dev.fromzero.sql.types.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Values as keys of Java hash maps and sets, equal exactly when SQL's {@code =} says they are:
 * {@code 1 = 1.0} holds, so INTEGER 1 and FLOAT 1.0 must be one key, though their records differ.
 * A FLOAT that holds a whole number in INTEGER's range becomes that INTEGER (which also makes
 * {@code -0.0} and {@code 0.0} one key); any other value is its own key. The hash join, GROUP BY,
 * DISTINCT and {@code count(DISTINCT x)} use it. NULL is a key too, equal to NULL: GROUP BY and
 * DISTINCT put NULLs together; a join never looks a NULL up.
 */
final class ValueKey {

    private ValueKey() {}

    static Value of(Value value) {
        if (value instanceof Value.Float f && f.value() == Math.rint(f.value())
                && f.value() >= -0x1p63 && f.value() < 0x1p63) {
            return Value.of((long) f.value());
        }
        return value;
    }

    static List<Value> of(List<Value> values) {
        List<Value> key = new ArrayList<>(values.size());
        for (Value value : values) {
            key.add(of(value));
        }
        return key;
    }
}
