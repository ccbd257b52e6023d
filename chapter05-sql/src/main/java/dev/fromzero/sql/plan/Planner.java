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
import java.util.function.UnaryOperator;

/**
 * Turns a SELECT into a {@link Plan}: finds the tables, expands {@code *} and {@code t.*}, checks
 * that every column reference names a column (so that a misspelt column is an error even on an
 * empty table, as in SQLite), and resolves what ORDER BY refers to. The plan is the naive one,
 * in the clauses' order of evaluation (see {@link Plan}); the optimizer improves it.
 *
 * <p><b>Scopes.</b> The FROM clause is planned from the left: each join's ON sees the columns of
 * the tables joined so far and of the joined table, and no later table; WHERE and everything
 * after see every table's columns. A name that two tables have must be qualified ({@code t.id}):
 * {@link Scope} refuses an ambiguous name instead of picking one.
 *
 * <p>ORDER BY follows SQLite: an integer constant {@code k} means the k-th result column; a bare
 * name that is an alias of the SELECT list means that item; anything else is an expression over
 * the table's columns. Since the plan sorts before it projects, each key is rewritten into an
 * expression over the source row. GROUP BY reads a number the same way, and a bare name as a
 * column if there is one, else as an alias (PostgreSQL's rules).
 *
 * <p>Subqueries (step 14): before anything else, {@link SubqueryPlanner} plans the subqueries of
 * every clause, each in a planner of its own that sees this query's columns as an enclosing scope,
 * and marks the columns that this query, itself a subquery, reads from the queries around it.
 *
 * <p>A SELECT without FROM and without WHERE, ORDER BY, LIMIT, OFFSET, DISTINCT or aggregation is
 * planned as one {@link Plan.Values} row, so that expressions can be tried before any table exists.
 */
public final class Planner {

    private final Function<String, TableSchema> tables;
    private final SubqueryPlanner subqueries;

    /** @param tables the schema of a table by name; throws a SqlException for an unknown table */
    public Planner(Function<String, TableSchema> tables) {
        this(tables, UnaryOperator.identity());
    }

    /**
     * A planner whose subqueries' plans are finished by {@code finish} (the optimizer), as the
     * plan of the whole query is by its caller.
     */
    public Planner(Function<String, TableSchema> tables, UnaryOperator<Plan> finish) {
        this(tables, new SubqueryPlanner(tables, finish, List.of()));
    }

    /** A planner for one query, nested in the queries whose scopes {@code subqueries} knows. */
    Planner(Function<String, TableSchema> tables, SubqueryPlanner subqueries) {
        this.tables = tables;
        this.subqueries = subqueries;
    }

    public Plan plan(Statement.Select select) {
        Plan plan = source(select.from());
        select = subqueries.bind(select, plan.scope());
        List<Expr> expressions = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> aliases = new ArrayList<>();
        expand(select.items(), plan.scope(), expressions, names, aliases);
        List<Statement.OrderItem> orderBy = orderBy(select.orderBy(), expressions, aliases);
        boolean aggregated = !select.groupBy().isEmpty() || select.having() != null
                || expressions.stream().anyMatch(Aggregation::contains)
                || orderBy.stream().anyMatch(item -> Aggregation.contains(item.expr()));
        if (select.from() == null && select.where() == null && orderBy.isEmpty() && select.limit() == null
                && select.offset() == null && !select.distinct() && !aggregated) {
            expressions.forEach(e -> check(e, Scope.EMPTY));
            return new Plan.Values(output(expressions, names, Scope.EMPTY), List.of(expressions));
        }
        if (select.where() != null) {
            check(select.where(), plan.scope());
            Aggregation.refuse(select.where(), "WHERE");
            plan = new Plan.Filter(plan, select.where());
        }
        if (aggregated) {
            plan = aggregate(plan, select, expressions, aliases, orderBy);
        }
        if (!orderBy.isEmpty()) {
            plan = sort(plan, orderBy);
        }
        return limitAndProject(plan, select, expressions, names);
    }

    /**
     * The Aggregate node over {@code plan}, and HAVING's Filter over it; {@code expressions} and
     * {@code orderBy} are rewritten in place to read the Aggregate's rows.
     */
    private static Plan aggregate(Plan plan, Statement.Select select, List<Expr> expressions, List<String> aliases,
                                  List<Statement.OrderItem> orderBy) {
        Aggregation aggregation = new Aggregation(plan.scope(), groupBy(select.groupBy(), plan.scope(), expressions,
                aliases));
        expressions.replaceAll(e -> aggregation.rewrite(e, "the SELECT list"));
        Expr having = select.having() == null ? null : aggregation.rewrite(select.having(), "HAVING");
        orderBy.replaceAll(item -> new Statement.OrderItem(aggregation.rewrite(item.expr(), "ORDER BY"),
                item.descending(), item.nullsFirst()));
        Plan aggregated = aggregation.node(plan);
        return having == null ? aggregated : new Plan.Filter(aggregated, having);
    }

    private static Plan sort(Plan plan, List<Statement.OrderItem> orderBy) {
        List<Plan.SortKey> keys = new ArrayList<>();
        for (Statement.OrderItem item : orderBy) {
            check(item.expr(), plan.scope());
            keys.add(new Plan.SortKey(item.expr(), item.descending(), item.nullsFirst()));
        }
        return new Plan.Sort(plan, keys);
    }

    /** Limit, then Project; or, for SELECT DISTINCT, Project, Distinct, then Limit (LIMIT counts distinct rows). */
    private static Plan limitAndProject(Plan plan, Statement.Select select, List<Expr> expressions, List<String> names) {
        boolean limited = select.limit() != null || select.offset() != null;
        if (limited) {
            checkConstant(select.offset(), "OFFSET");
            checkConstant(select.limit(), "LIMIT");
        }
        if (limited && !select.distinct()) {
            plan = new Plan.Limit(plan, select.offset(), select.limit());
        }
        for (Expr e : expressions) {
            check(e, plan.scope());
        }
        plan = new Plan.Project(plan, expressions, output(expressions, names, plan.scope()));
        if (select.distinct()) {
            plan = new Plan.Distinct(plan);
            if (limited) {
                plan = new Plan.Limit(plan, select.offset(), select.limit());
            }
        }
        return plan;
    }

    /** The FROM clause: a scan per table, a nested-loop join per join, each ON checked in its own scope. */
    private Plan source(TableRef from) {
        if (from == null) {
            return new Plan.Values(Scope.EMPTY, List.of(List.of()));
        }
        if (from instanceof TableRef.Join join) {
            Plan left = source(join.left());
            Plan right = source(join.right());
            Expr on = subqueries.bind(join.on(), Scope.concat(left.scope(), right.scope()));
            Plan.NestedLoopJoin planned = new Plan.NestedLoopJoin(left, right, join.type(), on);
            if (on != null) {
                check(on, planned.scope());
                Aggregation.refuse(on, "ON");
            }
            checkQualifiers(left.scope(), right.scope());
            return planned;
        }
        TableRef.Table table = (TableRef.Table) from;
        return new Plan.Scan(tables.apply(table.name()), table.qualifier());
    }

    /** Two tables of one FROM may not go by one name: {@code FROM t, t} needs an alias for one of them. */
    private static void checkQualifiers(Scope left, Scope right) {
        for (Scope.Column column : right.columns()) {
            if (left.hasQualifier(column.qualifier())) {
                throw new SqlException("table name " + column.qualifier() + " is used twice in FROM: give one of them "
                        + "an alias (FROM t, t AS t2)");
            }
        }
    }

    /** The result's columns: each named as the SELECT list says, typed as {@link #typeOf} can tell. */
    private static Scope output(List<Expr> expressions, List<String> names, Scope source) {
        List<Scope.Column> columns = new ArrayList<>();
        for (int i = 0; i < expressions.size(); i++) {
            columns.add(new Scope.Column(null, names.get(i), typeOf(expressions.get(i), source)));
        }
        return new Scope(columns);
    }

    /** The GROUP BY expressions, with column numbers and aliases replaced by the SELECT list's expressions. */
    private static List<Expr> groupBy(List<Expr> groupBy, Scope source, List<Expr> expressions, List<String> aliases) {
        List<Expr> resolved = new ArrayList<>();
        for (Expr expr : groupBy) {
            Expr key = expr;
            if (expr instanceof Expr.Literal literal && literal.value() instanceof Value.Int number) {
                key = item(number, expressions, "GROUP BY");
            } else if (expr instanceof Expr.Column column && column.table() == null && !resolves(column, source)) {
                int alias = aliasIndex(aliases, column.name());
                key = alias >= 0 ? expressions.get(alias) : expr;
            }
            if (Aggregation.contains(key)) {
                throw new SqlException("GROUP BY " + SqlText.of(expr) + " refers to an aggregate function: "
                        + SqlText.of(key));
            }
            resolved.add(key);
        }
        return resolved;
    }

    private static boolean resolves(Expr.Column column, Scope scope) {
        try {
            scope.indexOf(column);
            return true;
        } catch (SqlException e) {
            return false;
        }
    }

    /** The SELECT list with {@code *} and {@code t.*} replaced by the columns they stand for. */
    private static void expand(List<SelectItem> items, Scope source, List<Expr> expressions, List<String> names,
                               List<String> aliases) {
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
                        names.add(column.name());
                        aliases.add(null);
                    }
                }
            } else {
                SelectItem.Expression expression = (SelectItem.Expression) item;
                expressions.add(expression.expr());
                names.add(expression.name());
                aliases.add(expression.alias());
            }
        }
    }

    /** The ORDER BY keys, with column numbers and aliases replaced by the SELECT list's expressions. */
    private static List<Statement.OrderItem> orderBy(List<Statement.OrderItem> orderBy, List<Expr> expressions,
                                                     List<String> aliases) {
        List<Statement.OrderItem> keys = new ArrayList<>();
        for (Statement.OrderItem item : orderBy) {
            Expr key = item.expr();
            if (key instanceof Expr.Literal literal && literal.value() instanceof Value.Int number) {
                key = item(number, expressions, "ORDER BY");
            } else if (key instanceof Expr.Column column && column.table() == null) {
                int alias = aliasIndex(aliases, column.name());
                if (alias >= 0) {
                    key = expressions.get(alias);
                }
            }
            keys.add(new Statement.OrderItem(key, item.descending(), item.nullsFirst()));
        }
        return keys;
    }

    /** The SELECT list's expression that {@code ORDER BY k} or {@code GROUP BY k} names. */
    private static Expr item(Value.Int number, List<Expr> expressions, String clause) {
        if (number.value() < 1 || number.value() > expressions.size()) {
            throw new SqlException(clause + " term " + number.value() + " is out of range: the result has "
                    + expressions.size() + " column(s)");
        }
        return expressions.get((int) number.value() - 1);
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
