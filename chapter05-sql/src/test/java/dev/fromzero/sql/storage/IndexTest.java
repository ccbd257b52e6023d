package dev.fromzero.sql.storage;

import static dev.fromzero.sql.storage.StorageFixtures.column;
import static dev.fromzero.sql.storage.StorageFixtures.insert;
import static dev.fromzero.sql.storage.StorageFixtures.open;
import static dev.fromzero.sql.storage.StorageFixtures.people;
import static dev.fromzero.sql.storage.StorageFixtures.person;
import static dev.fromzero.sql.storage.StorageFixtures.rows;
import static dev.fromzero.testkit.Explained.assertThrown;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fromzero.kv.KeyValue;
import dev.fromzero.kv.KvStore;
import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.storage.ConstraintViolation.Kind;
import dev.fromzero.sql.storage.KeyRange.Bound;
import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import dev.fromzero.testkit.ChildJvm;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Slow;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Indexes in the storage layer: definitions kept by the catalog, entries kept right by every
 * statement in the statement's own batch, and {@link Table#range} lookups that find exactly the
 * rows in their range. The key layout ({@code 03}, table, index, values, key) is the guide's
 * contract, so a test may count a table's index entries in the store.
 */
@Seeded
@Step(chapter = 5, number = 9, title = "Indexes", guide = "docs/chapter05-sql.md#step-9-indexes")
@Hint("An index entry is written or deleted in the same batch as its row: an insert adds one per index, a delete "
        + "removes the stored row's, an update does both. Read the stored row to know which entries to delete.")
class IndexTest {

    private static final IndexDef BY_SCORE = new IndexDef("by_score", List.of("score"), false);
    private static final IndexDef BY_NAME_SCORE = new IndexDef("By_Name_Score", List.of("name", "score"), true);

    @Test
    @Points(2)
    @DisplayName("index definitions survive a reopen, and the reopened catalog keeps their entries right")
    void indexesSurviveReopen(@Scratch Path dir) {
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            catalog.createTable(people());
            catalog.createTable(TableSchema.withRowId("log", List.of(column("msg", DataType.TEXT), column("n", DataType.INTEGER))));
            insert(catalog, "people", List.of(person(1, "ann", "a@x", 2), person(2, "bob", null, 3)));
            insert(catalog, "log", List.of(List.of(Value.of("hi"), Value.of(7L)), List.of(Value.of("ho"), Value.of(7L))));
            catalog.createIndex("people", BY_SCORE);
            catalog.createIndex("PEOPLE", BY_NAME_SCORE);
            catalog.createIndex("log", new IndexDef("log_n", List.of("n"), false));
        }
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            assertThat(catalog.table("people").schema().indexes())
                    .as("after reopen, table people has the two indexes created on it, in creation order")
                    .containsExactly(BY_SCORE, BY_NAME_SCORE);
            assertThat(catalog.indexOwner("by_name_score")).as("index names are found in any case after reopen")
                    .contains("people");
            assertThat(keys(catalog.table("log").range("log_n", KeyRange.point(List.of(Value.of(7L))))))
                    .as("after reopen, index log_n of a table with hidden row ids leads to both rows with n = 7")
                    .containsExactly(List.of(Value.of(1L)), List.of(Value.of(2L)));
            Table people = catalog.table("people");
            insert(catalog, "people", List.of(person(3, "cy", "c@x", 2)));
            WriteSet writes = catalog.writeSet();
            writes.update(people, people.get(List.of(Value.of(1L))).orElseThrow(), person(1, "ann", "a@x", 9));
            writes.delete(people, people.get(List.of(Value.of(2L))).orElseThrow());
            writes.commit();
            assertThat(keys(people.range("by_score", KeyRange.point(List.of(Value.of(2.0))))))
                    .as("after reopen, an insert and an update keep by_score right: only cy has score 2.0 now")
                    .containsExactly(List.of(Value.of(3L)));
            assertThat(keys(people.range("by_score", new KeyRange(List.of(), new Bound(Value.of(0.0), true), null))))
                    .as("by_score in score order: cy (2.0), then ann (9.0); bob was deleted")
                    .containsExactly(List.of(Value.of(3L)), List.of(Value.of(1L)));
            assertThat(countEntries(store, "people")).as("two rows, two indexes: four entries, none stale").isEqualTo(4);
            Throwable violation = catchThrowable(() -> insert(catalog, "people", List.of(person(4, "cy", "d@x", 2))));
            assertThat(violation).as("after reopen, the UNIQUE index by_name_score still refuses ('cy', 2.0) twice")
                    .isInstanceOf(ConstraintViolation.class);
            assertThat(violation.getMessage()).as("the error names the index, the table and the values")
                    .contains("By_Name_Score", "people", "'cy'", "2.0");
        }
    }

    @Test
    @Points(2)
    @DisplayName("CREATE INDEX refuses an unknown table or column, a name in use, and a UNIQUE index over duplicates, writing nothing")
    @Hint("Check everything, build every entry into the batch that also holds the new schema, and write it last; "
            + "remember the new schema only after the store took it.")
    void badIndexesAreRefusedAndWriteNothing(@Scratch Path dir) {
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            catalog.createTable(people());
            catalog.createTable(new TableSchema("other", List.of(column("k", DataType.INTEGER)), List.of("k")));
            insert(catalog, "people", List.of(person(1, "ann", "a@x", 1), person(2, "bob", "b@x", 1),
                    person(3, "cy", null, 2), person(4, "di", null, 2)));
            catalog.createIndex("other", new IndexDef("taken", List.of("k"), false));
            TableSchema before = catalog.table("people").schema();
            assertThrown(SqlException.class, () -> catalog.createIndex("nobody", BY_SCORE),
                    "an index on a table that does not exist").hasMessageContaining("nobody");
            assertThrown(SqlException.class,
                    () -> catalog.createIndex("people", new IndexDef("by_height", List.of("height"), false)),
                    "an index on a column the table does not have").hasMessageContaining("height");
            assertThrown(SqlException.class,
                    () -> catalog.createIndex("people", new IndexDef("TAKEN", List.of("name"), false)),
                    "an index named like another table's index, in another case").hasMessageContaining("TAKEN");
            Throwable unique = catchThrowable(
                    () -> catalog.createIndex("people", new IndexDef("by_score_u", List.of("score"), true)));
            assertThat(unique).as("a UNIQUE index over a column holding 1.0 twice must be refused as a UNIQUE violation")
                    .isInstanceOf(ConstraintViolation.class);
            assertThat(((ConstraintViolation) unique).kind()).as("the violation's kind").isEqualTo(Kind.UNIQUE);
            assertThat(unique.getMessage()).as("the message names the index, the table and the duplicated value")
                    .contains("by_score_u", "people", "1.0");
            assertThat(catalog.table("people").schema()).as("refused indexes must leave the table's schema as it was")
                    .isEqualTo(before);
            assertThat(countEntries(store, "people")).as("a refused UNIQUE index must not leave the entries it built")
                    .isZero();

            FailingStore failing = new FailingStore(store, 1);
            Catalog failingCatalog = new Catalog(failing);
            assertThat(catchThrowable(() -> failingCatalog.createIndex("people", BY_SCORE)))
                    .as("a CREATE INDEX the store fails to write fails").isNotNull();
            assertThat(failingCatalog.table("people").schema().indexes())
                    .as("an index the store did not take must not be in the catalog's memory").isEmpty();
            catalog.createIndex("people", new IndexDef("by_email_u", List.of("email"), true));
            assertThat(countEntries(store, "people")).as("a UNIQUE index over one 'a@x', one 'b@x' and two NULLs "
                    + "is built, one entry per row: NULLs do not clash").isEqualTo(4);
        }
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            assertThat(catalog.table("people").schema().indexes()).as("after reopen, only the index that was created")
                    .extracting(IndexDef::name).containsExactly("by_email_u");
        }
    }

    @Test
    @Points(3)
    @DisplayName("range lookups in an index and in the primary key find exactly the rows between their bounds, in index order")
    @Hint("An exclusive bound must skip every entry that starts with its value (and the key after it); an inclusive one "
            + "must take them all. A NULL never equals anything and is in no bounded range.")
    void rangesHonourTheirBounds(@Scratch Path dir, Seed seed) {
        Random random = seed.random();
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            catalog.createTable(new TableSchema("t", List.of(column("id", DataType.INTEGER), column("a", DataType.INTEGER),
                    column("b", DataType.TEXT)), List.of("id")));
            catalog.createIndex("t", new IndexDef("t_ab", List.of("a", "b"), false));
            List<List<Value>> rows = new ArrayList<>();
            for (long id = 0; id < 80; id++) {
                rows.add(List.of(Value.of(id * 3 - 60), randomA(random), randomB(random)));
            }
            insert(catalog, "t", rows);
            Table table = catalog.table("t");
            for (int i = 0; i < 400; i++) {
                boolean primary = random.nextInt(4) == 0;
                List<Value> prefix = new ArrayList<>();
                if (!primary && random.nextBoolean()) {
                    prefix.add(random.nextInt(10) == 0 ? Value.NULL : Value.of((long) random.nextInt(6)));
                }
                int next = prefix.size();
                Bound low = random.nextInt(3) == 0 ? null : new Bound(boundValue(random, primary, next), random.nextBoolean());
                Bound high = random.nextInt(3) == 0 ? null : new Bound(boundValue(random, primary, next), random.nextBoolean());
                KeyRange range = new KeyRange(prefix, low, high);
                List<Integer> columns = primary ? List.of(0) : List.of(1, 2);
                List<List<Value>> expected = rows.stream()
                        .filter(row -> inRange(row, columns, range))
                        .sorted(Comparator.comparing((List<Value> row) -> indexKey(row, columns), KeyCodec.LIST_ORDER))
                        .toList();
                List<List<Value>> found = new ArrayList<>();
                table.range(primary ? null : "t_ab", range).forEachRemaining(row -> found.add(row.values()));
                assertThat(found)
                        .as("%s of %s: the rows whose %s, each once, in index order (then primary-key order)", range,
                                primary ? "the primary key (id)" : "index t_ab (a, b)",
                                primary ? "id is in the range" : "values start with the prefix and have the next value in range")
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    @Points(3)
    @DisplayName("random inserts, updates (of indexed columns and of the key) and deletes leave each index exactly its table's rows")
    @Hint("A stale entry (left behind by an update or a delete) leads a lookup to a row that no longer has its values, "
            + "or to another row that took the key later.")
    void entriesFollowEveryWrite(@Scratch Path dir, Seed seed) {
        Random random = seed.random();
        Map<Long, List<Value>> model = new TreeMap<>();
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            catalog.createTable(new TableSchema("w", List.of(column("id", DataType.INTEGER), column("v", DataType.INTEGER),
                    column("u", DataType.TEXT)), List.of("id")));
            catalog.createIndex("w", new IndexDef("w_v", List.of("v"), false));
            catalog.createIndex("w", new IndexDef("w_u", List.of("u"), true));
            for (int statement = 0; statement < 60; statement++) {
                Table table = catalog.table("w");
                Map<Long, List<Value>> next = new TreeMap<>(model);
                WriteSet writes = catalog.writeSet();
                for (int change = 0; change < 1 + random.nextInt(4); change++) {
                    long id = random.nextInt(30);
                    List<Value> values = List.of(Value.of(id), randomA(random),
                            random.nextInt(4) == 0 ? Value.NULL : Value.of("u" + random.nextInt(40)));
                    Row stored = next.containsKey(id) && model.containsKey(id)
                            ? table.get(List.of(Value.of(id))).orElseThrow() : null;
                    int what = random.nextInt(3);
                    if (stored == null || !model.get(id).equals(next.get(id))) {
                        if (!next.containsKey(id)) {
                            writes.insert(table, values);
                            next.put(id, values);
                        }
                    } else if (what == 0) {
                        writes.delete(table, stored);
                        next.remove(id);
                    } else {
                        long newId = what == 1 ? id : 100 + random.nextInt(30);
                        List<Value> updated = List.of(Value.of(newId), values.get(1), values.get(2));
                        if (newId != id && next.containsKey(newId)) {
                            continue;
                        }
                        writes.update(table, stored, updated);
                        next.remove(id);
                        next.put(newId, updated);
                    }
                }
                boolean clash = uniqueClash(next.values());
                Throwable thrown = catchThrowable(writes::commit);
                assertThat(thrown == null)
                        .as("statement %d must %s (the rows it leaves: %s): %s", statement,
                                clash ? "be refused, as it leaves two rows with one u" : "succeed", next.values(), thrown)
                        .isEqualTo(!clash);
                if (!clash) {
                    model = next;
                }
                checkIndexes(catalog, store, model, "after statement " + statement);
            }
        }
        try (KvStore store = open(dir)) {
            checkIndexes(new Catalog(store), store, model, "after reopen");
        }
    }

    @Test
    @Points(2)
    @DisplayName("a statement that fails, in a check or in the store at any write call, leaves no index entry of it behind")
    @Hint("One batch holds the rows and their entries: a store that fails must leave both as they were.")
    void aFailedStatementLeavesNoIndexEntries(@Scratch Path dir) {
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            catalog.createTable(people());
            catalog.createIndex("people", BY_SCORE);
            catalog.createIndex("people", BY_NAME_SCORE);
            insert(catalog, "people", List.of(person(1, "ann", "a@x", 1), person(2, "bob", "b@x", 2)));
        }
        Map<String, String> before;
        try (KvStore store = open(dir)) {
            before = everything(store);
            Catalog catalog = new Catalog(store);
            assertThat(catchThrowable(() -> insert(catalog, "people",
                    List.of(person(10, "x", "x@x", 5), person(11, "ann", "z@x", 1)))))
                    .as("a row clashing with ann's ('ann', 1.0) in the UNIQUE index refuses the whole INSERT")
                    .isInstanceOf(ConstraintViolation.class);
            assertThat(changes(before, everything(store)))
                    .as("the refused INSERT must leave the store as it was: no row, no entry (keys changed: was -> is)")
                    .isEmpty();
        }
        for (int failAt = 1; ; failAt++) {
            assertThat(failAt).as("a statement of 20 inserts, an update and a delete must not need 100 write calls")
                    .isLessThan(100);
            try (KvStore store = open(dir)) {
                FailingStore failing = new FailingStore(store, failAt);
                Catalog catalog = new Catalog(failing);
                Table people = catalog.table("people");
                WriteSet writes = catalog.writeSet();
                for (long id = 20; id < 40; id++) {
                    writes.insert(people, person(id, "n" + id, null, id));
                }
                writes.update(people, people.get(List.of(Value.of(1L))).orElseThrow(), person(1, "ann", "new@x", 7));
                writes.delete(people, people.get(List.of(Value.of(2L))).orElseThrow());
                Throwable thrown = catchThrowable(writes::commit);
                if (thrown == null) {
                    assertThat(countEntries(store, "people")).as("the statement that went through: 21 rows, 2 indexes")
                            .isEqualTo(42);
                    break;
                }
                assertThat(changes(before, everything(store)))
                        .as("the store failed write call %d of the statement (%s): no row and no index entry of it may "
                                + "have been written (keys changed: was -> is)", failAt, thrown)
                        .isEmpty();
            }
        }
    }

    @Test
    @Points(2)
    @DisplayName("DROP INDEX removes its entries and DROP TABLE its indexes' too, and no other index's")
    void droppingRemovesEntries(@Scratch Path dir) {
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            for (String name : List.of("t", "tt", "t2")) {
                catalog.createTable(new TableSchema(name, List.of(column("id", DataType.INTEGER), column("v", DataType.TEXT)),
                        List.of("id")));
                insert(catalog, name, List.of(List.of(Value.of(1L), Value.of("x")), List.of(Value.of(2L), Value.of("y"))));
                catalog.createIndex(name, new IndexDef(name + "_v", List.of("v"), false));
                catalog.createIndex(name, new IndexDef(name + "_vid", List.of("v", "id"), true));
            }
            catalog.dropIndex("T_V");
            assertThat(catalog.indexOwner("t_v")).as("a dropped index is gone from the catalog").isEmpty();
            assertThat(countEntries(store, "t")).as("t keeps the entries of its other index, t_vid, only").isEqualTo(2);
            assertThrown(SqlException.class, () -> catalog.dropIndex("t_v"), "dropping an index that is gone")
                    .hasMessageContaining("t_v");
            catalog.dropTable("t");
            assertThat(countEntries(store, "t")).as("DROP TABLE t deletes the entries of its indexes").isZero();
            assertThat(catalog.indexOwner("t_vid")).as("DROP TABLE drops the table's indexes").isEmpty();
            assertThat(countEntries(store, "tt") + countEntries(store, "t2"))
                    .as("dropping t must not touch the entries of tables tt and t2").isEqualTo(8);
            catalog.createTable(new TableSchema("t", List.of(column("id", DataType.INTEGER), column("v", DataType.TEXT)),
                    List.of("id")));
            catalog.createIndex("t", new IndexDef("t_vid", List.of("v", "id"), true));
            assertThat(keys(catalog.table("t").range("t_vid", KeyRange.point(List.of()))))
                    .as("a table and index created again under the old names start empty").isEmpty();
        }
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            assertThat(catalog.indexOwner("t_v")).as("after reopen, the dropped index stays dropped").isEmpty();
            assertThat(catalog.table("tt").schema().indexes()).as("after reopen, tt keeps both its indexes").hasSize(2);
        }
    }

    @Test
    @Points(2)
    @Slow("kills a writer process with kill -9")
    @DisplayName("a writer killed with kill -9 in the middle of multi-row statements leaves each index exactly its table's rows")
    @Hint("The entries must be in the statement's one batch: entries written apart from their rows can survive a "
            + "crash that loses the rows, or the other way round.")
    void aKilledWriterLeavesEveryIndexWhole(@Scratch Path dir) {
        List<String> acks;
        try (ChildJvm child = ChildJvm.start(StatementProcess.class, dir.toString(), "indexed")) {
            acks = child.killAfterLines(3, Duration.ofSeconds(90));
        }
        try (KvStore store = open(dir)) {
            Table batches = new Catalog(store).table("batches");
            int rows = rows(new Catalog(store), "batches").size();
            assertThat(rows % StatementProcess.ROWS).as("after kill -9, each %d-row statement is whole or absent, "
                    + "found %d rows", StatementProcess.ROWS, rows).isZero();
            assertThat(rows / StatementProcess.ROWS).as("every acknowledged statement is there (acks: %s)", acks)
                    .isGreaterThanOrEqualTo(acks.size());
            assertThat(countEntries(store, "batches")).as("after kill -9, index by_n holds one entry per row, no more "
                    + "and no fewer").isEqualTo(rows);
            for (long n : List.of(0L, StatementProcess.ROWS / 2L, StatementProcess.ROWS - 1L)) {
                List<List<Value>> found = keys(batches.range("by_n", KeyRange.point(List.of(Value.of(n)))));
                assertThat(found).as("by_n = %d leads to the row with n = %d of every statement there", n, n)
                        .hasSize(rows / StatementProcess.ROWS)
                        .allSatisfy(key -> assertThat(key.get(1)).isEqualTo(Value.of(n)));
            }
        }
    }

    /** Checks that each index of table w holds exactly one entry per row of the model, found through a range lookup. */
    private static void checkIndexes(Catalog catalog, KvStore store, Map<Long, List<Value>> model, String when) {
        Table table = catalog.table("w");
        for (int column : List.of(1, 2)) {
            String index = column == 1 ? "w_v" : "w_u";
            List<List<Value>> expected = model.values().stream()
                    .sorted(Comparator.comparing((List<Value> row) -> List.of(row.get(column), row.get(0)), KeyCodec.LIST_ORDER))
                    .toList();
            List<List<Value>> found = new ArrayList<>();
            table.range(index, KeyRange.point(List.of())).forEachRemaining(row -> found.add(row.values()));
            assertThat(found).as("%s, index %s must lead to every row once, in index order, each with its current values",
                    when, index).isEqualTo(expected);
        }
        assertThat(countEntries(store, "w")).as("%s, the store must hold exactly 2 entries per row (two indexes), "
                + "none left behind by an update or a delete", when).isEqualTo(2 * model.size());
    }

    private static boolean uniqueClash(Iterable<List<Value>> rows) {
        Map<Value, Integer> seen = new HashMap<>();
        for (List<Value> row : rows) {
            if (!row.get(2).isNull() && seen.merge(row.get(2), 1, Integer::sum) > 1) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code row}'s values at {@code columns} (the index's columns) are in {@code range}: SQL's comparisons, NULL matching nothing. */
    static boolean inRange(List<Value> row, List<Integer> columns, KeyRange range) {
        for (int i = 0; i < range.prefix().size(); i++) {
            Value value = row.get(columns.get(i));
            if (value.isNull() || range.prefix().get(i).isNull() || KeyCodec.ORDER.compare(value, range.prefix().get(i)) != 0) {
                return false;
            }
        }
        if (range.low() == null && range.high() == null) {
            return true;
        }
        Value value = row.get(columns.get(range.prefix().size()));
        if (value.isNull() || range.low() != null && range.low().value().isNull()
                || range.high() != null && range.high().value().isNull()) {
            return false;
        }
        if (range.low() != null) {
            int c = KeyCodec.ORDER.compare(value, range.low().value());
            if (c < 0 || c == 0 && !range.low().inclusive()) {
                return false;
            }
        }
        if (range.high() != null) {
            int c = KeyCodec.ORDER.compare(value, range.high().value());
            return c < 0 || c == 0 && range.high().inclusive();
        }
        return true;
    }

    private static List<Value> indexKey(List<Value> row, List<Integer> columns) {
        List<Value> key = new ArrayList<>();
        columns.forEach(c -> key.add(row.get(c)));
        key.add(row.get(0));
        return key;
    }

    private static Value randomA(Random random) {
        return random.nextInt(8) == 0 ? Value.NULL : Value.of((long) random.nextInt(6));
    }

    private static Value randomB(Random random) {
        String[] words = {"", "a", "a\0", "ab", "b", "ba", "c"};
        return random.nextInt(8) == 0 ? Value.NULL : Value.of(words[random.nextInt(words.length)]);
    }

    private static Value boundValue(Random random, boolean primary, int column) {
        if (primary) {
            return Value.of((long) random.nextInt(260) - 70);
        }
        return column == 0 ? Value.of((long) random.nextInt(8) - 1) : randomB(random);
    }

    private static List<List<Value>> keys(Iterator<Row> rows) {
        List<List<Value>> keys = new ArrayList<>();
        rows.forEachRemaining(row -> keys.add(row.key()));
        return keys;
    }

    /** How many index entries of table {@code table} the store holds. */
    static int countEntries(KvStore store, String table) {
        int count = 0;
        for (Iterator<KeyValue> it = store.scanPrefix(KeyLayout.indexPrefix(table)); it.hasNext(); it.next()) {
            count++;
        }
        return count;
    }

    /** The keys whose values differ between two copies of a store, each with its value before and after (null: none). */
    private static Map<String, String> changes(Map<String, String> before, Map<String, String> after) {
        Map<String, String> changed = new TreeMap<>();
        for (String key : union(before.keySet(), after.keySet())) {
            if (!Objects.equals(before.get(key), after.get(key))) {
                changed.put(key, before.get(key) + " -> " + after.get(key));
            }
        }
        return changed;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** Every key and value in the store, as text, to compare whole stores. */
    private static Map<String, String> everything(KvStore store) {
        Map<String, String> all = new TreeMap<>();
        store.scan(null, null).forEachRemaining(kv -> all.put(Arrays.toString(kv.key()), Arrays.toString(kv.value())));
        return all;
    }
}
