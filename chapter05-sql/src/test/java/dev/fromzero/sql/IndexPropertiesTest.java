package dev.fromzero.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * The property every index must keep: it changes how rows are found, never which. Random tables
 * are built twice, with random indexes and without any, put through the same random UPDATEs and
 * DELETEs, and queried with the same random WHERE clauses of the shapes an index serves (and some
 * it does not); every answer must be the same.
 */
@Seeded
@Step(chapter = 5, number = 9, title = "Indexes", guide = "docs/chapter05-sql.md#step-9-indexes")
@Hint("Compare the failing query on the two tables: a row missing with the index is a range bound off by one, a NULL "
        + "let through or kept out, or an entry the last UPDATE or DELETE did not fix.")
class IndexPropertiesTest {

    private static final String[] INDEXES = {"(a)", "(b)", "(a, b)", "(c)", "(b, c, a)", "(c, a)"};
    private static final String[] WORDS = {"''", "'a'", "'ab'", "'b'", "'ba'", "'c'"};
    private static final String[] OPERATORS = {"=", "<", "<=", ">", ">=", "<>"};

    /** One random case: the tables' rows, their indexes, the writes and the queries, as SQL. */
    record Case(List<String> rows, List<String> indexes, List<String> writes, List<String> wheres) {}

    @Test
    @Points(5)
    @DisplayName("random tables and WHERE clauses give the same rows with indexes as without, after random UPDATEs and DELETEs")
    void indexAnswersEqualScanAnswers(@Scratch Path dir, Seed seed) {
        check(dir, seed, IndexPropertiesTest::randomCase, "TEXT");
    }

    /**
     * Runs random cases on two tables with the same rows and writes, one with the case's indexes and
     * one without, and checks that every statement answers alike on both. {@code bType} is column b's
     * declared type.
     */
    static void check(Path dir, Seed seed, Gen<Case> cases, String bType) {
        AtomicInteger tables = new AtomicInteger();
        try (Database database = Database.open(dir)) {
            Session session = database.session();
            seed.theory(30).forAll(cases).checkAssert(c -> {
                int n = tables.incrementAndGet();
                String indexed = "ti" + n;
                String plain = "ts" + n;
                for (String table : List.of(indexed, plain)) {
                    session.execute("CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, a INTEGER, b " + bType + ", c FLOAT)");
                }
                for (int i = 0; i < c.indexes().size(); i++) {
                    session.execute("CREATE INDEX " + indexed + "_" + i + " ON " + indexed + " " + c.indexes().get(i));
                }
                if (!c.rows().isEmpty()) {
                    String values = String.join(", ", c.rows());
                    session.execute("INSERT INTO " + indexed + " VALUES " + values);
                    session.execute("INSERT INTO " + plain + " VALUES " + values);
                }
                List<String> statements = new ArrayList<>(c.writes());
                c.wheres().forEach(where -> statements.add("SELECT id, a, b, c FROM %s WHERE " + where + " ORDER BY id"));
                for (int i = 0; i < statements.size(); i++) {
                    String statement = statements.get(i);
                    assertThat(run(session, statement.formatted(indexed)))
                            .as("%s on a table with indexes %s and rows %s must answer as on the same table without "
                                    + "indexes (earlier statements: %s)", statement.formatted(indexed), c.indexes(), c.rows(),
                                    statements.subList(0, i))
                            .isEqualTo(run(session, statement.formatted(plain)));
                }
            });
        }
    }

    /** The statement's result (or its error) as text, with the table's name taken out. */
    static String run(Session session, String sql) {
        try {
            Result result = session.execute(sql);
            if (result instanceof Result.Rows rows) {
                return rows.rows().toString();
            }
            return result.toString();
        } catch (SqlException e) {
            return "error: " + e.getMessage().replaceAll("t[is]\\d+", "t");
        }
    }

    private static Case randomCase(RandomnessSource in) {
        List<String> rows = rows(in);
        List<String> indexes = new ArrayList<>();
        for (String index : INDEXES) {
            if (pick(in, 2) == 0) {
                indexes.add(index);
            }
        }
        List<String> wheres = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            wheres.add(where(in));
        }
        return new Case(rows, indexes, writes(in), wheres);
    }

    /** Up to 24 random rows {@code (id, a, b, c)}. */
    static List<String> rows(RandomnessSource in) {
        List<String> rows = new ArrayList<>();
        for (int id = 0, n = pick(in, 25); id < n; id++) {
            rows.add("(" + id + ", " + integer(in) + ", " + text(in) + ", " + floating(in) + ")");
        }
        return rows;
    }

    /** Up to two random UPDATEs and DELETEs of a table {@code %s (id, a, b, c)}. */
    static List<String> writes(RandomnessSource in) {
        List<String> writes = new ArrayList<>();
        for (int i = 0, n = pick(in, 3); i < n; i++) {
            writes.add(switch (pick(in, 4)) {
                case 0 -> "UPDATE %s SET a = a + 1, b = " + text(in) + " WHERE " + where(in);
                case 1 -> "UPDATE %s SET id = id + 100, c = " + floating(in) + " WHERE " + where(in);
                case 2 -> "UPDATE %s SET b = " + text(in) + " WHERE " + where(in);
                default -> "DELETE FROM %s WHERE " + where(in);
            });
        }
        return writes;
    }

    /** A WHERE of one to three terms, joined by AND (mostly) or OR. */
    static String where(RandomnessSource in) {
        StringBuilder where = new StringBuilder(term(in));
        for (int i = 0, n = pick(in, 3); i < n; i++) {
            where.append(pick(in, 4) == 0 ? " OR " : " AND ").append(term(in));
        }
        return where.toString();
    }

    static String term(RandomnessSource in) {
        int column = pick(in, 4);
        String name = new String[] {"id", "a", "b", "c"}[column];
        return switch (pick(in, 8)) {
            case 0, 1 -> name + " " + OPERATORS[pick(in, OPERATORS.length)] + " " + constant(in, column);
            case 2 -> constant(in, column) + " " + OPERATORS[pick(in, OPERATORS.length)] + " " + name;
            case 3 -> name + (pick(in, 4) == 0 ? " NOT" : "") + " BETWEEN " + constant(in, column) + " AND "
                    + constant(in, column);
            case 4, 5 -> {
                List<String> list = new ArrayList<>();
                for (int i = 0, n = 1 + pick(in, 4); i < n; i++) {
                    list.add(constant(in, column));
                }
                yield name + (pick(in, 4) == 0 ? " NOT" : "") + " IN (" + String.join(", ", list) + ")";
            }
            case 6 -> name + (pick(in, 2) == 0 ? " IS NULL" : " IS NOT NULL");
            default -> name + " = " + constant(in, column);
        };
    }

    /** A constant that compares with column {@code column}: a number for id, a and c, a text for b, or NULL. */
    static String constant(RandomnessSource in, int column) {
        if (pick(in, 10) == 0) {
            return "NULL";
        }
        return switch (column) {
            case 0 -> Integer.toString(pick(in, 30) - 2);
            case 1 -> pick(in, 5) == 0 ? floating(in) : integer(in);
            case 2 -> WORDS[pick(in, WORDS.length)];
            default -> pick(in, 4) == 0 ? integer(in) : floating(in);
        };
    }

    static String integer(RandomnessSource in) {
        return pick(in, 8) == 0 ? "NULL" : Integer.toString(pick(in, 8) - 2);
    }

    static String text(RandomnessSource in) {
        return pick(in, 8) == 0 ? "NULL" : WORDS[pick(in, WORDS.length)];
    }

    static String floating(RandomnessSource in) {
        return pick(in, 8) == 0 ? "NULL" : Double.toString((pick(in, 14) - 4) / 2.0);
    }

    static int pick(RandomnessSource in, int bound) {
        return (int) in.next(Constraint.between(0, bound - 1));
    }
}
