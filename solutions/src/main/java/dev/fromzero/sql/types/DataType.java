//@ chapter 5
package dev.fromzero.sql.types;

/**
 * The column types of the engine. Every SQL type name maps to one of these: INTEGER, INT and
 * BIGINT to {@link #INTEGER}; FLOAT, DOUBLE and REAL to {@link #FLOAT}; TEXT, VARCHAR(n) and
 * STRING to {@link #TEXT}; BOOLEAN to {@link #BOOLEAN}. NULL is a value of every type, not a type.
 */
public enum DataType {
    /** A 64-bit signed integer; overflow is an error, never a wrap-around. */
    INTEGER,
    /** A 64-bit IEEE 754 double. */
    FLOAT,
    /** A string of Unicode characters, of any length. */
    TEXT,
    /** TRUE or FALSE. */
    BOOLEAN
}
