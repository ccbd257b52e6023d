package dev.fromzero.sql.storage;

import static dev.fromzero.sql.storage.StorageFixtures.column;
import static dev.fromzero.sql.storage.StorageFixtures.insert;
import static dev.fromzero.sql.storage.StorageFixtures.open;
import static dev.fromzero.sql.storage.StorageFixtures.people;
import static dev.fromzero.sql.storage.StorageFixtures.person;
import static dev.fromzero.sql.storage.StorageFixtures.rows;
import static dev.fromzero.sql.storage.StorageFixtures.values;
import static dev.fromzero.testkit.Explained.assertThrown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.kv.KvStore;
import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The catalog and the rows of its tables, through the storage API: persisted, scanned in key order, dropped whole. */
@Seeded
@Step(chapter = 5, number = 5, title = "The catalog and tables", guide = "docs/chapter05-sql.md#step-5-the-catalog-and-tables")
@Hint("Everything the catalog knows must be in the store: a schema under its catalog key, each row under its table's "
        + "prefix and its encoded primary key. Memory is only a copy, rebuilt from the store when a Catalog is made.")
class CatalogTest {

    /** {@code grades(student TEXT, course TEXT, grade INTEGER NOT NULL DEFAULT 1, passed BOOLEAN DEFAULT TRUE, PRIMARY KEY (course, student))}. */
    private static TableSchema grades() {
        return new TableSchema("Grades", List.of(
                column("student", DataType.TEXT),
                column("course", DataType.TEXT),
                column("grade", DataType.INTEGER).notNull().withDefault(Value.of(1L)),
                column("passed", DataType.BOOLEAN).withDefault(Value.of(true))), List.of("course", "student"));
    }

    /** {@code log(msg TEXT DEFAULT 'a\0b', at FLOAT DEFAULT -0.5, flag BOOLEAN UNIQUE)}, keyed by a hidden row id. */
    private static TableSchema log() {
        return TableSchema.withRowId("log", List.of(
                column("msg", DataType.TEXT).withDefault(Value.of("a\0b")),
                column("at", DataType.FLOAT).withDefault(Value.of(-0.5)),
                column("flag", DataType.BOOLEAN).withUnique()));
    }

    @Test
    @Points(2)
    @DisplayName("created tables, with their columns, types, constraints, defaults and keys, survive a reopen")
    @Hint("createTable must put the schema into the store, and a new Catalog must read every schema back from it.")
    void createdTablesSurviveReopen(@Scratch Path dir) {
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            assertThat(catalog.schemas()).as("a new database has no tables").isEmpty();
            catalog.createTable(people());
            catalog.createTable(grades());
            catalog.createTable(log());
            assertThat(catalog.find("GRADES")).as("table names are case-insensitive: GRADES finds Grades").isPresent();
        }
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            assertThat(catalog.schemas())
                    .as("after reopen, the catalog must hold every table created, each exactly as declared")
                    .containsExactlyInAnyOrder(people(), grades(), log());
            assertThat(catalog.table("people").schema().column("score").defaultValue())
                    .as("people.score's DEFAULT 0 on a FLOAT column is kept as the FLOAT 0.0").isEqualTo(Value.of(0.0));
            assertThat(catalog.find("grades").map(t -> t.schema().primaryKey()))
                    .as("a primary key of two columns keeps its order").contains(List.of("course", "student"));
            assertThat(catalog.find("nope")).as("find of a table never created").isEmpty();
            assertThrown(SqlException.class, () -> catalog.table("nope"), "table() of a table never created")
                    .hasMessageContaining("nope");
        }
    }

    @Test
    @Points(1)
    @DisplayName("a table name is taken once, in any case: a second CREATE is refused and changes nothing")
    void aTableNameIsTakenOnce(@Scratch Path dir) {
        TableSchema other = TableSchema.withRowId("PEOPLE", List.of(column("x", DataType.BOOLEAN)));
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            catalog.createTable(people());
            assertThrown(SqlException.class, () -> catalog.createTable(other),
                    "creating PEOPLE when people exists must fail: names are case-insensitive")
                    .hasMessageContaining("PEOPLE");
            assertThat(catalog.table("people").schema()).as("the refused CREATE must not replace the table").isEqualTo(people());
        }
        try (KvStore store = open(dir)) {
            assertThat(new Catalog(store).schemas()).as("after reopen, only the first table is there")
                    .containsExactly(people());
        }
    }

    @Test
    @Points(2)
    @DisplayName("DROP TABLE removes the table and all its rows, for good, and no other table's")
    @Hint("Delete the schema and every key under the table's row prefix in one batch. Check that the prefix of table t "
            + "cannot match the rows of t2 or tt.")
    void dropRemovesTheTableAndItsRows(@Scratch Path dir) {
        List<String> names = List.of("t", "t2", "tt", "s");
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            for (String name : names) {
                catalog.createTable(new TableSchema(name, List.of(column("k", DataType.INTEGER), column("v", DataType.TEXT)),
                        List.of("k")));
                List<List<Value>> rows = new ArrayList<>();
                for (long k = -3; k < 20; k++) {
                    rows.add(List.of(Value.of(k), Value.of(name + k)));
                }
                insert(catalog, name, rows);
            }
            catalog.dropTable("T");
            assertThat(catalog.find("t")).as("a dropped table is gone").isEmpty();
            assertThrown(SqlException.class, () -> catalog.dropTable("t"), "dropping a table that does not exist")
                    .hasMessageContaining("t");
            for (String name : List.of("t2", "tt", "s")) {
                assertThat(values(catalog, name)).as("table %s must keep its 23 rows when t is dropped", name).hasSize(23);
            }
            catalog.createTable(new TableSchema("t", List.of(column("k", DataType.INTEGER), column("v", DataType.TEXT)),
                    List.of("k")));
            assertThat(rows(catalog, "t")).as("a table created again under a dropped name starts empty").isEmpty();
        }
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            assertThat(rows(catalog, "t")).as("after reopen, the dropped table's rows must still be gone").isEmpty();
            for (String name : List.of("t2", "tt", "s")) {
                assertThat(values(catalog, name).get(0)).as("after reopen, table %s's first row", name)
                        .isEqualTo(List.of(Value.of(-3L), Value.of(name + "-3")));
                assertThat(values(catalog, name)).as("after reopen, table %s's rows", name).hasSize(23);
            }
        }
    }

    @Test
    @Points(2)
    @DisplayName("rows scan in primary-key order, for keys of integers, floats, text and two columns, and get finds each")
    @Hint("Scan only the table's prefix: its keys come back in the store's order, which your key encoding made the "
            + "primary key's order.")
    void rowsScanInPrimaryKeyOrder(Seed seed, @Scratch Path dir) {
        Random random = seed.random();
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            catalog.createTable(new TableSchema("ints", List.of(column("v", DataType.TEXT), column("k", DataType.INTEGER)),
                    List.of("k")));
            catalog.createTable(new TableSchema("floats", List.of(column("k", DataType.FLOAT)), List.of("k")));
            catalog.createTable(new TableSchema("texts", List.of(column("k", DataType.TEXT)), List.of("k")));
            catalog.createTable(grades());
            Set<Long> ints = new LinkedHashSet<>(List.of(Long.MIN_VALUE, -1L, 0L, 1L, Long.MAX_VALUE, -256L, 255L));
            while (ints.size() < 150) {
                ints.add(random.nextBoolean() ? random.nextLong() : random.nextInt(2_001) - 1_000L);
            }
            Set<Double> floats = new LinkedHashSet<>(List.of(Double.NEGATIVE_INFINITY, -1.5, -0.25, 0.0, 0.25, 1e10,
                    Double.POSITIVE_INFINITY));
            while (floats.size() < 100) {
                floats.add((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(20) - 10));
            }
            Set<String> texts = new LinkedHashSet<>(List.of("", "\0", "a", "a\0", "a\0b", "ab", "b", "\u00ff", "\uffff",
                    new String(Character.toChars(0x1f600))));
            while (texts.size() < 100) {
                texts.add(randomText(random));
            }
            insertShuffled(catalog, "ints", ints.stream().map(k -> List.<Value>of(Value.of("v" + k), Value.of(k))).toList(), random);
            insertShuffled(catalog, "floats", floats.stream().map(k -> List.<Value>of(Value.of(k))).toList(), random);
            insertShuffled(catalog, "texts", texts.stream().map(k -> List.<Value>of(Value.of(k))).toList(), random);
            List<List<Value>> gradeRows = new ArrayList<>();
            for (String course : List.of("b", "a", "a\0", "ab")) {
                for (String student : List.of("z", "", "y\0", "y")) {
                    gradeRows.add(List.of(Value.of(student), Value.of(course), Value.of(student.length()), Value.NULL));
                }
            }
            insertShuffled(catalog, "grades", gradeRows, random);

            assertThat(rows(catalog, "ints").stream().map(r -> ((Value.Int) r.values().get(1)).value()).toList())
                    .as("an INTEGER primary key scans in numeric order, negatives first")
                    .isEqualTo(ints.stream().sorted().toList());
            assertThat(rows(catalog, "floats").stream().map(r -> ((Value.Float) r.values().get(0)).value()).toList())
                    .as("a FLOAT primary key scans in numeric order").isEqualTo(floats.stream().sorted().toList());
            assertThat(rows(catalog, "texts").stream().map(r -> ((Value.Text) r.values().get(0)).value()).toList())
                    .as("a TEXT primary key scans in code-point order, zero bytes and all")
                    .isEqualTo(texts.stream().sorted(CatalogTest::byCodePoint).toList());
            assertThat(rows(catalog, "grades").stream().map(r -> r.key()).toList())
                    .as("a primary key (course, student) scans by course, then student; Row.key() is (course, student)")
                    .isEqualTo(gradeRows.stream().map(r -> List.of(r.get(1), r.get(0)))
                            .sorted(Comparator.comparing((List<Value> k) -> ((Value.Text) k.get(0)).value(), CatalogTest::byCodePoint)
                                    .thenComparing(k -> ((Value.Text) k.get(1)).value(), CatalogTest::byCodePoint))
                            .toList());

            Table intsTable = catalog.table("ints");
            for (long k : ints) {
                assertThat(intsTable.get(List.of(Value.of(k))).map(Row::values))
                        .as("get(%d) must find the row with that key", k).contains(List.of(Value.of("v" + k), Value.of(k)));
            }
            long absent = 2;
            while (ints.contains(absent)) {
                absent++;
            }
            assertThat(intsTable.get(List.of(Value.of(absent)))).as("get(%d), a key no row has, finds nothing", absent)
                    .isEmpty();
            assertThat(catalog.table("floats").get(List.of(Value.of(0L))).map(Row::values))
                    .as("get(0) on a FLOAT key is coerced to 0.0, and finds the row 0.0").contains(List.of(Value.of(0.0)));
            assertThat(catalog.table("grades").get(List.of(Value.of("a\0"), Value.of("y\0"))).map(r -> r.values().get(2)))
                    .as("get by a key of two columns (course, student)").contains(Value.of(2L));
        }
    }

    @Test
    @Points(2)
    @DisplayName("a table without a primary key keys its rows by a hidden row id: insertion order, duplicates allowed, new ids after reopen")
    @Hint("The next row id is one more than the largest in the table: read the table's last key. Several rows of one "
            + "statement take consecutive ids.")
    void rowIdsKeepInsertionOrder(@Scratch Path dir) {
        List<Value> a = List.of(Value.of("a"), Value.of(1.0), Value.NULL);
        List<Value> b = List.of(Value.of("b"), Value.of(2.0), Value.NULL);
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            catalog.createTable(log());
            insert(catalog, "log", List.of(a, b, a));
            insert(catalog, "log", List.of(b));
            assertThat(values(catalog, "log")).as("rows of a table without a primary key scan in insertion order, "
                    + "identical rows too").containsExactly(a, b, a, b);
            List<Row> rows = rows(catalog, "log");
            assertThat(rows.stream().map(Row::key).distinct().count()).as("each row has its own row id: %s", rows).isEqualTo(4);
            Table log = catalog.table("log");
            WriteSet writes = catalog.writeSet();
            writes.update(log, rows.get(1), List.of(Value.of("B"), Value.of(2.5), Value.of(true)));
            writes.delete(log, rows.get(2));
            writes.commit();
            assertThat(log.get(rows.get(1).key()).map(Row::values)).as("get by the row id of an updated row")
                    .contains(List.of(Value.of("B"), Value.of(2.5), Value.of(true)));
        }
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            insert(catalog, "log", List.of(a));
            assertThat(values(catalog, "log")).as("after reopen, a new row goes after the others, and no row is overwritten")
                    .containsExactly(a, List.of(Value.of("B"), Value.of(2.5), Value.of(true)), b, a);
        }
    }

    @Test
    @Points(1)
    @DisplayName("inserts, updates (of the key too) and deletes over many statements survive a reopen")
    void writesSurviveReopen(Seed seed, @Scratch Path dir) {
        Random random = seed.random();
        TreeMap<Long, List<Value>> model = new TreeMap<>();
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            catalog.createTable(people());
            for (int statement = 0; statement < 30; statement++) {
                Table people = catalog.table("people");
                WriteSet writes = catalog.writeSet();
                TreeMap<Long, List<Value>> next = new TreeMap<>(model);
                for (Row row : rows(catalog, "people")) {
                    long id = ((Value.Int) row.key().get(0)).value();
                    int what = random.nextInt(6);
                    if (what == 0) {
                        writes.delete(people, row);
                        next.remove(id);
                    } else if (what == 1) {
                        long moved = id + 1_000;
                        if (!model.containsKey(moved) && !next.containsKey(moved)) {
                            List<Value> updated = person(moved, "moved " + statement, null, statement);
                            writes.update(people, row, updated);
                            next.remove(id);
                            next.put(moved, updated);
                        }
                    }
                }
                for (int i = 0; i < 3; i++) {
                    long id = random.nextInt(500) - 250;
                    if (!model.containsKey(id) && !next.containsKey(id)) {
                        List<Value> row = person(id, "person " + id, "p" + id + "@example.com", statement);
                        writes.insert(people, row);
                        next.put(id, row);
                    }
                }
                writes.commit();
                model = next;
                assertThat(values(catalog, "people")).as("the rows after statement %d", statement)
                        .isEqualTo(new ArrayList<>(model.values()));
            }
        }
        try (KvStore store = open(dir)) {
            assertThat(values(new Catalog(store), "people")).as("after reopen, every row as the last statement left it")
                    .isEqualTo(new ArrayList<>(model.values()));
        }
    }

    private static void insertShuffled(Catalog catalog, String table, List<List<Value>> rows, Random random) {
        List<List<Value>> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, random);
        for (int from = 0; from < shuffled.size(); from += 25) {
            insert(catalog, table, shuffled.subList(from, Math.min(from + 25, shuffled.size())));
        }
    }

    private static String randomText(Random random) {
        int[] alphabet = {0, 1, 'a', 'b', 0xff, 0xffff, 0x10000};
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(5); i > 0; i--) {
            text.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
        }
        return text.toString();
    }

    private static int byCodePoint(String a, String b) {
        return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }
}
