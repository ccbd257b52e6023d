package dev.fromzero.sql.exec;

import dev.fromzero.sql.parser.Expr;
import dev.fromzero.sql.types.Value;
import java.util.ArrayList;
import java.util.List;

/** The SELECT list: one output row per source row, each value an expression over the source row. */
final class Project implements Operator {

    private final Operator source;
    private final List<Expr> expressions;
    private final Evaluator evaluator;

    Project(Operator source, List<Expr> expressions, Evaluator evaluator) {
        this.source = source;
        this.expressions = expressions;
        this.evaluator = evaluator;
    }

    @Override
    public List<Value> next() {
        throw new UnsupportedOperationException("TODO(chapter05): Evaluate every expression of the SELECT list over the next source row; null at the end (docs/chapter05-sql.md#step-6-queries)");
    }
}
