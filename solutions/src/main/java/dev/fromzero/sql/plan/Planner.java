//@ chapter 5
package dev.fromzero.sql.plan;

import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.parser.Expr;
import dev.fromzero.sql.parser.SelectItem;
import dev.fromzero.sql.parser.Statement;
import dev.fromzero.sql.parser.TableRef;
import dev.fromzero.sql.storage.TableSchema;
import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Turns a SELECT into a {@link Plan}: finds the table, expands {@code *} and {@code t.*}, checks
 * that every column reference names a column (so that a misspelt column is an error even on an
 * empty table, as in SQLite), and resolves what ORDER BY refers to.
 *
 * <p>ORDER BY follows SQLite: an integer constant {@code k} means the k-th result column; a bare
 * name that is an alias of the SELECT list means that item; anything else is an expression over
 * the table's columns. Since the plan sorts before it projects, each key is rewritten into an
 * expression over the source row.
 *
 * <p>A SELECT without FROM and without WHERE, ORDER BY, LIMIT or OFFSET is planned as one
 * {@link Plan.Values} row, so that expressions can be tried before any table exists.
 */
public final class Planner {

    private final Function<String, TableSchema> tables;

    /** @param tables the schema of a table by name; throws a SqlException for an unknown table */
    public Planner(Function<String, TableSchema> tables) {
        this.tables = tables;
    }

    public Plan plan(Statement.Select select) {
        if (select.distinct() || !select.groupBy().isEmpty() || select.having() != null) {
            throw new SqlException("DISTINCT, GROUP BY and HAVING are not supported yet");
        }
        Plan source = source(select.from());
        List<Expr> expressions = new ArrayList<>();
        List<Scope.Column> columns = new ArrayList<>();
        List<String> aliases = new ArrayList<>();
        expand(select.items(), source.scope(), expressions, columns, aliases);
        Scope output = new Scope(columns);
        if (select.from() == null && select.where() == null && select.orderBy().isEmpty()
                && select.limit() == null && select.offset() == null) {
            expressions.forEach(e -> check(e, Scope.EMPTY));
            return new Plan.Values(output, List.of(expressions));
        }
        Plan plan = source;
        if (select.where() != null) {
            check(select.where(), plan.scope());
            if (source instanceof Plan.Scan scan) {
                plan = AccessPaths.choose(scan.table(), scan.qualifier(), select.where())
                        .<Plan>map(path -> new Plan.IndexScan(scan.table(), scan.qualifier(), path)).orElse(scan);
            }
            plan = new Plan.Filter(plan, select.where());
        }
        if (!select.orderBy().isEmpty()) {
            plan = new Plan.Sort(plan, sortKeys(select.orderBy(), expressions, aliases, plan.scope()));
        }
        if (select.limit() != null || select.offset() != null) {
            checkConstant(select.offset(), "OFFSET");
            checkConstant(select.limit(), "LIMIT");
            plan = new Plan.Limit(plan, select.offset(), select.limit());
        }
        for (Expr e : expressions) {
            check(e, plan.scope());
        }
        return new Plan.Project(plan, expressions, output);
    }

    private Plan source(TableRef from) {
        if (from == null) {
            return new Plan.Values(Scope.EMPTY, List.of(List.of()));
        }
        TableRef.Table table = (TableRef.Table) from;
        return new Plan.Scan(tables.apply(table.name()), table.qualifier());
    }

    /** The SELECT list with {@code *} and {@code t.*} replaced by the columns they stand for. */
    private static void expand(List<SelectItem> items, Scope source, List<Expr> expressions,
                               List<Scope.Column> columns, List<String> aliases) {
        for (SelectItem item : items) {
            if (item instanceof SelectItem.AllColumns all) {
                if (all.table() != null && !source.hasQualifier(all.table())) {
                    throw new SqlException("no such table: " + all.table() + " (in " + all.table() + ".*)", "42P01");
                }
                if (source.columns().isEmpty()) {
                    throw new SqlException("SELECT * needs a FROM clause with a table");
                }
                for (Scope.Column column : source.columns()) {
                    if (all.table() == null || all.table().equalsIgnoreCase(column.qualifier())) {
                        expressions.add(new Expr.Column(column.qualifier(), column.name()));
                        columns.add(new Scope.Column(null, column.name(), column.type()));
                        aliases.add(null);
                    }
                }
            } else {
                SelectItem.Expression expression = (SelectItem.Expression) item;
                expressions.add(expression.expr());
                columns.add(new Scope.Column(null, expression.name(), typeOf(expression.expr(), source)));
                aliases.add(expression.alias());
            }
        }
    }

    private static List<Plan.SortKey> sortKeys(List<Statement.OrderItem> orderBy, List<Expr> expressions,
                                               List<String> aliases, Scope source) {
        List<Plan.SortKey> keys = new ArrayList<>();
        for (Statement.OrderItem item : orderBy) {
            Expr key = item.expr();
            if (key instanceof Expr.Literal literal && literal.value() instanceof Value.Int number) {
                if (number.value() < 1 || number.value() > expressions.size()) {
                    throw new SqlException("ORDER BY term " + number.value() + " is out of range: the result has "
                            + expressions.size() + " column(s)");
                }
                key = expressions.get((int) number.value() - 1);
            } else if (key instanceof Expr.Column column && column.table() == null) {
                int alias = aliasIndex(aliases, column.name());
                if (alias >= 0) {
                    key = expressions.get(alias);
                }
            }
            check(key, source);
            keys.add(new Plan.SortKey(key, item.descending(), item.nullsFirst()));
        }
        return keys;
    }

    private static int aliasIndex(List<String> aliases, String name) {
        for (int i = 0; i < aliases.size(); i++) {
            if (aliases.get(i) != null && aliases.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Throws if {@code expr} refers to a column {@code scope} does not have. */
    public static void check(Expr expr, Scope scope) {
        for (Expr.Column column : Exprs.columns(expr)) {
            scope.indexOf(column);
        }
    }

    private static void checkConstant(Expr expr, String clause) {
        if (expr != null && !Exprs.columns(expr).isEmpty()) {
            throw new SqlException(clause + " must be a constant, not an expression over columns");
        }
    }

    /** A column's declared type for a plain column reference; null (known only from the values) otherwise. */
    private static DataType typeOf(Expr expr, Scope source) {
        if (expr instanceof Expr.Column column) {
            return source.columns().get(source.indexOf(column)).type();
        }
        return null;
    }
}
