//@ chapter 5
package dev.fromzero.sql.exec;

import dev.fromzero.sql.Result;
import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.parser.Expr;
import dev.fromzero.sql.plan.Plan;
import dev.fromzero.sql.plan.Scope;
import dev.fromzero.sql.storage.Catalog;
import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs a {@link Plan}: builds one {@link Operator} per plan node, each pulling from the operator
 * of its source, and drains the top one into a {@link Result.Rows}.
 *
 * <p>A result column's type is the declared type of the table column it shows; for any other
 * expression it is the type its non-NULL values share, or unknown ({@code null}) when they are of
 * several types or all NULL.
 *
 * <p>Every evaluator it makes runs subqueries (step 14) through one {@link Subqueries} per
 * statement, which opens a subquery's plan in an executor of its own whose outer columns read the
 * enclosing row's values.
 */
public final class Executor {

    private final Supplier<Catalog> catalog;
    private final Subqueries subqueries;
    private final List<Value> outer;

    /** An executor of one statement, which reads the catalog only if the plan reads a table. */
    public Executor(Supplier<Catalog> catalog) {
        this.catalog = catalog;
        this.subqueries = new Subqueries(catalog);
        this.outer = List.of();
    }

    /** An executor of a subquery's plan, whose outer columns read {@code outer}. */
    Executor(Supplier<Catalog> catalog, Subqueries subqueries, List<Value> outer) {
        this.catalog = catalog;
        this.subqueries = subqueries;
        this.outer = outer;
    }

    /** Every row of {@code plan}'s result, with its columns. */
    public Result.Rows query(Plan plan) {
        Operator top = open(plan);
        List<List<Value>> rows = new ArrayList<>();
        for (List<Value> row = top.next(); row != null; row = top.next()) {
            rows.add(row);
        }
        List<Result.Column> columns = new ArrayList<>();
        List<Scope.Column> scope = plan.scope().columns();
        for (int i = 0; i < scope.size(); i++) {
            DataType type = scope.get(i).type() != null ? scope.get(i).type() : sharedType(rows, i);
            columns.add(new Result.Column(scope.get(i).name(), type));
        }
        return new Result.Rows(columns, rows);
    }

    /** The operator that produces {@code plan}'s rows. */
    public Operator open(Plan plan) {
        if (plan instanceof Plan.Scan scan) {
            Operator rows = new Scan(catalog.get().table(scan.table().name()));
            return scan.filter() == null ? rows : new Filter(rows, scan.filter(), evaluator(scan.scope()));
        }
        if (plan instanceof Plan.IndexScan scan) {
            Operator rows = new IndexScan(catalog.get().table(scan.table().name()), scan.lookup());
            return scan.filter() == null ? rows : new Filter(rows, scan.filter(), evaluator(scan.scope()));
        }
        if (plan instanceof Plan.Values values) {
            return values(values.rows());
        }
        if (plan instanceof Plan.Filter filter) {
            return new Filter(open(filter.source()), filter.predicate(), evaluator(filter.source().scope()));
        }
        if (plan instanceof Plan.Sort sort) {
            return new Sort(open(sort.source()), sort.keys(), evaluator(sort.source().scope()));
        }
        if (plan instanceof Plan.Limit limit) {
            return new Limit(open(limit.source()), count(limit.offset(), "OFFSET", 0), count(limit.limit(), "LIMIT",
                    Long.MAX_VALUE));
        }
        if (plan instanceof Plan.NestedLoopJoin join) {
            return new NestedLoopJoin(open(join.left()), open(join.right()), join.type(), join.condition(),
                    evaluator(join.scope()), width(join.left()), width(join.right()));
        }
        if (plan instanceof Plan.HashJoin join) {
            return new HashJoin(open(join.left()), open(join.right()), join.type(), join.leftKeys(), join.rightKeys(),
                    join.residual(), evaluator(join.left().scope()), evaluator(join.right().scope()),
                    evaluator(join.scope()), width(join.left()), width(join.right()));
        }
        if (plan instanceof Plan.Aggregate aggregate) {
            return new Aggregate(open(aggregate.source()), aggregate.groupBy(), aggregate.aggregates(),
                    evaluator(aggregate.source().scope()));
        }
        if (plan instanceof Plan.Distinct distinct) {
            return new Distinct(open(distinct.source()));
        }
        if (plan instanceof Plan.SetOperation set) {
            return new SetOperation(open(set.left()), open(set.right()), set.operator());
        }
        Plan.Project project = (Plan.Project) plan;
        return new Project(open(project.source()), project.expressions(), evaluator(project.source().scope()));
    }

    /** An evaluator of this executor's rows of {@code scope}, which runs subqueries and reads outer columns. */
    private Evaluator evaluator(Scope scope) {
        return new Evaluator(scope, subqueries, outer);
    }

    private static int width(Plan plan) {
        return plan.scope().columns().size();
    }

    /** Constant rows, each evaluated when it is pulled. */
    private Operator values(List<List<Expr>> rows) {
        Iterator<List<Expr>> next = rows.iterator();
        Evaluator constants = evaluator(Scope.EMPTY);
        return () -> {
            if (!next.hasNext()) {
                return null;
            }
            List<Value> row = new ArrayList<>();
            for (Expr expr : next.next()) {
                row.add(constants.evaluate(expr, List.of()));
            }
            return row;
        };
    }

    /** A LIMIT or OFFSET: a constant INTEGER of at least 0. */
    private static long count(Expr expr, String clause, long absent) {
        if (expr == null) {
            return absent;
        }
        Value value = Evaluator.constants().evaluate(expr, List.of());
        if (!(value instanceof Value.Int count) || count.value() < 0) {
            throw new SqlException(clause + " must be an INTEGER of at least 0, not " + Arithmetic.describe(value));
        }
        return count.value();
    }

    private static DataType sharedType(List<List<Value>> rows, int column) {
        DataType shared = null;
        for (List<Value> row : rows) {
            DataType type = row.get(column).type();
            if (type != null && shared != null && type != shared) {
                return null;
            }
            shared = type != null ? type : shared;
        }
        return shared;
    }
}
