package dev.fromzero.sql.parser;

import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import java.util.List;
import java.util.Objects;

/**
 * An expression of the syntax tree: what the parser makes of {@code a + 1}, {@code x IS NULL} or
 * {@code CASE ... END}. The tree says only what the text says; whether a column exists or a type
 * fits is the executor's question.
 *
 * <p>Two choices a reader may ask about. A minus sign written directly before a number is folded
 * into the literal ({@code -5} is {@code Literal(-5)}, and so the one integer whose positive form
 * does not fit in 64 bits, {@code -9223372036854775808}, can be written), while a minus before
 * anything else, {@code -(5)} or {@code -a}, is a {@link Unary}. Unquoted names are lower-cased
 * by the lexer, so {@code Column("t", "a")} stands for {@code T.A} as well as {@code t.a}.
 *
 * <p>Fields that a text may leave out (a column's table, a CASE's operand or ELSE) are Java
 * {@code null}; lists are never null and are immutable.
 */
public sealed interface Expr {

    /** A constant: a number, a string, TRUE, FALSE or NULL. */
    record Literal(Value value) implements Expr {
        public Literal {
            Objects.requireNonNull(value, "a literal's value: use Value.NULL for SQL's NULL");
        }
    }

    /** A column reference, {@code name} or {@code table.name}; {@code table} is null when not written. */
    record Column(String table, String name) implements Expr {
        public Column {
            Objects.requireNonNull(name, "a column reference names a column");
        }
    }

    /** A prefix operator applied to one operand: {@code NOT x}, {@code -x}, {@code +x}. */
    record Unary(UnaryOp op, Expr operand) implements Expr {}

    /** An infix operator: arithmetic, comparison, AND, OR, or string concatenation {@code ||}. */
    record Binary(BinaryOp op, Expr left, Expr right) implements Expr {}

    /** {@code operand IS NULL}, or {@code operand IS NOT NULL} when {@code negated}. */
    record IsNull(Expr operand, boolean negated) implements Expr {}

    /** {@code operand [NOT] BETWEEN low AND high}: both bounds are included. */
    record Between(Expr operand, Expr low, Expr high, boolean negated) implements Expr {}

    /** {@code operand [NOT] IN (e1, e2, ...)}: a list of at least one expression. */
    record InList(Expr operand, List<Expr> list, boolean negated) implements Expr {
        public InList {
            list = List.copyOf(list);
        }
    }

    /** {@code operand [NOT] LIKE pattern}: {@code %} matches any run of characters, {@code _} one. */
    record Like(Expr operand, Expr pattern, boolean negated) implements Expr {}

    /**
     * {@code CASE [operand] WHEN .. THEN .. [ELSE otherwise] END}. With an operand (the simple form)
     * each WHEN holds a value compared to it; without (the searched form) each WHEN holds a
     * condition. {@code otherwise} is null when there is no ELSE (the CASE then gives NULL).
     */
    record Case(Expr operand, List<When> whens, Expr otherwise) implements Expr {
        public Case {
            whens = List.copyOf(whens);
        }
    }

    /** One {@code WHEN condition THEN result} branch of a {@link Case}. Not an expression itself. */
    record When(Expr condition, Expr result) {}

    /** {@code CAST(operand AS type)}. */
    record Cast(Expr operand, DataType type) implements Expr {}

    /**
     * A function call, {@code name(args)}, with its name lower-cased. {@code count(*)} is a call
     * with {@code star} set and no arguments; {@code count(DISTINCT x)} sets {@code distinct}.
     */
    record Call(String name, List<Expr> args, boolean distinct, boolean star) implements Expr {
        public Call {
            Objects.requireNonNull(name, "a call names its function");
            args = List.copyOf(args);
        }
    }

    /**
     * The keyword DEFAULT standing for a whole value of an INSERT's VALUES row: "this column's
     * default". The parser puts it nowhere else.
     */
    record Default() implements Expr {}

    /**
     * A parameter of a prepared statement, numbered from 1: the n-th {@code ?} of the text, or
     * {@code $n}. A statement runs only once each of its parameters has a value
     * ({@link dev.fromzero.sql.Prepared}), which replaces it by a {@link Literal}.
     */
    record Parameter(int index) implements Expr {}

    /**
     * {@code (SELECT ...)} used as a value: the one column of the query's one row, NULL when it has
     * no row. More than one row is an error when it is evaluated, more than one column when it is
     * planned. Part 3, step 14.
     */
    record Subquery(Statement.Select query) implements Expr {}

    /** {@code EXISTS (SELECT ...)}: TRUE when the query has at least one row, else FALSE (never NULL). */
    record Exists(Statement.Select query) implements Expr {}

    /**
     * {@code operand [NOT] IN (SELECT ...)}, the query having one column: the rules of
     * {@link InList}, with the query's values as the list.
     */
    record InSubquery(Expr operand, Statement.Select query, boolean negated) implements Expr {}

    /**
     * A column of an enclosing query's row read inside a subquery ({@code t1.b} in
     * {@code (SELECT count(*) FROM t1 AS x WHERE x.b < t1.b)}). The parser never makes one: the
     * planner marks each such reference, and {@code index} is its place among the values the
     * subquery is given when it runs ({@link PlannedSubquery#outer}).
     */
    record OuterColumn(int index, Column column) implements Expr {}

    /**
     * A {@link Subquery}, {@link Exists} or {@link InSubquery} as the planner leaves it: the query's
     * plan, and {@code outer}, the expressions over the enclosing row whose values the plan reads
     * as its {@link OuterColumn}s (empty: the query is not correlated and runs once).
     */
    record PlannedSubquery(Expr subquery, dev.fromzero.sql.plan.Plan plan, List<Expr> outer) implements Expr {
        public PlannedSubquery {
            outer = List.copyOf(outer);
        }
    }

    /** The prefix operators. */
    enum UnaryOp {
        NOT("NOT"),
        NEGATE("-"),
        PLUS("+");

        private final String symbol;

        UnaryOp(String symbol) {
            this.symbol = symbol;
        }

        /** How SQL writes it. */
        public String symbol() {
            return symbol;
        }
    }

    /** The infix operators, each with its SQL spelling. */
    enum BinaryOp {
        OR("OR"),
        AND("AND"),
        EQUAL("="),
        NOT_EQUAL("<>"),
        LESS("<"),
        LESS_OR_EQUAL("<="),
        GREATER(">"),
        GREATER_OR_EQUAL(">="),
        ADD("+"),
        SUBTRACT("-"),
        CONCAT("||"),
        MULTIPLY("*"),
        DIVIDE("/"),
        MODULO("%");

        private final String symbol;

        BinaryOp(String symbol) {
            this.symbol = symbol;
        }

        /** How SQL writes it ({@code !=} is read as {@link #NOT_EQUAL} too). */
        public String symbol() {
            return symbol;
        }
    }
}
