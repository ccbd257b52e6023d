package dev.fromzero.sql.exec;

import dev.fromzero.sql.parser.Expr;
import dev.fromzero.sql.parser.TableRef.JoinType;
import dev.fromzero.sql.types.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A join on equal keys. On the first call it reads every right row (the build side) into a hash
 * table from its key values ({@link ValueKey}: 1 and 1.0 are one key) to the rows that have them;
 * a right row with a NULL key goes into no bucket, since NULL equals nothing. Then each left row
 * (the probe side) looks its key values up and pairs with each row in the bucket, in the order
 * they were read, that also passes the residual condition. Outer joins pad as
 * {@link NestedLoopJoin} does. So the join reads each side once: n + m rows, not n × m pairs.
 */
final class HashJoin implements Operator {

    private final Operator left;
    private final Operator right;
    private final JoinType type;
    private final List<Expr> leftKeys;
    private final List<Expr> rightKeys;
    private final Expr residual;
    private final Evaluator leftEvaluator;
    private final Evaluator rightEvaluator;
    private final Evaluator joinedEvaluator;
    private final int leftWidth;
    private final int rightWidth;

    private List<List<Value>> rightRows;
    private boolean[] rightMatched;
    private Map<List<Value>, List<Integer>> buckets;
    private List<Value> current;
    private List<Integer> candidates;
    private boolean currentMatched;
    private int next;
    private boolean leftDone;

    HashJoin(Operator left, Operator right, JoinType type, List<Expr> leftKeys, List<Expr> rightKeys, Expr residual,
             Evaluator leftEvaluator, Evaluator rightEvaluator, Evaluator joinedEvaluator, int leftWidth, int rightWidth) {
        this.left = left;
        this.right = right;
        this.type = type;
        this.leftKeys = leftKeys;
        this.rightKeys = rightKeys;
        this.residual = residual;
        this.leftEvaluator = leftEvaluator;
        this.rightEvaluator = rightEvaluator;
        this.joinedEvaluator = joinedEvaluator;
        this.leftWidth = leftWidth;
        this.rightWidth = rightWidth;
    }

    @Override
    public List<Value> next() {
        if (buckets == null) {
            build();
        }
        throw new UnsupportedOperationException("TODO(chapter05): Probe: look each left row's keys up (a NULL key finds nothing), pair it with the bucket's rows that pass the residual, and pad as the join type says (docs/chapter05-sql.md#step-7-joins)");
    }

    /** Reads the right side into the buckets. */
    private void build() {
        throw new UnsupportedOperationException("TODO(chapter05): Build: read every right row, and file its index under its key values unless one of them is NULL (docs/chapter05-sql.md#step-7-joins)");
    }

    /** The key values of {@code row} as hash keys; null if one of them is NULL. */
    private static List<Value> keys(List<Expr> keys, Evaluator evaluator, List<Value> row) {
        List<Value> values = new ArrayList<>(keys.size());
        for (Expr key : keys) {
            Value value = evaluator.evaluate(key, row);
            if (value.isNull()) {
                return null;
            }
            values.add(ValueKey.of(value));
        }
        return values;
    }
}
