package dev.fromzero.sql.exec;

import dev.fromzero.sql.Result;
import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.parser.Expr;
import dev.fromzero.sql.parser.Statement;
import dev.fromzero.sql.plan.Plan;
import dev.fromzero.sql.plan.Planner;
import dev.fromzero.sql.plan.Scope;
import dev.fromzero.sql.storage.Catalog;
import dev.fromzero.sql.storage.ColumnDef;
import dev.fromzero.sql.storage.Row;
import dev.fromzero.sql.storage.Table;
import dev.fromzero.sql.storage.TableSchema;
import dev.fromzero.sql.storage.WriteSet;
import dev.fromzero.sql.types.Value;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * INSERT, UPDATE and DELETE. Each statement collects its changes in one {@link WriteSet} and
 * commits it once, at the end: the storage layer checks the constraints then and writes every
 * change in one batch, so a statement that fails anywhere (a bad value in its third row, a
 * duplicate key, a crash) writes nothing.
 *
 * <p>UPDATE and DELETE read the table with a scan that does not see their own write set, so every
 * SET expression and WHERE is evaluated against the row as it was before the statement: in
 * {@code UPDATE t SET a = b, b = a} the two columns swap.
 */
public final class Writes {

    private final Catalog catalog;

    public Writes(Catalog catalog) {
        this.catalog = catalog;
    }

    public Result.Count insert(Statement.Insert insert) {
        throw new UnsupportedOperationException("TODO(chapter05): Evaluate each VALUES row into a full row (named columns from the row, the rest and DEFAULT from the column's default), add it to one write set, commit (docs/chapter05-sql.md#step-6-queries)");
    }

    public Result.Count update(Statement.Update update) {
        throw new UnsupportedOperationException("TODO(chapter05): For each row the WHERE keeps, compute every SET value from the row as it was, and update it in one write set; commit (docs/chapter05-sql.md#step-6-queries)");
    }

    public Result.Count delete(Statement.Delete delete) {
        throw new UnsupportedOperationException("TODO(chapter05): Delete every row the WHERE keeps (all rows without a WHERE) in one write set; commit (docs/chapter05-sql.md#step-6-queries)");
    }

    /** The rows of {@code table} for which {@code where} is TRUE; every row if it is null. */
    private static Iterator<Row> matching(Table table, Expr where, Evaluator evaluator) {
        List<Row> matching = new ArrayList<>();
        if (where != null) {
            Planner.check(where, new Plan.Scan(table.schema(), table.name()).scope());
        }
        for (Iterator<Row> rows = table.scan(); rows.hasNext(); ) {
            Row row = rows.next();
            if (where == null || Logic.holds("WHERE", evaluator.evaluate(where, row.values()))) {
                matching.add(row);
            }
        }
        return matching.iterator();
    }

    /** The positions of the named columns; all columns in order when none are named. */
    private static List<Integer> targets(TableSchema schema, List<String> names) {
        List<Integer> targets = new ArrayList<>();
        if (names.isEmpty()) {
            for (int i = 0; i < schema.columns().size(); i++) {
                targets.add(i);
            }
            return targets;
        }
        for (String name : names) {
            int index = schema.indexOf(name);
            if (index < 0) {
                throw new SqlException("no such column: " + name + " (table " + schema.name()
                        + " has none of that name)", "42703");
            }
            if (targets.contains(index)) {
                throw new SqlException("column " + name + " of table " + schema.name() + " is given twice");
            }
            targets.add(index);
        }
        return targets;
    }
}
