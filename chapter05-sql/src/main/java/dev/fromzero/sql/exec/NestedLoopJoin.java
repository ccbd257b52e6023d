package dev.fromzero.sql.exec;

import dev.fromzero.sql.parser.Expr;
import dev.fromzero.sql.parser.TableRef.JoinType;
import dev.fromzero.sql.types.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A join by nested loops: for each left row, every right row, in order; a pair whose joined row
 * makes the condition TRUE is a match (no condition: every pair). The right rows are read once,
 * on the first call, and kept in memory, since the inner loop goes over them once per left row.
 *
 * <p>Outer joins: LEFT and FULL emit a left row that matched nothing right after its loop, padded
 * with NULLs for the right's columns; RIGHT and FULL, once the left rows are done, emit each right
 * row that matched nothing, padded with NULLs for the left's columns.
 */
final class NestedLoopJoin implements Operator {

    private final Operator left;
    private final Operator right;
    private final JoinType type;
    private final Expr condition;
    private final Evaluator evaluator;
    private final int leftWidth;
    private final int rightWidth;

    private List<List<Value>> rightRows;
    private boolean[] rightMatched;
    private List<Value> current;
    private boolean currentMatched;
    private int next;
    private boolean leftDone;

    /** @param evaluator an evaluator for joined rows: the left's columns, then the right's */
    NestedLoopJoin(Operator left, Operator right, JoinType type, Expr condition, Evaluator evaluator, int leftWidth,
                   int rightWidth) {
        this.left = left;
        this.right = right;
        this.type = type;
        this.condition = condition;
        this.evaluator = evaluator;
        this.leftWidth = leftWidth;
        this.rightWidth = rightWidth;
    }

    @Override
    public List<Value> next() {
        throw new UnsupportedOperationException("TODO(chapter05): Pair each left row with every right row (read once), keep the pairs where the condition is TRUE, and pad the unmatched rows that the join type keeps (docs/chapter05-sql.md#step-7-joins)");
    }

    static List<Value> concat(List<Value> left, List<Value> right) {
        List<Value> joined = new ArrayList<>(left.size() + right.size());
        joined.addAll(left);
        joined.addAll(right);
        return joined;
    }

    static List<Value> nulls(int width) {
        return Collections.nCopies(width, Value.NULL);
    }
}
