package dev.fromzero.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Chapter 5: inserting 100,000 rows into an empty table (with its primary key and one secondary
 * index, {@code items_val}), 1,000 rows per transaction, through JDBC, next to H2 and SQLite in
 * the same run ({@link RatioReport} prints the ratios; the engines' settings are in
 * {@link SqlEngine}). Two ways: {@link #insert100k}, a prepared one-row INSERT per row with
 * {@code setAutoCommit(false)} and a {@code commit()} every 1,000 rows, as a JDBC program
 * usually loads; and {@link #insert100kMultiRow}, one 1,000-row INSERT per transaction in
 * auto-commit, which needs no BEGIN and COMMIT from the engine.
 *
 * <p>Single-shot: one iteration is one timed load into a fresh database in a fresh directory
 * (creating it and the schema, and closing and deleting it afterwards, are not timed). The setup
 * counts the rows afterwards, so an engine that drops rows cannot post a fast time. One load
 * warms up, three are measured.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar SqlInsertBenchmark
 * java -jar bench/target/benchmarks.jar SqlInsertBenchmark -p engine=h2,sqlite
 * </pre>
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SqlInsertBenchmark {

    @Param({"fromzero", "h2", "sqlite"})
    public String engine;

    private Path dir;
    private Connection connection;

    @Setup(Level.Iteration)
    public void createEmpty() throws Exception {
        dir = Files.createTempDirectory("fromzero-bench-sql-");
        try {
            connection = SqlEngine.open(engine, dir);
            SqlEngine.createSchema(connection);
        } catch (Exception e) {
            if (connection != null) {
                connection.close();
            }
            TempDirs.deleteTree(dir); // JMH skips the iteration's teardown when its setup fails
            throw e;
        }
    }

    @Benchmark
    public void insert100k() throws Exception {
        try {
            SqlEngine.insertItems(connection);
        } catch (SQLException | RuntimeException e) {
            deleteAfterFailure();
            throw e;
        }
    }

    /** The same rows as 100 INSERTs of 1,000 rows each in auto-commit: a statement is a transaction. */
    @Benchmark
    public void insert100kMultiRow() throws Exception {
        try {
            SqlEngine.insertItemsMultiRow(connection);
        } catch (SQLException | RuntimeException e) {
            deleteAfterFailure();
            throw e;
        }
    }

    /** JMH skips the iteration's teardown when the benchmark throws: remove the database here. */
    private void deleteAfterFailure() throws Exception {
        connection.close();
        TempDirs.deleteTree(dir);
    }

    @TearDown(Level.Iteration)
    public void checkAndDelete() throws Exception {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM items")) {
            rs.next();
            if (rs.getLong(1) != SqlEngine.ITEMS) {
                throw new IllegalStateException(engine + " holds " + rs.getLong(1) + " rows after inserting " + SqlEngine.ITEMS);
            }
        } finally {
            connection.close();
            TempDirs.deleteTree(dir);
        }
    }
}
