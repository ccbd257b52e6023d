//@ chapter 5
package dev.fromzero.sql.exec;

import static dev.fromzero.sql.exec.Arithmetic.describe;

import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.types.Value;

/**
 * SQL's three-valued logic: TRUE, FALSE and NULL (unknown).
 *
 * <pre>
 *   AND   | TRUE  FALSE NULL        OR    | TRUE FALSE NULL       NOT TRUE  = FALSE
 *   TRUE  | TRUE  FALSE NULL        TRUE  | TRUE TRUE  TRUE       NOT FALSE = TRUE
 *   FALSE | FALSE FALSE FALSE       FALSE | TRUE FALSE NULL       NOT NULL  = NULL
 *   NULL  | NULL  FALSE NULL        NULL  | TRUE NULL  NULL
 * </pre>
 *
 * NULL stands for "TRUE or FALSE, we do not know which": the result is known only when both
 * choices give the same answer ({@code NULL AND FALSE} is FALSE whatever NULL is). The operands
 * must be BOOLEAN or NULL; SQLite would read 0 as false, but this engine has real booleans.
 */
public final class Logic {

    private Logic() {}

    public static Value and(Value left, Value right) {
        //@ todo 5: AND by the truth table: FALSE wins over NULL, NULL over TRUE (docs/chapter05-sql.md#step-3-values-and-expressions)
        Boolean a = truth("AND", left);
        Boolean b = truth("AND", right);
        if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
            return Value.of(false);
        }
        return a == null || b == null ? Value.NULL : Value.of(true);
        //@ end
    }

    public static Value or(Value left, Value right) {
        //@ todo 5: OR by the truth table: TRUE wins over NULL, NULL over FALSE (docs/chapter05-sql.md#step-3-values-and-expressions)
        Boolean a = truth("OR", left);
        Boolean b = truth("OR", right);
        if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
            return Value.of(true);
        }
        return a == null || b == null ? Value.NULL : Value.of(false);
        //@ end
    }

    public static Value not(Value operand) {
        //@ todo 5: NOT: TRUE and FALSE swap, NULL stays NULL (docs/chapter05-sql.md#step-3-values-and-expressions)
        Boolean a = truth("NOT", operand);
        return a == null ? Value.NULL : Value.of(!a);
        //@ end
    }

    /**
     * Whether a condition holds, as WHERE, a searched CASE's WHEN and a filter read it: only TRUE
     * holds; FALSE and NULL do not.
     *
     * @param where what is being decided, for the error message (e.g. "WHERE")
     */
    public static boolean holds(String where, Value condition) {
        return Boolean.TRUE.equals(truth(where, condition));
    }

    /** The BOOLEAN as a Java Boolean, {@code null} for NULL; anything else is an error. */
    static Boolean truth(String operator, Value value) {
        if (value instanceof Value.Bool b) {
            return b.value();
        }
        if (value.isNull()) {
            return null;
        }
        throw new SqlException(operator + " needs a BOOLEAN, not " + describe(value));
    }
}
