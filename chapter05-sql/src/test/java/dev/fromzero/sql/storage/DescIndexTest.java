package dev.fromzero.sql.storage;

import static dev.fromzero.sql.storage.StorageFixtures.column;
import static dev.fromzero.sql.storage.StorageFixtures.insert;
import static dev.fromzero.sql.storage.StorageFixtures.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fromzero.kv.KvStore;
import dev.fromzero.sql.storage.KeyRange.Bound;
import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Descending index columns in the storage layer: {@link Table#range} of an index with DESC
 * columns returns exactly the rows in range, in the index's declared order (a DESC column largest
 * first, NULLs last), and the directions are part of the schema the catalog keeps.
 */
@Seeded
@Step(chapter = 5, number = 16, title = "Descending and multi-column indexes", bonus = true,
        guide = "docs/chapter05-sql.md#step-16-bonus-descending-and-multi-column-indexes")
@Hint("A DESC column's values are written with every byte of their ascending encoding inverted, so they sort "
        + "backwards and NULL (tag 01, inverted fe) sorts last. A range on a DESC column starts at its high bound.")
class DescIndexTest {

    private static final List<String> COLUMNS = List.of("a", "b", "c");

    @Test
    @Points(4)
    @DisplayName("lookups in indexes of every mix of ASC and DESC columns find exactly the rows in range, in the declared order")
    void rangesFollowTheDeclaredOrder(@Scratch Path dir, Seed seed) {
        Random random = seed.random();
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            catalog.createTable(new TableSchema("t", List.of(column("id", DataType.INTEGER), column("a", DataType.INTEGER),
                    column("b", DataType.TEXT), column("c", DataType.FLOAT)), List.of("id")));
            List<List<Boolean>> directions = new ArrayList<>();
            for (int mask = 0; mask < 8; mask++) {
                List<Boolean> descending = List.of((mask & 4) != 0, (mask & 2) != 0, (mask & 1) != 0);
                directions.add(descending);
                catalog.createIndex("t", new IndexDef("t_" + mask, COLUMNS, false, descending));
            }
            List<List<Value>> rows = new ArrayList<>();
            for (long id = 0; id < 80; id++) {
                rows.add(List.of(Value.of(id), randomValue(random, 0), randomValue(random, 1), randomValue(random, 2)));
            }
            insert(catalog, "t", rows);
            Table table = catalog.table("t");
            for (int i = 0; i < 400; i++) {
                int mask = random.nextInt(8);
                List<Value> prefix = new ArrayList<>();
                for (int n = random.nextInt(3), c = 0; c < n; c++) {
                    prefix.add(random.nextInt(12) == 0 ? Value.NULL : randomValue(random, c));
                }
                int next = prefix.size();
                Bound low = random.nextInt(3) == 0 ? null : new Bound(randomValue(random, next), random.nextBoolean());
                Bound high = random.nextInt(3) == 0 ? null : new Bound(randomValue(random, next), random.nextBoolean());
                KeyRange range = new KeyRange(prefix, low, high);
                List<List<Value>> expected = rows.stream()
                        .filter(row -> IndexTest.inRange(row, List.of(1, 2, 3), range))
                        .sorted(declaredOrder(directions.get(mask)))
                        .toList();
                List<List<Value>> found = new ArrayList<>();
                table.range("t_" + mask, range).forEachRemaining(row -> found.add(row.values()));
                assertThat(found)
                        .as("%s of index t_%d (a%s, b%s, c%s): the rows whose values start with the prefix and have the "
                                + "next value in range, each once, in the index's order (a DESC column largest first, "
                                + "NULLs last; then by id)", range, mask, dir(directions.get(mask), 0),
                                dir(directions.get(mask), 1), dir(directions.get(mask), 2))
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    @Points(2)
    @DisplayName("an index's directions survive a reopen and keep their order through later writes; schemas of format 2 read as ASC")
    @Hint("Keep each column's direction in the schema; a lookup after reopen must encode its bounds the way the "
            + "entries were written.")
    void directionsSurviveReopen(@Scratch Path dir) throws IOException {
        IndexDef byScoreName = new IndexDef("by_score_name", List.of("score", "name"), false, List.of(true, false));
        IndexDef uniqueName = new IndexDef("u_name", List.of("name"), true, List.of(true));
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            catalog.createTable(new TableSchema("p", List.of(column("id", DataType.INTEGER), column("name", DataType.TEXT),
                    column("score", DataType.FLOAT)), List.of("id")));
            catalog.createIndex("p", byScoreName);
            catalog.createIndex("p", uniqueName);
            insert(catalog, "p", List.of(row(1, "ann", 2.0), row(2, "bob", 9.0), row(3, null, 2.0), row(4, "cy", null)));
        }
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            Table p = catalog.table("p");
            assertThat(p.schema().indexes()).as("after reopen, both indexes are there with their columns' directions")
                    .containsExactly(byScoreName, uniqueName);
            assertThat(ids(p.range("by_score_name", KeyRange.point(List.of()))))
                    .as("by_score_name (score DESC, name) after reopen: 9.0, then 2.0 (NULL name first), then the NULL score")
                    .containsExactly(2L, 3L, 1L, 4L);
            WriteSet writes = catalog.writeSet();
            writes.insert(p, row(5, "dan", 5.0));
            writes.update(p, p.get(List.of(Value.of(1L))).orElseThrow(), row(1, "ann", 7.0));
            writes.delete(p, p.get(List.of(Value.of(2L))).orElseThrow());
            writes.commit();
            assertThat(ids(p.range("by_score_name", new KeyRange(List.of(), new Bound(Value.of(2.0), true),
                    new Bound(Value.of(7.0), true))))).as("score BETWEEN 2.0 AND 7.0 after reopen and writes, DESC: "
                    + "ann (7.0), dan (5.0), the NULL name (2.0)").containsExactly(1L, 5L, 3L);
            assertThat(ids(p.range("u_name", new KeyRange(List.of(), null, new Bound(Value.of("cy"), true)))))
                    .as("name <= 'cy' in u_name (name DESC): cy, then ann; the NULL name is in no range")
                    .containsExactly(4L, 1L);
            assertThat(IndexTest.countEntries(store, "p")).as("four rows, two indexes: eight entries, none stale")
                    .isEqualTo(8);
            Throwable violation = catchThrowable(() -> insert(catalog, "p", List.of(row(6, "dan", 1.0))));
            assertThat(violation).as("after reopen, the UNIQUE DESC index u_name still refuses 'dan' twice")
                    .isInstanceOf(ConstraintViolation.class);
        }
        TableSchema old = SchemaCodec.decode(formatTwoSchema());
        assertThat(old.indexes()).as("a schema written by format version 2, before directions, reads as all ASC")
                .containsExactly(new IndexDef("by_ab", List.of("a", "b"), true));
    }

    /** A table schema as format version 2 wrote it: table o (a INTEGER, b TEXT), no key, UNIQUE INDEX by_ab (a, b). */
    private static byte[] formatTwoSchema() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(2);
            out.writeUTF("o");
            out.writeInt(2);
            for (String[] column : new String[][] {{"a", "INTEGER"}, {"b", "TEXT"}}) {
                out.writeUTF(column[0]);
                out.writeUTF(column[1]);
                out.writeBoolean(true);
                out.writeBoolean(false);
                out.writeInt(1);
                out.write(1);
            }
            out.writeInt(0);
            out.writeInt(1);
            out.writeUTF("by_ab");
            out.writeBoolean(true);
            out.writeInt(2);
            out.writeUTF("a");
            out.writeUTF("b");
        }
        return bytes.toByteArray();
    }

    private static List<Value> row(long id, String name, Double score) {
        return List.of(Value.of(id), name == null ? Value.NULL : Value.of(name), score == null ? Value.NULL : Value.of(score));
    }

    private static List<Long> ids(Iterator<Row> rows) {
        List<Long> ids = new ArrayList<>();
        rows.forEachRemaining(row -> ids.add(((Value.Int) row.key().get(0)).value()));
        return ids;
    }

    private static String dir(List<Boolean> descending, int column) {
        return descending.get(column) ? " DESC" : "";
    }

    /** Rows (id, a, b, c) by a, b, c, each ascending (NULLs first) or descending (NULLs last), then by id. */
    private static Comparator<List<Value>> declaredOrder(List<Boolean> descending) {
        Comparator<List<Value>> order = (x, y) -> 0;
        for (int i = 0; i < 3; i++) {
            int column = i + 1;
            Comparator<Value> values = descending.get(i) ? KeyCodec.ORDER.reversed() : KeyCodec.ORDER;
            order = order.thenComparing(row -> row.get(column), values);
        }
        return order.thenComparing(row -> row.get(0), KeyCodec.ORDER);
    }

    /** A value of column a (INTEGER), b (TEXT, with a zero byte and a character past U+FFFF) or c (FLOAT, with -0.0 and infinities), or NULL. */
    private static Value randomValue(Random random, int column) {
        if (random.nextInt(8) == 0) {
            return Value.NULL;
        }
        return switch (column) {
            case 0 -> Value.of((long) random.nextInt(7) - 3);
            case 1 -> Value.of(new String[] {"", "a", "a\0", "ab", "b", "\uD83D\uDE00", "\uFFFD"}[random.nextInt(7)]);
            default -> Value.of(new double[] {Double.NEGATIVE_INFINITY, -1.5, -0.0, 0.0, 0.5, 2.0, Double.POSITIVE_INFINITY}
                    [random.nextInt(7)]);
        };
    }
}
