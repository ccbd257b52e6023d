package dev.fromzero.sql.parser;

import static dev.fromzero.sql.parser.RandomAst.pick;
import static dev.fromzero.sql.parser.SqlWriter.name;
import static dev.fromzero.sql.parser.SqlWriter.write;

import dev.fromzero.sql.parser.Statement.ColumnDef;
import dev.fromzero.sql.parser.Statement.OrderItem;
import dev.fromzero.sql.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.quicktheories.core.RandomnessSource;

/**
 * Random statements together with a text that says them, each spelling chosen at random where SQL
 * offers several (type synonyms, AS or a bare alias, ASC written or not, constraints in any order,
 * keywords in any case), so that the parser must read every spelling to the same tree.
 */
final class RandomStatements {

    /** A statement and one way to write it. */
    record Sample(Statement statement, String sql) {}

    private static final String[] TABLES = {"t", "orders", "Big Table", "u2"};
    private static final String[] COLUMNS = {"a", "b", "price", "x1", "Mixed", "select", "first", "nulls"};

    private RandomStatements() {}

    static Sample statement(RandomnessSource in) {
        return switch (pick(in, 6)) {
            case 0 -> createTable(in);
            case 1 -> dropTable(in);
            case 2 -> insert(in);
            case 3 -> update(in);
            case 4 -> delete(in);
            default -> select(in);
        };
    }

    /** A keyword in a random case. */
    private static String kw(RandomnessSource in, String keyword) {
        return switch (pick(in, 3)) {
            case 0 -> keyword;
            case 1 -> keyword.toLowerCase();
            default -> keyword.charAt(0) + keyword.substring(1).toLowerCase();
        };
    }

    private static String table(RandomnessSource in) {
        return TABLES[pick(in, TABLES.length)];
    }

    /** Distinct column names, at least {@code least}. */
    private static List<String> columns(RandomnessSource in, int least) {
        List<String> names = new ArrayList<>();
        for (String column : COLUMNS) {
            if (pick(in, 3) == 0) {
                names.add(column);
            }
        }
        for (int i = 0; names.size() < least; i++) {
            if (!names.contains(COLUMNS[i])) {
                names.add(COLUMNS[i]);
            }
        }
        return names;
    }

    private static Expr expr(RandomnessSource in) {
        return RandomAst.expression(in, 2);
    }

    private static String list(List<String> names) {
        return String.join(", ", names.stream().map(SqlWriter::name).toList());
    }

    private static Sample createTable(RandomnessSource in) {
        String table = table(in);
        boolean ifNotExists = pick(in, 2) == 0;
        List<String> names = columns(in, 1);
        int keyed = pick(in, names.size() + 2) - 2;
        List<String> tableKey = keyed == -2 ? names.subList(0, 1 + pick(in, names.size())) : List.of();
        List<ColumnDef> defs = new ArrayList<>();
        List<String> written = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            DataType type = DataType.values()[pick(in, DataType.values().length)];
            boolean key = i == keyed;
            boolean notNull = pick(in, 2) == 0;
            boolean unique = pick(in, 3) == 0;
            Expr value = pick(in, 3) == 0 ? expr(in) : null;
            defs.add(new ColumnDef(names.get(i), type, key, notNull, unique, value));
            List<String> constraints = new ArrayList<>();
            if (key) {
                constraints.add(kw(in, "PRIMARY") + " " + kw(in, "KEY"));
            }
            if (notNull) {
                constraints.add(kw(in, "NOT") + " " + kw(in, "NULL"));
            } else if (!key && pick(in, 3) == 0) {
                constraints.add(kw(in, "NULL"));
            }
            if (unique) {
                constraints.add(kw(in, "UNIQUE"));
            }
            if (value != null) {
                constraints.add(pick(in, constraints.size() + 1), kw(in, "DEFAULT") + " " + write(value, 7));
            }
            written.add(name(names.get(i)) + " " + typeName(in, type) + (constraints.isEmpty() ? "" : " " + String.join(" ", constraints)));
        }
        if (!tableKey.isEmpty()) {
            written.add(pick(in, written.size() + 1), kw(in, "PRIMARY") + " " + kw(in, "KEY") + " (" + list(tableKey) + ")");
        }
        String sql = kw(in, "CREATE") + " " + kw(in, "TABLE") + (ifNotExists ? " IF NOT EXISTS " : " ") + name(table)
                + " (" + String.join(", ", written) + ")";
        return new Sample(new Statement.CreateTable(table, ifNotExists, defs, tableKey), sql);
    }

    private static String typeName(RandomnessSource in, DataType type) {
        String[] names = switch (type) {
            case INTEGER -> new String[] {"INTEGER", "int", "BigInt"};
            case FLOAT -> new String[] {"FLOAT", "double", "REAL"};
            case TEXT -> new String[] {"TEXT", "varchar(10)", "STRING", "VARCHAR"};
            case BOOLEAN -> new String[] {"BOOLEAN"};
        };
        return names[pick(in, names.length)];
    }

    private static Sample dropTable(RandomnessSource in) {
        String table = table(in);
        boolean ifExists = pick(in, 2) == 0;
        return new Sample(new Statement.DropTable(table, ifExists),
                kw(in, "DROP") + " " + kw(in, "TABLE") + (ifExists ? " " + kw(in, "IF") + " " + kw(in, "EXISTS") : "") + " " + name(table));
    }

    private static Sample insert(RandomnessSource in) {
        String table = table(in);
        List<String> columns = pick(in, 2) == 0 ? List.of() : columns(in, 1);
        int width = columns.isEmpty() ? 1 + pick(in, 3) : columns.size();
        List<List<Expr>> rows = new ArrayList<>();
        List<String> written = new ArrayList<>();
        for (int r = 0, n = 1 + pick(in, 3); r < n; r++) {
            List<Expr> row = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (int c = 0; c < width; c++) {
                Expr value = pick(in, 4) == 0 ? new Expr.Default() : expr(in);
                row.add(value);
                values.add(value instanceof Expr.Default ? kw(in, "DEFAULT") : write(value, 0));
            }
            rows.add(row);
            written.add("(" + String.join(", ", values) + ")");
        }
        String sql = kw(in, "INSERT") + " " + kw(in, "INTO") + " " + name(table) + (columns.isEmpty() ? "" : " (" + list(columns) + ")")
                + " " + kw(in, "VALUES") + " " + String.join(", ", written);
        return new Sample(new Statement.Insert(table, columns, rows), sql);
    }

    private static Sample update(RandomnessSource in) {
        String table = table(in);
        List<Statement.Assignment> set = new ArrayList<>();
        List<String> written = new ArrayList<>();
        for (String column : columns(in, 1)) {
            Expr value = expr(in);
            set.add(new Statement.Assignment(column, value));
            written.add(name(column) + " = " + write(value, 0));
        }
        Expr where = pick(in, 2) == 0 ? null : expr(in);
        String sql = kw(in, "UPDATE") + " " + name(table) + " " + kw(in, "SET") + " " + String.join(", ", written)
                + (where == null ? "" : " " + kw(in, "WHERE") + " " + write(where, 0));
        return new Sample(new Statement.Update(table, set, where), sql);
    }

    private static Sample delete(RandomnessSource in) {
        String table = table(in);
        Expr where = pick(in, 2) == 0 ? null : expr(in);
        String sql = kw(in, "DELETE") + " " + kw(in, "FROM") + " " + name(table)
                + (where == null ? "" : " " + kw(in, "WHERE") + " " + write(where, 0));
        return new Sample(new Statement.Delete(table, where), sql);
    }

    private static Sample select(RandomnessSource in) {
        boolean distinct = pick(in, 3) == 0;
        StringBuilder sql = new StringBuilder(kw(in, "SELECT"));
        if (distinct) {
            sql.append(' ').append(kw(in, "DISTINCT"));
        } else if (pick(in, 4) == 0) {
            sql.append(' ').append(kw(in, "ALL"));
        }
        List<SelectItem> items = new ArrayList<>();
        List<String> written = new ArrayList<>();
        for (int i = 0, n = 1 + pick(in, 3); i < n; i++) {
            switch (pick(in, 5)) {
                case 0 -> {
                    items.add(new SelectItem.AllColumns(null));
                    written.add("*");
                }
                case 1 -> {
                    String table = table(in);
                    items.add(new SelectItem.AllColumns(table));
                    written.add(name(table) + ".*");
                }
                default -> {
                    Expr e = expr(in);
                    String text = write(e, 0);
                    String alias = pick(in, 2) == 0 ? null : COLUMNS[pick(in, COLUMNS.length)];
                    items.add(new SelectItem.Expression(e, alias, text));
                    written.add(alias == null ? text : text + (pick(in, 2) == 0 ? " " + kw(in, "AS") + " " : " ") + name(alias));
                }
            }
        }
        sql.append(' ').append(String.join(", ", written));
        TableRef.Table from = null;
        if (pick(in, 4) != 0) {
            String table = table(in);
            String alias = pick(in, 2) == 0 ? null : TABLES[pick(in, TABLES.length)];
            from = new TableRef.Table(table, alias);
            sql.append(' ').append(kw(in, "FROM")).append(' ').append(name(table));
            if (alias != null) {
                sql.append(pick(in, 2) == 0 ? " " + kw(in, "AS") + " " : " ").append(name(alias));
            }
        }
        Expr where = clause(in, sql, "WHERE");
        List<Expr> groupBy = new ArrayList<>();
        if (pick(in, 3) == 0) {
            for (int i = 0, n = 1 + pick(in, 2); i < n; i++) {
                groupBy.add(expr(in));
            }
            sql.append(' ').append(kw(in, "GROUP")).append(' ').append(kw(in, "BY")).append(' ')
                    .append(String.join(", ", groupBy.stream().map(e -> write(e, 0)).toList()));
        }
        Expr having = clause(in, sql, "HAVING");
        List<OrderItem> orderBy = new ArrayList<>();
        if (pick(in, 2) == 0) {
            List<String> keys = new ArrayList<>();
            for (int i = 0, n = 1 + pick(in, 3); i < n; i++) {
                Expr e = pick(in, 3) == 0 ? RandomAst.literal(in) : expr(in);
                boolean descending = pick(in, 2) == 0;
                int nulls = pick(in, 3);
                boolean nullsFirst = nulls == 0 ? !descending : nulls == 1;
                orderBy.add(new OrderItem(e, descending, nullsFirst));
                keys.add(write(e, 0) + (descending ? " " + kw(in, "DESC") : pick(in, 2) == 0 ? " " + kw(in, "ASC") : "")
                        + (nulls == 0 ? "" : " " + kw(in, "NULLS") + " " + kw(in, nullsFirst ? "FIRST" : "LAST")));
            }
            sql.append(' ').append(kw(in, "ORDER")).append(' ').append(kw(in, "BY")).append(' ').append(String.join(", ", keys));
        }
        Expr limit = clause(in, sql, "LIMIT");
        Expr offset = clause(in, sql, "OFFSET");
        return new Sample(new Statement.Select(distinct, items, from, where, groupBy, having, orderBy, limit, offset), sql.toString());
    }

    /** An optional clause {@code keyword expression}, written to {@code sql}; null if left out. */
    private static Expr clause(RandomnessSource in, StringBuilder sql, String keyword) {
        if (pick(in, 2) == 0) {
            return null;
        }
        Expr e = expr(in);
        sql.append(' ').append(kw(in, keyword)).append(' ').append(write(e, 0));
        return e;
    }
}
