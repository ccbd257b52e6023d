//@ chapter 5
package dev.fromzero.sql.plan;

import dev.fromzero.sql.parser.Expr;
import dev.fromzero.sql.parser.Expr.BinaryOp;
import dev.fromzero.sql.storage.IndexDef;
import dev.fromzero.sql.storage.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Index selection: which index, if any, finds the rows of a table's filter (the WHERE and ON
 * conditions the optimizer pushed into the table's scan) faster than a scan of the table.
 *
 * <p>The filter is split at its top-level ANDs, and each part that compares a column of the table
 * with a constant becomes a <em>term</em>: {@code col = c}, {@code col IN (c, ...)}, {@code col < c}
 * (and {@code <=}, {@code >}, {@code >=}, either way round), or {@code col BETWEEN c1 AND c2}.
 * Anything else (OR, NOT, LIKE, {@code <>}, a column against a column) gives no term. An index
 * over columns (a, b, c) can use equality or IN terms on a, then on b, and so on, then one range on
 * the next column: a sorted index finds a run of equal leading values, and in it a range of the
 * next one. The primary key is an index like the others.
 *
 * <p>Of the indexes that can use a term, the planner takes the one that pins the most: a point in a
 * UNIQUE index or the primary key (at most one row) first, then the most leading columns, then a
 * range over none; a tie goes to the primary key, then to the index created first. It never
 * refuses a plan for want of an index: without a term, the table is scanned.
 *
 * <p>The lookup finds a superset of the rows the filter keeps, never fewer, and the whole filter
 * still checks them: so a term may be used loosely (a constant of another type makes that side
 * of the range open), and the answers stay those of a scan.
 */
public final class IndexSelection {

    /** Lookups of more points than this (IN lists of IN lists) are not worth it: scan instead. */
    static final int MAX_POINTS = 1000;

    private enum Kind { EQUAL, IN, LOW, HIGH }

    /** One use a term offers: on {@code column}, of {@code kind}, with its constant(s). */
    private record Term(String column, Kind kind, List<Expr> values, boolean inclusive) {}

    private IndexSelection() {
    }

    /**
     * How to read the rows of {@code table} for which {@code filter} holds: an {@link Plan.IndexScan}
     * if an index (or the primary key) helps, else a {@link Plan.Scan}; either way the whole filter
     * checks the rows read. This is the optimizer's {@link AccessPath} once step 9 is done: until
     * {@link #lookup} is written, its TODO stub makes every table a scan, so that the steps before
     * this one can be done first.
     */
    public static Plan choose(TableSchema table, String qualifier, Expr filter) {
        Optional<IndexLookup> lookup = Optional.empty();
        if (filter != null) {
            try {
                lookup = lookup(table, qualifier, filter);
            } catch (UnsupportedOperationException e) {
                if (!String.valueOf(e.getMessage()).startsWith("TODO(")) {
                    throw e;
                }
            }
        }
        return lookup.<Plan>map(found -> new Plan.IndexScan(table, qualifier, found, filter))
                .orElseGet(() -> new Plan.Scan(table, qualifier, filter));
    }

    /**
     * The best lookup of the rows of {@code table} (whose columns the filter qualifies by
     * {@code qualifier}) for which {@code filter} holds; empty if no index helps.
     */
    public static Optional<IndexLookup> lookup(TableSchema table, String qualifier, Expr filter) {
        //@ todo 5: Turn the filter's top-level AND parts into terms, build each index's (and the key's) lookup from them, and pick the best (docs/chapter05-sql.md#step-9-indexes)
        List<Term> terms = new ArrayList<>();
        for (Expr part : conjuncts(filter)) {
            terms.addAll(terms(part, table, qualifier));
        }
        IndexLookup best = null;
        int bestScore = 0;
        if (table.hasPrimaryKey()) {
            best = path(null, table.primaryKey(), terms);
            bestScore = best == null ? 0 : score(best, true);
        }
        for (IndexDef index : table.indexes()) {
            IndexLookup path = path(index.name(), index.columns(), terms);
            int score = path == null ? 0 : score(path, index.unique());
            if (score > bestScore) {
                best = path;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
        //@ end
    }

    /** How much a path pins: a point of a unique index above all, then leading columns, then a range. */
    private static int score(IndexLookup path, boolean unique) {
        int width = path.points().get(0).size();
        boolean onePoint = unique && width == path.columns().size() && path.points().size() == 1;
        return (onePoint ? 100_000 : 0) + width * 10 + (path.isRange() ? 5 : 0);
    }

    /** The path through an index over {@code columns} that the terms allow; null if they allow none. */
    private static IndexLookup path(String index, List<String> columns, List<Term> terms) {
        List<List<Expr>> points = new ArrayList<>();
        points.add(List.of());
        int width = 0;
        for (; width < columns.size(); width++) {
            List<Expr> values = valuesFor(columns.get(width), terms);
            if (values == null || points.size() * values.size() > MAX_POINTS) {
                break;
            }
            List<List<Expr>> longer = new ArrayList<>();
            for (List<Expr> point : points) {
                for (Expr value : values) {
                    List<Expr> extended = new ArrayList<>(point);
                    extended.add(value);
                    longer.add(extended);
                }
            }
            points = longer;
        }
        Term low = null;
        Term high = null;
        if (width < columns.size()) {
            low = first(columns.get(width), Kind.LOW, terms);
            high = first(columns.get(width), Kind.HIGH, terms);
        }
        if (width == 0 && low == null && high == null) {
            return null;
        }
        return new IndexLookup(index, columns, points, low == null ? null : low.values().get(0),
                low != null && low.inclusive(), high == null ? null : high.values().get(0), high != null && high.inclusive());
    }

    /** The values an equality (preferred) or IN term gives {@code column}; null if none does. */
    private static List<Expr> valuesFor(String column, List<Term> terms) {
        Term equal = first(column, Kind.EQUAL, terms);
        if (equal != null) {
            return equal.values();
        }
        Term in = first(column, Kind.IN, terms);
        return in == null ? null : in.values();
    }

    private static Term first(String column, Kind kind, List<Term> terms) {
        for (Term term : terms) {
            if (term.kind() == kind && term.column().equalsIgnoreCase(column)) {
                return term;
            }
        }
        return null;
    }

    /** The parts of {@code where} joined by its top-level ANDs. */
    static List<Expr> conjuncts(Expr where) {
        List<Expr> parts = new ArrayList<>();
        if (where instanceof Expr.Binary binary && binary.op() == BinaryOp.AND) {
            parts.addAll(conjuncts(binary.left()));
            parts.addAll(conjuncts(binary.right()));
        } else {
            parts.add(where);
        }
        return parts;
    }

    /** The terms one part of the WHERE offers. */
    private static List<Term> terms(Expr part, TableSchema table, String qualifier) {
        if (part instanceof Expr.Binary binary) {
            String column = column(binary.left(), table, qualifier);
            Expr constant = binary.right();
            BinaryOp op = binary.op();
            if (column == null) {
                column = column(binary.right(), table, qualifier);
                constant = binary.left();
                op = flipped(op);
            }
            if (column == null || op == null || !isConstant(constant)) {
                return List.of();
            }
            return switch (op) {
                case EQUAL -> List.of(new Term(column, Kind.EQUAL, List.of(constant), true));
                case LESS -> List.of(new Term(column, Kind.HIGH, List.of(constant), false));
                case LESS_OR_EQUAL -> List.of(new Term(column, Kind.HIGH, List.of(constant), true));
                case GREATER -> List.of(new Term(column, Kind.LOW, List.of(constant), false));
                case GREATER_OR_EQUAL -> List.of(new Term(column, Kind.LOW, List.of(constant), true));
                default -> List.of();
            };
        }
        if (part instanceof Expr.InList in && !in.negated()) {
            String column = column(in.operand(), table, qualifier);
            if (column != null && in.list().stream().allMatch(IndexSelection::isConstant)) {
                return List.of(new Term(column, Kind.IN, in.list(), true));
            }
        }
        if (part instanceof Expr.Between between && !between.negated()) {
            String column = column(between.operand(), table, qualifier);
            if (column != null && isConstant(between.low()) && isConstant(between.high())) {
                return List.of(new Term(column, Kind.LOW, List.of(between.low()), true),
                        new Term(column, Kind.HIGH, List.of(between.high()), true));
            }
        }
        return List.of();
    }

    /** The comparison with its sides swapped ({@code 5 < a} is {@code a > 5}); null if it is no comparison. */
    private static BinaryOp flipped(BinaryOp op) {
        return switch (op) {
            case EQUAL -> BinaryOp.EQUAL;
            case LESS -> BinaryOp.GREATER;
            case LESS_OR_EQUAL -> BinaryOp.GREATER_OR_EQUAL;
            case GREATER -> BinaryOp.LESS;
            case GREATER_OR_EQUAL -> BinaryOp.LESS_OR_EQUAL;
            default -> null;
        };
    }

    /** The name of the table's column {@code expr} refers to; null if it is not a column of this table. */
    private static String column(Expr expr, TableSchema table, String qualifier) {
        if (!(expr instanceof Expr.Column column)
                || column.table() != null && !column.table().equalsIgnoreCase(qualifier)) {
            return null;
        }
        int index = table.indexOf(column.name());
        return index < 0 ? null : table.columns().get(index).name();
    }

    private static boolean isConstant(Expr expr) {
        return Exprs.columns(expr).isEmpty() && !Exprs.hasSubquery(expr);
    }
}
