package dev.fromzero.sql.exec;

import dev.fromzero.sql.parser.Expr;
import dev.fromzero.sql.types.Value;
import java.util.List;

/** WHERE: passes on the rows for which the predicate is TRUE; FALSE and NULL rows are dropped. */
final class Filter implements Operator {

    private final Operator source;
    private final Expr predicate;
    private final Evaluator evaluator;

    Filter(Operator source, Expr predicate, Evaluator evaluator) {
        this.source = source;
        this.predicate = predicate;
        this.evaluator = evaluator;
    }

    @Override
    public List<Value> next() {
        throw new UnsupportedOperationException("TODO(chapter05): Pull rows from the source until one makes the predicate TRUE (not FALSE, not NULL); null at the end (docs/chapter05-sql.md#step-6-queries)");
    }
}
