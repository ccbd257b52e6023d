package dev.fromzero.testkit.sql.slt;

import java.util.List;

/**
 * One record of a sqllogictest file. {@code line} is where the record starts (its
 * {@code statement} or {@code query} line), counted from 1; {@code conditions} are the
 * {@code skipif}/{@code onlyif} lines before it.
 */
public sealed interface SltRecord permits SltRecord.Statement, SltRecord.Query, SltRecord.HashThreshold, SltRecord.Halt {

    int line();

    /** {@code skipif ENGINE} ({@code skip} true) or {@code onlyif ENGINE} before a record. */
    record Condition(boolean skip, String engine) {

        /** Whether the record runs on the engine called {@code name}. */
        public boolean allows(String name) {
            return skip != engine.equalsIgnoreCase(name);
        }
    }

    /**
     * {@code statement ok} ({@code error} false), or {@code statement error [fragment]}: the
     * statement must fail with a SQL error whose message contains {@code fragment} (ignoring
     * case; empty: any message).
     */
    record Statement(int line, List<Condition> conditions, String sql, boolean error, String fragment) implements SltRecord {
    }

    /**
     * {@code query TYPES [SORT] [LABEL]}, its SQL, and after {@code ----} its expected result: one
     * value a line, or {@code N values hashing to MD5}. {@code hashThreshold} is the file's
     * {@code hash-threshold} where the query stands (0 before any, or after {@code hash-threshold 0}):
     * a result of more values is compared, and shown, as its hash.
     */
    record Query(int line, List<Condition> conditions, String sql, String types, Sort sort, String label,
                 Expected expected, int hashThreshold) implements SltRecord {
    }

    /**
     * {@code hash-threshold N}: results of more than N values are written as their hash (0: never).
     * The parser hands its value to the queries after it ({@link Query#hashThreshold}).
     */
    record HashThreshold(int line, int values) implements SltRecord {
    }

    /** {@code halt}: the records after it do not run. */
    record Halt(int line, List<Condition> conditions) implements SltRecord {
    }

    /** How a query's values are ordered before they are compared: as they come, by row, or each value alone. */
    enum Sort { NOSORT, ROWSORT, VALUESORT }

    /** A query's expected result. */
    sealed interface Expected permits Values, Hash {
    }

    /** The values, one a line in the file; {@code line} is the file line of the first. */
    record Values(List<String> values, int line) implements Expected {
        public Values {
            values = List.copyOf(values);
        }
    }

    /** {@code N values hashing to MD5}: the count and the MD5 of the values, each followed by a newline. */
    record Hash(int count, String md5) implements Expected {
    }
}
