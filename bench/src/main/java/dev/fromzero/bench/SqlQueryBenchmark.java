package dev.fromzero.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * Chapter 5: queries per second through JDBC, next to H2 and SQLite on the same data in the same
 * run ({@link RatioReport} prints the ratios; the engines' settings and the data are in
 * {@link SqlEngine}). Before measuring, each engine gets a fresh database on disk with
 * {@code items} (100,000 rows, an index on {@code val}) and the two 10,000-row join tables, loaded
 * by INSERTs of 1,000 rows each ({@link SqlEngine#loadAll}), and the setup checks each query's
 * answer once, so an engine that answers wrongly cannot post a fast time.
 *
 * <ul>
 *   <li>{@link #pointSelect}: {@code SELECT … FROM items WHERE id = ?}, a random id each time.
 *   <li>{@link #rangeSelect}: {@code WHERE val >= ? AND val < ?}, 100 rows through the index on
 *       {@code val}, scattered over the primary key.
 *   <li>{@link #join}: {@code customers JOIN orders ON orders.customer = customers.id}, every one
 *       of the 10,000 pairs read.
 *   <li>{@link #groupBy}: {@code SELECT grp, COUNT(*), SUM(val) FROM items GROUP BY grp} over all
 *       100,000 rows, 100 groups.
 * </ul>
 *
 * <p>Every query is a prepared statement, prepared once; every row of the result is read. One
 * thread, auto-commit on. Each query has its own state, which prepares and checks it, so an
 * engine that cannot run one of them (say, has no joins yet) is still measured on the others. Two 2 s iterations warm up, three are measured; {@link RatioReport} runs
 * each engine twice in mirrored order and pools the runs.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar SqlQueryBenchmark
 * java -jar bench/target/benchmarks.jar SqlQueryBenchmark.pointSelect -p engine=h2
 * </pre>
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SqlQueryBenchmark {

    private static final int RANGE = 100;

    /** The loaded database, one per run, and a random generator. */
    @State(Scope.Thread)
    public static class Db {
        @Param({"fromzero", "h2", "sqlite"})
        public String engine;

        private Path dir;
        private Connection connection;
        private long random = 0x9E3779B97F4A7C15L;

        @Setup(Level.Trial)
        public void load() throws Exception {
            dir = Files.createTempDirectory("fromzero-bench-sql-");
            try {
                connection = SqlEngine.open(engine, dir);
                SqlEngine.createSchema(connection);
                SqlEngine.loadAll(connection);
            } catch (Exception e) {
                closeAndDelete(); // JMH skips the trial's teardown when its setup fails
                throw e;
            }
        }

        PreparedStatement prepare(String sql) throws SQLException {
            return connection.prepareStatement(sql);
        }

        void expect(boolean right, String what) {
            if (!right) {
                throw new IllegalStateException(engine + " answered " + what + " wrongly");
            }
        }

        /** A uniform index below {@code bound}: xorshift64, then a multiply-shift in place of {@code %}. */
        int nextIndex(int bound) {
            random ^= random << 13;
            random ^= random >>> 7;
            random ^= random << 17;
            return (int) (((random >>> 32) * bound) >>> 32);
        }

        @TearDown(Level.Trial)
        public void closeAndDelete() throws Exception {
            try {
                if (connection != null) {
                    connection.close();
                }
            } finally {
                TempDirs.deleteTree(dir);
            }
        }
    }

    @State(Scope.Thread)
    public static class Point {
        private PreparedStatement statement;

        @Setup(Level.Trial)
        public void prepare(Db db) throws SQLException {
            statement = db.prepare("SELECT id, grp, val, name FROM items WHERE id = ?");
            statement.setInt(1, 4242);
            try (ResultSet rs = statement.executeQuery()) {
                db.expect(rs.next() && rs.getInt(1) == 4242 && rs.getInt(3) == SqlEngine.val(4242)
                        && rs.getString(4).equals("name-4242") && !rs.next(), "the point select of id 4242");
            }
        }
    }

    @State(Scope.Thread)
    public static class Range {
        private PreparedStatement statement;

        @Setup(Level.Trial)
        public void prepare(Db db) throws SQLException {
            statement = db.prepare("SELECT id, val FROM items WHERE val >= ? AND val < ?");
            db.expect(rows(500)[0] == RANGE, "the range select of " + RANGE + " values of val");
        }

        /** The rows of the range from {@code from}: their count and a sum over what was read. */
        long[] rows(int from) throws SQLException {
            statement.setInt(1, from);
            statement.setInt(2, from + RANGE);
            long rows = 0;
            long sum = 0;
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    sum += rs.getInt(1) + rs.getInt(2);
                }
            }
            return new long[] {rows, sum};
        }
    }

    @State(Scope.Thread)
    public static class Join {
        private PreparedStatement statement;

        @Setup(Level.Trial)
        public void prepare(Db db) throws SQLException {
            statement = db.prepare("SELECT c.name, o.amount FROM customers c JOIN orders o ON o.customer = c.id");
            db.expect(rows()[0] == SqlEngine.JOIN_ROWS, "the join, which pairs every order with its customer");
        }

        /** The rows of the join: their count and a sum over what was read. */
        long[] rows() throws SQLException {
            long rows = 0;
            long sum = 0;
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    sum += rs.getString(1).length() + rs.getInt(2);
                }
            }
            return new long[] {rows, sum};
        }
    }

    @State(Scope.Thread)
    public static class GroupBy {
        private PreparedStatement statement;

        @Setup(Level.Trial)
        public void prepare(Db db) throws SQLException {
            statement = db.prepare("SELECT grp, COUNT(*), SUM(val) FROM items GROUP BY grp");
            try (ResultSet rs = statement.executeQuery()) {
                int groups = 0;
                long rows = 0;
                long sum = 0;
                while (rs.next()) {
                    groups++;
                    rows += rs.getLong(2);
                    sum += rs.getLong(3);
                }
                // val is a permutation of 0..ITEMS-1, so the sums add up to the sum of that range.
                db.expect(groups == SqlEngine.GROUPS && rows == SqlEngine.ITEMS
                        && sum == (long) SqlEngine.ITEMS * (SqlEngine.ITEMS - 1) / 2, "GROUP BY grp with COUNT(*) and SUM(val)");
            }
        }
    }

    @Benchmark
    public int pointSelect(Db db, Point point) throws SQLException {
        point.statement.setInt(1, db.nextIndex(SqlEngine.ITEMS));
        try (ResultSet rs = point.statement.executeQuery()) {
            return rs.next() ? rs.getInt(3) + rs.getString(4).length() : -1;
        }
    }

    @Benchmark
    public long rangeSelect(Db db, Range range) throws SQLException {
        return range.rows(db.nextIndex(SqlEngine.ITEMS - RANGE))[1];
    }

    @Benchmark
    public long join(Join join) throws SQLException {
        return join.rows()[1];
    }

    @Benchmark
    public long groupBy(GroupBy groupBy) throws SQLException {
        long sum = 0;
        try (ResultSet rs = groupBy.statement.executeQuery()) {
            while (rs.next()) {
                sum += rs.getInt(1) + rs.getLong(2) + rs.getLong(3);
            }
        }
        return sum;
    }
}
