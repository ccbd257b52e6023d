package dev.fromzero.sql.storage;

import dev.fromzero.kv.KvStore;
import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import java.nio.file.Path;
import java.util.List;

/**
 * The child JVM of {@link ConstraintsTest#aKilledWriterLeavesNoPartialStatement}: {@code DIR} creates table
 * {@code batches(statement INTEGER, n INTEGER, pad TEXT, PRIMARY KEY (statement, n))} and then, for statement s = 0,
 * 1, 2, ... until it is killed, inserts {@value #ROWS} rows (s, 0) to (s, ROWS - 1) in one write set, printing
 * {@code ack s} once the commit returned. With a second argument {@code indexed}, the table has an index
 * {@code by_n} on n (for {@link IndexTest#aKilledWriterLeavesEveryIndexWhole}).
 */
public final class StatementProcess {

    static final int ROWS = 400;

    static final TableSchema BATCHES = new TableSchema("batches", List.of(
            new ColumnDef("statement", DataType.INTEGER), new ColumnDef("n", DataType.INTEGER),
            new ColumnDef("pad", DataType.TEXT)), List.of("statement", "n"));

    private StatementProcess() {
    }

    public static void main(String[] args) {
        KvStore store = StorageFixtures.open(Path.of(args[0]));
        Catalog catalog = new Catalog(store);
        catalog.createTable(BATCHES);
        if (args.length > 1 && args[1].equals("indexed")) {
            catalog.createIndex("batches", new IndexDef("by_n", List.of("n"), false));
        }
        Table table = catalog.table("batches");
        String pad = "p".repeat(200);
        for (long statement = 0; ; statement++) {
            WriteSet writes = catalog.writeSet();
            for (long n = 0; n < ROWS; n++) {
                writes.insert(table, List.of(Value.of(statement), Value.of(n), Value.of(pad + n)));
            }
            writes.commit();
            System.out.println("ack " + statement);
            System.out.flush();
        }
    }
}
