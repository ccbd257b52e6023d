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
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fromzero.kv.KvStore;
import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.storage.ConstraintViolation.Kind;
import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import dev.fromzero.testkit.ChildJvm;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Slow;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Constraints and atomicity: a statement that breaks a primary key, UNIQUE, NOT NULL or a column's type is refused
 * with an error naming the table, the column and the value, and a statement that fails for any reason, a crash
 * included, writes nothing.
 */
@Step(chapter = 5, number = 5, title = "The catalog and tables", guide = "docs/chapter05-sql.md#step-5-the-catalog-and-tables")
@Hint("Check each row's types and NULLs as it is added, and uniqueness at commit, against the table as the whole "
        + "statement leaves it: the stored rows it keeps plus the rows it writes. Then write everything in one WriteBatch.")
class ConstraintsTest {

    @Test
    @Points(2)
    @DisplayName("a primary key already in the table, or twice in one statement, is refused, and the statement writes nothing")
    @Hint("Two checks, both needed: a new key against the stored keys the statement does not delete, and the "
            + "statement's keys against each other, since none of them is in the store yet.")
    void aDuplicatePrimaryKeyIsRefused(@Scratch Path dir) {
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            catalog.createTable(people());
            insert(catalog, "people", List.of(person(1, "ann", null, 1), person(2, "bob", null, 2)));
            List<List<Value>> before = values(catalog, "people");

            violation(Kind.PRIMARY_KEY, "people", "id", Value.of(1L),
                    () -> insert(catalog, "people", List.of(person(3, "cy", null, 3), person(1, "dup", null, 0))),
                    "inserting id 1, which the table holds, with another row in the same statement");
            violation(Kind.PRIMARY_KEY, "people", "id", Value.of(7L),
                    () -> insert(catalog, "people", List.of(person(7, "x", null, 0), person(8, "y", null, 0),
                            person(7, "z", null, 0))),
                    "inserting id 7 twice in one statement (neither is in the store yet)");
            Table people = catalog.table("people");
            Row bob = people.get(List.of(Value.of(2L))).orElseThrow();
            violation(Kind.PRIMARY_KEY, "people", "id", Value.of(1L), () -> {
                WriteSet writes = catalog.writeSet();
                writes.update(people, bob, person(1, "bob", null, 2));
                writes.commit();
            }, "updating bob's id to 1, which ann keeps");
            assertThat(values(catalog, "people")).as("refused statements must leave the table as it was").isEqualTo(before);

            catalog.createTable(new TableSchema("pairs", List.of(column("a", DataType.INTEGER), column("b", DataType.TEXT)),
                    List.of("a", "b")));
            insert(catalog, "pairs", List.of(List.of(Value.of(1L), Value.of("x")), List.of(Value.of(1L), Value.of("y")),
                    List.of(Value.of(2L), Value.of("x"))));
            ConstraintViolation pair = violation(Kind.PRIMARY_KEY, "pairs", null, null,
                    () -> insert(catalog, "pairs", List.of(List.of(Value.of(1L), Value.of("y")))),
                    "inserting (1, 'y') into a table whose key (a, b) holds it");
            assertThat(pair.getMessage()).as("the error for a duplicate key of two columns names both columns and values")
                    .contains("a", "b", "1", "y");
            assertThat(values(catalog, "pairs")).as("a key of two columns is unique as a pair, not column by column")
                    .hasSize(3);
        }
    }

    @Test
    @Points(2)
    @DisplayName("a key or UNIQUE value the statement frees may be taken in the same statement: UPDATE SET id = id + 1 works")
    @Hint("Uniqueness is a property of the table once the statement is done, not after each row: a stored row the "
            + "statement deletes or updates no longer holds its old key and values.")
    void valuesFreedByTheStatementMayBeTakenAgain(@Scratch Path dir) {
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            catalog.createTable(people());
            List<List<Value>> rows = new ArrayList<>();
            for (long id = 1; id <= 5; id++) {
                rows.add(person(id, "p" + id, "p" + id + "@example.com", id));
            }
            insert(catalog, "people", rows);
            Table people = catalog.table("people");

            WriteSet shift = catalog.writeSet();
            for (Row row : rows(catalog, "people")) {
                long id = ((Value.Int) row.key().get(0)).value();
                shift.update(people, row, person(id + 1, "p" + id, "p" + id + "@example.com", id));
            }
            shift.commit();
            assertThat(rows(catalog, "people").stream().map(Row::key).toList())
                    .as("UPDATE people SET id = id + 1, visiting ids 1 to 5 in ascending order, must succeed: the new ids "
                            + "are distinct once the statement is done")
                    .containsExactly(List.of(Value.of(2L)), List.of(Value.of(3L)), List.of(Value.of(4L)),
                            List.of(Value.of(5L)), List.of(Value.of(6L)));

            Row two = people.get(List.of(Value.of(2L))).orElseThrow();
            Row three = people.get(List.of(Value.of(3L))).orElseThrow();
            WriteSet replace = catalog.writeSet();
            replace.delete(people, two);
            replace.insert(people, person(2, "new two", "p1@example.com", 0));
            replace.update(people, three, person(3, "three renamed", "p2@example.com", 3));
            replace.commit();
            assertThat(people.get(List.of(Value.of(2L))).map(Row::values))
                    .as("a row deleted and a row inserted with its key and email in one statement: the new row wins")
                    .contains(person(2, "new two", "p1@example.com", 0));
            assertThat(people.get(List.of(Value.of(3L))).map(Row::values))
                    .as("a row updated to the email another row of the statement gave up, keeping its own id")
                    .contains(person(3, "three renamed", "p2@example.com", 3));

            Row four = people.get(List.of(Value.of(4L))).orElseThrow();
            Row five = people.get(List.of(Value.of(5L))).orElseThrow();
            WriteSet swap = catalog.writeSet();
            swap.update(people, four, person(4, "p3", "p4@example.com", 3));
            swap.update(people, five, person(5, "p4", "p3@example.com", 4));
            swap.commit();
            assertThat(values(catalog, "people")).as("two rows swapping their UNIQUE emails in one statement")
                    .contains(person(4, "p3", "p4@example.com", 3), person(5, "p4", "p3@example.com", 4)).hasSize(5);
        }
    }

    @Test
    @Points(2)
    @DisplayName("a UNIQUE value already in another row, or twice in one statement, is refused; NULLs never clash; a row keeps its own")
    @Hint("Compare a new value with the rows the statement writes and with every stored row the statement keeps. The "
            + "stored version of a row being updated is not kept, so a row never clashes with itself.")
    void uniqueColumnsRefuseDuplicates(@Scratch Path dir) {
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            catalog.createTable(people());
            insert(catalog, "people", List.of(person(1, "ann", "ann@example.com", 1), person(2, "bob", "bob@example.com", 2)));
            List<List<Value>> before = values(catalog, "people");
            Table people = catalog.table("people");

            violation(Kind.UNIQUE, "people", "email", Value.of("ann@example.com"),
                    () -> insert(catalog, "people", List.of(person(3, "cy", "cy@example.com", 3),
                            person(4, "ann again", "ann@example.com", 4))),
                    "inserting an email ann's row holds");
            violation(Kind.UNIQUE, "people", "email", Value.of("new@example.com"),
                    () -> insert(catalog, "people", List.of(person(5, "x", "new@example.com", 0),
                            person(6, "y", "new@example.com", 0))),
                    "inserting one new email twice in one statement (neither row is in the store yet)");
            Row bob = people.get(List.of(Value.of(2L))).orElseThrow();
            violation(Kind.UNIQUE, "people", "email", Value.of("ann@example.com"), () -> {
                WriteSet writes = catalog.writeSet();
                writes.update(people, bob, person(2, "bob", "ann@example.com", 2));
                writes.commit();
            }, "updating bob's email to ann's");
            assertThat(values(catalog, "people")).as("refused statements must leave the table as it was").isEqualTo(before);

            WriteSet own = catalog.writeSet();
            own.update(people, bob, person(2, "robert", "bob@example.com", 2.5));
            own.commit();
            assertThat(people.get(List.of(Value.of(2L))).map(Row::values))
                    .as("updating a row's other columns must not find its own email a duplicate")
                    .contains(person(2, "robert", "bob@example.com", 2.5));

            insert(catalog, "people", List.of(person(10, "n1", null, 0), person(11, "n2", null, 0)));
            insert(catalog, "people", List.of(person(12, "n3", null, 0)));
            assertThat(values(catalog, "people")).as("several NULLs in a UNIQUE column are allowed: NULL equals nothing")
                    .hasSize(5);
        }
    }

    @Test
    @Points(2)
    @DisplayName("NULL in a NOT NULL or primary-key column is refused, in INSERT and in UPDATE")
    @Hint("Every row a statement writes is checked, the updated ones too; and a primary-key column is NOT NULL even "
            + "when its declaration does not say so.")
    void notNullIsEnforcedOnInsertAndUpdate(@Scratch Path dir) {
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            catalog.createTable(people());
            insert(catalog, "people", List.of(person(1, "ann", null, 1)));
            List<List<Value>> before = values(catalog, "people");
            Table people = catalog.table("people");

            violation(Kind.NOT_NULL, "people", "name", Value.NULL,
                    () -> insert(catalog, "people", List.of(List.of(Value.of(2L), Value.NULL, Value.NULL, Value.of(0.0)))),
                    "inserting a NULL name into people(name TEXT NOT NULL)");
            Row ann = people.get(List.of(Value.of(1L))).orElseThrow();
            violation(Kind.NOT_NULL, "people", "name", Value.NULL, () -> {
                WriteSet writes = catalog.writeSet();
                writes.update(people, ann, List.of(Value.of(1L), Value.NULL, Value.NULL, Value.of(1.0)));
                writes.commit();
            }, "updating ann's name to NULL");
            violation(Kind.NOT_NULL, "people", "id", Value.NULL,
                    () -> insert(catalog, "people", List.of(List.of(Value.NULL, Value.of("x"), Value.NULL, Value.of(0.0)))),
                    "inserting a NULL id: a primary-key column is NOT NULL");
            catalog.createTable(new TableSchema("pairs", List.of(column("a", DataType.INTEGER), column("b", DataType.TEXT)),
                    List.of("a", "b")));
            violation(Kind.NOT_NULL, "pairs", "b", Value.NULL,
                    () -> insert(catalog, "pairs", List.of(List.of(Value.of(1L), Value.NULL))),
                    "inserting a NULL into the second column of a primary key (a, b)");
            assertThat(values(catalog, "people")).as("refused statements must leave the table as it was").isEqualTo(before);
            assertThat(values(catalog, "pairs")).as("the refused insert into pairs wrote nothing").isEmpty();
        }
    }

    @Test
    @Points(2)
    @DisplayName("an INTEGER into a FLOAT column is widened; any other value of the wrong type is refused, naming it")
    @Hint("NULL fits every column, a value of the column's type fits as it is, an INTEGER fits a FLOAT column as a "
            + "FLOAT, and nothing else fits: SQL never turns 'x' into a number here, nor 1.5 into 1.")
    void valuesAreCoercedToTheColumnType(@Scratch Path dir) {
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            catalog.createTable(people());
            catalog.createTable(TableSchema.withRowId("flags", List.of(column("on", DataType.BOOLEAN))));
            Table people = catalog.table("people");
            insert(catalog, "people", List.of(List.of(Value.of(1L), Value.of("ann"), Value.NULL, Value.of(42L))));
            assertThat(people.get(List.of(Value.of(1L))).map(row -> row.values().get(3)))
                    .as("the INTEGER 42 in the FLOAT column score is stored, and read back, as the FLOAT 42.0")
                    .contains(Value.of(42.0));

            Map<String, List<Value>> wrong = new TreeMap<>(Map.of(
                    "TEXT into INTEGER id", List.of(Value.of("x"), Value.of("a"), Value.NULL, Value.of(0.0)),
                    "FLOAT into INTEGER id", List.of(Value.of(1.5), Value.of("a"), Value.NULL, Value.of(0.0)),
                    "BOOLEAN into INTEGER id", List.of(Value.of(true), Value.of("a"), Value.NULL, Value.of(0.0)),
                    "INTEGER into TEXT name", List.of(Value.of(9L), Value.of(5L), Value.NULL, Value.of(0.0)),
                    "TEXT into FLOAT score", List.of(Value.of(9L), Value.of("a"), Value.NULL, Value.of("1.5"))));
            Map<String, String> columns = Map.of("TEXT into INTEGER id", "id", "FLOAT into INTEGER id", "id",
                    "BOOLEAN into INTEGER id", "id", "INTEGER into TEXT name", "name", "TEXT into FLOAT score", "score");
            Map<String, Value> offending = Map.of("TEXT into INTEGER id", Value.of("x"), "FLOAT into INTEGER id",
                    Value.of(1.5), "BOOLEAN into INTEGER id", Value.of(true), "INTEGER into TEXT name", Value.of(5L),
                    "TEXT into FLOAT score", Value.of("1.5"));
            for (Map.Entry<String, List<Value>> entry : wrong.entrySet()) {
                violation(Kind.TYPE, "people", columns.get(entry.getKey()), offending.get(entry.getKey()),
                        () -> insert(catalog, "people", List.of(entry.getValue())), "inserting " + entry.getKey());
            }
            violation(Kind.TYPE, "flags", "on", Value.of(1L),
                    () -> insert(catalog, "flags", List.of(List.of(Value.of(1L)))), "inserting 1 into a BOOLEAN column");
            Row ann = people.get(List.of(Value.of(1L))).orElseThrow();
            violation(Kind.TYPE, "people", "score", Value.of("high"), () -> {
                WriteSet writes = catalog.writeSet();
                writes.update(people, ann, List.of(Value.of(1L), Value.of("ann"), Value.NULL, Value.of("high")));
                writes.commit();
            }, "updating the FLOAT score to 'high'");
            assertThat(values(catalog, "people")).as("refused statements must leave the table as it was")
                    .containsExactly(List.of(Value.of(1L), Value.of("ann"), Value.NULL, Value.of(42.0)));
            assertThrown(SqlException.class, () -> column("n", DataType.INTEGER).withDefault(Value.of("zero")),
                    "a DEFAULT 'zero' on an INTEGER column must be refused when the column is declared")
                    .hasMessageContaining("n");
        }
    }

    @Test
    @Points(2)
    @DisplayName("a statement that fails, on a constraint at commit or in the store halfway, writes none of its rows")
    @Hint("Gather every put and delete of the statement into one WriteBatch and write it with one call: the store "
            + "applies a batch whole or not at all, and a store that fails while you write row by row leaves some rows.")
    void aFailedStatementWritesNothing(@Scratch Path dir) {
        List<List<Value>> many = new ArrayList<>();
        for (long id = 100; id < 150; id++) {
            many.add(person(id, "n" + id, "n" + id + "@example.com", id));
        }
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            catalog.createTable(people());
            insert(catalog, "people", List.of(person(1, "ann", "ann@example.com", 1), person(2, "bob", null, 2)));
            List<List<Value>> last = new ArrayList<>(many);
            last.add(person(150, "late", "ann@example.com", 0));
            violation(Kind.UNIQUE, "people", "email", Value.of("ann@example.com"), () -> insert(catalog, "people", last),
                    "inserting 50 good rows and then one with ann's email");
            assertThat(values(catalog, "people")).as("the 50 good rows of the refused statement must not be written")
                    .hasSize(2);
        }
        List<List<Value>> before;
        try (KvStore store = open(dir)) {
            before = values(new Catalog(store), "people");
            assertThat(before).as("after reopen, nothing of the refused statement").hasSize(2);
        }
        for (int failAt = 1; ; failAt++) {
            assertThat(failAt).as("a statement of 50 inserts, an update and a delete must not need 100 write calls")
                    .isLessThan(100);
            try (KvStore store = open(dir)) {
                FailingStore failing = new FailingStore(store, failAt);
                Catalog catalog = new Catalog(failing);
                Table people = catalog.table("people");
                WriteSet writes = catalog.writeSet();
                many.forEach(row -> writes.insert(people, row));
                writes.update(people, people.get(List.of(Value.of(1L))).orElseThrow(), person(1, "ann2", null, 1));
                writes.delete(people, people.get(List.of(Value.of(2L))).orElseThrow());
                Throwable thrown = catchThrowable(writes::commit);
                List<List<Value>> after = values(new Catalog(store), "people");
                if (thrown == null) {
                    assertThat(failing.failed()).as("commit returned though the store failed write call %d", failAt).isFalse();
                    assertThat(after).as("the statement that went through: 50 rows added, ann updated, bob deleted")
                            .hasSize(51).contains(person(1, "ann2", null, 1));
                    break;
                }
                assertThat(after)
                        .as("the store failed write call %d of the statement (%s): none of the statement's changes may "
                                + "have been written", failAt, thrown)
                        .isEqualTo(before);
            }
        }
    }

    @Test
    @Points(2)
    @Slow("kills a writer process with kill -9")
    @DisplayName("a writer killed with kill -9 in the middle of multi-row statements leaves each statement whole or absent")
    @Hint("Only a batch is applied whole after a crash: a statement written row by row can be cut anywhere.")
    void aKilledWriterLeavesNoPartialStatement(@Scratch Path dir) {
        List<String> acks;
        try (ChildJvm child = ChildJvm.start(StatementProcess.class, dir.toString())) {
            acks = child.killAfterLines(4, Duration.ofSeconds(90));
        }
        long acknowledged = acks.size() - 1;
        try (KvStore store = open(dir)) {
            Catalog catalog = new Catalog(store);
            Map<Long, Integer> perStatement = new TreeMap<>();
            for (Row row : rows(catalog, "batches")) {
                perStatement.merge(((Value.Int) row.values().get(0)).value(), 1, Integer::sum);
            }
            assertThat(perStatement.keySet())
                    .as("every statement acknowledged (0 to %d) must be there after the kill; found %s", acknowledged,
                            perStatement)
                    .containsAll(LongStream.rangeClosed(0, acknowledged).boxed().toList());
            perStatement.forEach((statement, count) -> assertThat(count)
                    .as("statement %d inserted %d rows in one write set; after kill -9 and reopen it must have all of "
                            + "them or none, found %d", statement, StatementProcess.ROWS, count)
                    .isEqualTo(StatementProcess.ROWS));
        }
    }

    /** Runs {@code code}, which must throw a ConstraintViolation of {@code kind} naming the table, column and value. */
    private static ConstraintViolation violation(Kind kind, String table, String column, Value value, ThrowingCallable code,
            String what) {
        Throwable thrown = catchThrowable(code);
        assertThat(thrown).as("%s must be refused with a ConstraintViolation of kind %s", what, kind)
                .isInstanceOf(ConstraintViolation.class);
        ConstraintViolation violation = (ConstraintViolation) thrown;
        assertThat(violation.kind()).as("the kind of the violation when %s: %s", what, violation.getMessage())
                .isEqualTo(kind);
        assertThat(violation.table()).as("the table named when %s", what).isEqualToIgnoringCase(table);
        assertThat(violation.getMessage()).as("the message when %s must name the table", what).contains(table);
        if (column != null) {
            assertThat(violation.column()).as("the column named when %s", what).isEqualToIgnoringCase(column);
            assertThat(violation.getMessage()).as("the message when %s must name the column", what).contains(column);
        }
        if (value != null) {
            assertThat(violation.value()).as("the value named when %s", what).isEqualTo(value);
            assertThat(violation.getMessage()).as("the message when %s must show the value", what)
                    .contains(value.toString());
        }
        return violation;
    }
}
