//@ chapter 5
package dev.fromzero.sql.plan;

import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.parser.Expr;
import dev.fromzero.sql.parser.SelectItem;
import dev.fromzero.sql.parser.Statement;
import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans a compound query (step 15): each member as the {@link Planner} plans a SELECT, a
 * {@link Plan.SetOperation} per operator, leaning left as the tree does, then the compound's own
 * Sort and Limit over the whole:
 *
 * <pre>
 *   Limit → Sort → SetOperation: EXCEPT
 *                    ├─ SetOperation: UNION ── member 1, member 2
 *                    └─ member 3
 * </pre>
 *
 * <p>Every member must have as many result columns as the first. The result's columns are named
 * as the first member names them; a column's type is the members' declared type where they all
 * agree, else known only from the values.
 *
 * <p>ORDER BY sorts the result's rows, so each term must name a result column, as in SQLite: an
 * integer k is the k-th column; a bare name is the result's column of that name; otherwise the
 * members are tried from the first, and a term is the column of the first member that has it,
 * by name (a column's name or alias) or as an expression equal to one the member selects
 * ({@code ORDER BY a + 1} after {@code SELECT a + 1}). A term that matches nothing is an error: a
 * compound's rows have no other columns to sort by. The Sort's keys name the columns; when two
 * columns share a name, the SetOperation names them apart and a Project on top names them back.
 */
public final class CompoundPlanner {

    private final Planner planner;

    public CompoundPlanner(Planner planner) {
        this.planner = planner;
    }

    public Plan plan(Statement.Compound compound) {
        Plan left = compound.left() instanceof Statement.Compound inner
                ? plan(inner)
                : planner.plan((Statement.Select) compound.left());
        Plan right = planner.plan(compound.right());
        List<Statement.Select> members = new ArrayList<>();
        collect(compound, members);
        Scope result = scope(left, right, compound, members.size());
        if (compound.orderBy().isEmpty()) {
            return limit(new Plan.SetOperation(left, right, compound.operator(), result), compound);
        }
        // the sort keys name the result's columns; where two have one name, the set operation's
        // columns get names of their own, and a Project above gives back the result's names
        Scope sortable = distinctNames(result);
        Plan plan = new Plan.SetOperation(left, right, compound.operator(), sortable);
        List<Plan.SortKey> keys = new ArrayList<>();
        for (Statement.OrderItem item : compound.orderBy()) {
            String name = sortable.columns().get(column(item.expr(), members, result)).name();
            keys.add(new Plan.SortKey(new Expr.Column(null, name), item.descending(), item.nullsFirst()));
        }
        plan = limit(new Plan.Sort(plan, keys), compound);
        if (sortable.equals(result)) {
            return plan;
        }
        List<Expr> columns = sortable.columns().stream().map(c -> (Expr) new Expr.Column(null, c.name())).toList();
        return new Plan.Project(plan, columns, result);
    }

    private static Plan limit(Plan plan, Statement.Compound compound) {
        return compound.limit() == null && compound.offset() == null
                ? plan
                : new Plan.Limit(plan, compound.offset(), compound.limit());
    }

    /** {@code scope} with a name shared by several columns made unique by the column's number: {@code a}, {@code a#2}. */
    private static Scope distinctNames(Scope scope) {
        List<Scope.Column> columns = new ArrayList<>();
        for (int i = 0; i < scope.columns().size(); i++) {
            Scope.Column column = scope.columns().get(i);
            String name = column.name();
            boolean shared = scope.columns().stream().filter(c -> c.name().equalsIgnoreCase(name)).count() > 1;
            columns.add(shared ? new Scope.Column(null, name + "#" + (i + 1), column.type()) : column);
        }
        return new Scope(columns);
    }

    /** The columns of the set operation of {@code left} and {@code right}, whose right member is SELECT number {@code count}. */
    private static Scope scope(Plan left, Plan right, Statement.Compound compound, int count) {
        List<Scope.Column> leftColumns = left.scope().columns();
        List<Scope.Column> rightColumns = right.scope().columns();
        if (leftColumns.size() != rightColumns.size()) {
            throw new SqlException("the SELECTs to the left and right of " + compound.operator().sql() + " do not have "
                    + "the same number of result columns: " + leftColumns.size() + " before it, " + rightColumns.size()
                    + " in SELECT " + count + " of the compound query", "42601");
        }
        List<Scope.Column> columns = new ArrayList<>();
        for (int i = 0; i < leftColumns.size(); i++) {
            DataType type = leftColumns.get(i).type();
            columns.add(new Scope.Column(null, leftColumns.get(i).name(), type == rightColumns.get(i).type() ? type : null));
        }
        return new Scope(columns);
    }

    /** The SELECTs of {@code query}, from the first. */
    private static void collect(Statement query, List<Statement.Select> members) {
        if (query instanceof Statement.Compound compound) {
            collect(compound.left(), members);
            members.add(compound.right());
        } else {
            members.add((Statement.Select) query);
        }
    }

    /** The position of the result column that an ORDER BY term names. */
    private static int column(Expr term, List<Statement.Select> members, Scope result) {
        int width = result.columns().size();
        if (term instanceof Expr.Literal literal && literal.value() instanceof Value.Int number) {
            if (number.value() < 1 || number.value() > width) {
                throw new SqlException("ORDER BY term " + number.value() + " is out of range: the result has " + width
                        + " column(s)");
            }
            return (int) number.value() - 1;
        }
        if (term instanceof Expr.Column column && column.table() == null) {
            for (int i = 0; i < width; i++) {
                if (result.columns().get(i).name().equalsIgnoreCase(column.name())) {
                    return i;
                }
            }
        }
        for (Statement.Select member : members) {
            int found = find(term, member.items());
            if (found >= 0 && found < width) {
                return found;
            }
        }
        throw new SqlException("ORDER BY term " + SqlText.of(term) + " does not match any column of the result: a "
                + "compound query is sorted by its result columns, named by number, by name or alias, or by an "
                + "expression a SELECT of it selects", "42P10");
    }

    /**
     * The position among {@code items} of the one {@code term} names, or -1. Expressions and names
     * are compared only while no {@code *} came before the item: past one, positions depend on
     * the tables.
     */
    private static int find(Expr term, List<SelectItem> items) {
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof SelectItem.Expression item)) {
                return -1;
            }
            boolean named = term instanceof Expr.Column column && column.table() == null
                    && column.name().equalsIgnoreCase(item.name());
            if (named || term.equals(item.expr())) {
                return i;
            }
        }
        return -1;
    }
}
