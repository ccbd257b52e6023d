package dev.fromzero.sql.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Step;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The embedded database through JDBC, as any Java program reaches it: java.sql and a URL, nothing else. */
@Step(chapter = 5, number = 12, title = "The JDBC driver", guide = "docs/chapter05-sql.md#step-12-the-jdbc-driver")
@Hint("JDBC is a thin layer over the session: most of it is given. What is yours is the type mapping (what each getter "
        + "makes of an INTEGER, FLOAT, TEXT, BOOLEAN or NULL), wasNull, and the SQLException each engine error becomes.")
class JdbcDriverTest {

    static Connection connect(Path dir) throws SQLException {
        return DriverManager.getConnection("jdbc:fromzero:" + dir);
    }

    @Test
    @DisplayName("DriverManager finds the driver for jdbc:fromzero: URLs and connects to a new database")
    void driverManagerFindsTheDriver(@Scratch Path dir) throws SQLException {
        assertThat(DriverManager.getDriver("jdbc:fromzero:" + dir).acceptsURL("jdbc:fromzero:" + dir))
                .as("the driver registered through META-INF/services/java.sql.Driver accepts its own URLs").isTrue();
        try (Connection c = connect(dir.resolve("db")); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 40 + 2 AS answer")) {
            assertThat(rs.next()).as("SELECT without FROM gives one row").isTrue();
            assertThat(rs.getLong("answer")).as("40 + 2 read with getLong").isEqualTo(42L);
            assertThat(rs.next()).as("and only one row").isFalse();
        }
    }

    @Test
    @Points(2)
    @DisplayName("a Statement returns update counts for writes and a ResultSet for queries")
    void statementRunsUpdatesAndQueries(@Scratch Path dir) throws SQLException {
        try (Connection c = connect(dir); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)"))
                    .as("CREATE TABLE changes no rows: its update count is 0").isZero();
            assertThat(s.executeUpdate("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')"))
                    .as("an INSERT of three rows counts three").isEqualTo(3);
            assertThat(s.executeUpdate("UPDATE t SET name = 'z' WHERE id >= 2")).as("an UPDATE of two rows").isEqualTo(2);
            assertThat(s.execute("DELETE FROM t WHERE id = 3")).as("execute of a DELETE: not a result set").isFalse();
            assertThat(s.getUpdateCount()).as("the DELETE's count, after execute").isEqualTo(1);
            assertThat(s.getResultSet()).as("a write has no result set").isNull();
            assertThat(s.execute("SELECT id, name FROM t ORDER BY id")).as("execute of a SELECT: a result set").isTrue();
            assertThat(s.getUpdateCount()).as("a query has no update count").isEqualTo(-1);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = s.getResultSet()) {
                while (rs.next()) {
                    rows.add(rs.getInt(1) + "=" + rs.getString(2));
                }
            }
            assertThat(rows).as("the rows the writes left, read by column index").containsExactly("1=a", "2=z");
            assertThatThrownBy(() -> s.executeQuery("INSERT INTO t VALUES (4, 'd')"))
                    .as("executeQuery of a statement that returns no rows is an error").isInstanceOf(SQLException.class);
        }
    }

    @Test
    @Points(3)
    @DisplayName("typed getters read each type, by index and by case-insensitive label, and convert where no meaning is lost")
    void typedGettersConvertValues(@Scratch Path dir) throws SQLException {
        try (Connection c = connect(dir); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE v (i INTEGER, f FLOAT, t TEXT, b BOOLEAN)");
            s.executeUpdate("INSERT INTO v VALUES (-7, 2.5, '42', TRUE)");
            try (ResultSet rs = s.executeQuery("SELECT i, f, t, b, f * 2 AS whole FROM v")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt("I")).as("getInt of INTEGER -7, by a label in another case").isEqualTo(-7);
                assertThat(rs.getLong(1)).as("getLong of INTEGER -7").isEqualTo(-7L);
                assertThat(rs.getDouble(1)).as("getDouble of INTEGER -7 widens it").isEqualTo(-7.0);
                assertThat(rs.getString(1)).as("getString of INTEGER -7").isEqualTo("-7");
                assertThat(rs.getBigDecimal(1)).as("getBigDecimal of INTEGER -7").isEqualByComparingTo("-7");
                assertThat(rs.getObject(1)).as("getObject of an INTEGER is a Long").isEqualTo(-7L);
                assertThat(rs.getDouble("f")).as("getDouble of FLOAT 2.5").isEqualTo(2.5);
                assertThat(rs.getObject("f")).as("getObject of a FLOAT is a Double").isEqualTo(2.5);
                assertThat(rs.getBigDecimal("f")).as("getBigDecimal of FLOAT 2.5").isEqualByComparingTo("2.5");
                assertThat(rs.getLong("whole")).as("getLong of FLOAT 5.0, a whole number").isEqualTo(5L);
                assertThat(rs.getString("t")).as("getString of TEXT '42'").isEqualTo("42");
                assertThat(rs.getInt("t")).as("getInt of TEXT '42' parses it").isEqualTo(42);
                assertThat(rs.getObject("t")).as("getObject of a TEXT is a String").isEqualTo("42");
                assertThat(rs.getBoolean("b")).as("getBoolean of TRUE").isTrue();
                assertThat(rs.getObject("b")).as("getObject of a BOOLEAN is a Boolean").isEqualTo(Boolean.TRUE);
                assertThat(rs.getInt("b")).as("getInt of TRUE is 1").isEqualTo(1);
                assertThat(rs.getObject(1, Integer.class)).as("getObject(1, Integer.class)").isEqualTo(-7);
                assertThatThrownBy(() -> rs.getInt(6)).as("column 6 of a 5-column result").isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> rs.getInt("nope")).as("a label the result does not have")
                        .isInstanceOf(SQLException.class);
            }
        }
    }

    @Test
    @Points(2)
    @DisplayName("NULL reads as 0, false or null, and wasNull tells it from a real 0")
    void wasNullTellsNullFromZero(@Scratch Path dir) throws SQLException {
        try (Connection c = connect(dir); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE n (id INTEGER PRIMARY KEY, x INTEGER, t TEXT, b BOOLEAN)");
            s.executeUpdate("INSERT INTO n VALUES (1, NULL, NULL, NULL), (2, 0, '', FALSE)");
            try (ResultSet rs = s.executeQuery("SELECT x, t, b FROM n ORDER BY id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt("x")).as("getInt of NULL").isZero();
                assertThat(rs.wasNull()).as("wasNull after reading a NULL").isTrue();
                assertThat(rs.getString("t")).as("getString of NULL is null").isNull();
                assertThat(rs.wasNull()).isTrue();
                assertThat(rs.getBoolean("b")).as("getBoolean of NULL").isFalse();
                assertThat(rs.wasNull()).isTrue();
                assertThat(rs.getObject("x")).as("getObject of NULL").isNull();
                assertThat(rs.getBigDecimal("x")).as("getBigDecimal of NULL").isNull();
                assertThat(rs.getObject("x", Long.class)).as("getObject(x, Long.class) of NULL").isNull();
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt("x")).as("getInt of a real 0").isZero();
                assertThat(rs.wasNull()).as("wasNull after reading a real 0: it must not stay true from the row before")
                        .isFalse();
                assertThat(rs.getString("t")).as("getString of ''").isEmpty();
                assertThat(rs.wasNull()).isFalse();
                assertThat(rs.getBoolean("b")).isFalse();
                assertThat(rs.wasNull()).as("wasNull after reading FALSE").isFalse();
            }
        }
    }

    @Test
    @Points(2)
    @DisplayName("a getter that would lose what a value says fails with an SQLDataException instead of inventing a number")
    void gettersRefuseLossyConversions(@Scratch Path dir) throws SQLException {
        try (Connection c = connect(dir); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1099511627776 AS big, 2.5 AS half, 'abc' AS word, 'maybe' AS m")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong("big")).as("2^40 fits in a long").isEqualTo(1L << 40);
            assertThatThrownBy(() -> rs.getInt("big")).as("getInt of 2^40, which does not fit in an int")
                    .isInstanceOf(SQLDataException.class);
            assertThatThrownBy(() -> rs.getLong("half")).as("getLong of 2.5, which is not a whole number")
                    .isInstanceOf(SQLDataException.class);
            assertThatThrownBy(() -> rs.getInt("word")).as("getInt of TEXT 'abc'").isInstanceOf(SQLDataException.class);
            assertThatThrownBy(() -> rs.getDouble("word")).as("getDouble of TEXT 'abc'").isInstanceOf(SQLDataException.class);
            assertThatThrownBy(() -> rs.getBoolean("m")).as("getBoolean of TEXT 'maybe'").isInstanceOf(SQLDataException.class);
        }
    }

    @Test
    @Points(3)
    @DisplayName("a PreparedStatement binds typed values to its ? parameters, never as SQL text, and runs again with new ones")
    void preparedStatementBindsTypedParameters(@Scratch Path dir) throws SQLException {
        try (Connection c = connect(dir)) {
            c.createStatement().executeUpdate("CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT, score FLOAT, ok BOOLEAN)");
            String tricky = "O'Brien'); DROP TABLE p; --";
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO p VALUES (?, ?, ?, ?)")) {
                insert.setInt(1, 1);
                insert.setString(2, tricky);
                insert.setDouble(3, 0.5);
                insert.setBoolean(4, true);
                assertThat(insert.executeUpdate()).as("a prepared INSERT of one row").isEqualTo(1);
                insert.setLong(1, 2);
                insert.setNull(2, Types.VARCHAR);
                insert.setObject(3, new BigDecimal("1.25"));
                insert.setObject(4, false);
                assertThat(insert.executeUpdate()).as("the same statement run again with new values").isEqualTo(1);
                for (int id = 3; id <= 5; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, "n" + id);
                    insert.addBatch();
                }
                assertThat(insert.executeBatch()).as("a batch of three inserts").containsExactly(1, 1, 1);
            }
            try (PreparedStatement query = c.prepareStatement("SELECT name, score, ok FROM p WHERE id = ? OR name = ?")) {
                query.setInt(1, 1);
                query.setString(2, "none");
                try (ResultSet rs = query.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).as("a string with quotes and a ';' comes back as it was bound")
                            .isEqualTo(tricky);
                    assertThat(rs.getDouble(2)).isEqualTo(0.5);
                    assertThat(rs.getBoolean(3)).isTrue();
                    assertThat(rs.next()).isFalse();
                }
                query.setInt(1, 2);
                try (ResultSet rs = query.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).as("setNull bound NULL").isNull();
                    assertThat(rs.getDouble(2)).as("setObject of BigDecimal 1.25").isEqualTo(1.25);
                    assertThat(rs.getBoolean(3)).as("setObject of Boolean false").isFalse();
                }
                query.setInt(1, 99);
                query.setString(2, "n4");
                try (ResultSet rs = query.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).as("a batched row, found by a TEXT parameter").isEqualTo("n4");
                }
            }
            assertThat(rows(c, "SELECT id FROM p")).as("every row inserted, and the table never dropped").isEqualTo(5);
        }
    }

    @Test
    @DisplayName("a PreparedStatement refuses to run with a parameter unset, and refuses an index it does not have")
    void preparedStatementChecksItsParameters(@Scratch Path dir) throws SQLException {
        try (Connection c = connect(dir); PreparedStatement p = c.prepareStatement("SELECT ? + ?")) {
            p.setInt(1, 1);
            assertThatThrownBy(p::executeQuery).as("parameter 2 was never set").isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> p.setInt(3, 1)).as("there is no parameter 3").isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> p.setInt(0, 1)).as("parameters count from 1").isInstanceOf(SQLException.class);
            p.setInt(2, 41);
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("1 + 41 once both are set").isEqualTo(42);
            }
        }
    }

    @Test
    @Points(2)
    @DisplayName("ResultSetMetaData gives the result's column count, names and types")
    void resultSetMetaDataDescribesColumns(@Scratch Path dir) throws SQLException {
        try (Connection c = connect(dir); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE m (i INTEGER, f FLOAT, t TEXT, b BOOLEAN)");
            try (ResultSet rs = s.executeQuery("SELECT i, f AS ratio, t, b FROM m")) {
                ResultSetMetaData meta = rs.getMetaData();
                assertThat(meta.getColumnCount()).as("four columns").isEqualTo(4);
                assertThat(meta.getColumnLabel(2)).as("an alias is the column's label").isEqualTo("ratio");
                assertThat(List.of(meta.getColumnName(1), meta.getColumnName(3), meta.getColumnName(4)))
                        .containsExactly("i", "t", "b");
                assertThat(List.of(meta.getColumnType(1), meta.getColumnType(2), meta.getColumnType(3), meta.getColumnType(4)))
                        .as("INTEGER, FLOAT, TEXT and BOOLEAN as java.sql.Types")
                        .containsExactly(Types.BIGINT, Types.DOUBLE, Types.VARCHAR, Types.BOOLEAN);
                assertThat(meta.getColumnTypeName(3)).isEqualTo("TEXT");
                assertThat(meta.getColumnClassName(1)).as("getObject of an INTEGER column gives a Long")
                        .isEqualTo(Long.class.getName());
            }
        }
    }

    @Test
    @Points(2)
    @DisplayName("DatabaseMetaData lists the tables and their columns, filtered by JDBC's LIKE patterns")
    void databaseMetaDataListsTablesAndColumns(@Scratch Path dir) throws SQLException {
        try (Connection c = connect(dir); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, age INTEGER)");
            s.executeUpdate("CREATE TABLE orders (id INTEGER PRIMARY KEY, total FLOAT)");
            DatabaseMetaData meta = c.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = meta.getTables(null, null, "%", null)) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME") + ":" + rs.getString("TABLE_TYPE"));
                }
            }
            assertThat(tables).as("getTables with %").containsExactlyInAnyOrder("users:TABLE", "orders:TABLE");
            try (ResultSet rs = meta.getTables(null, null, "us_r%", new String[] {"TABLE"})) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("TABLE_NAME")).as("getTables with us_r%").isEqualTo("users");
                assertThat(rs.next()).isFalse();
            }
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = meta.getColumns(null, null, "users", null)) {
                while (rs.next()) {
                    columns.add(rs.getInt("ORDINAL_POSITION") + " " + rs.getString("COLUMN_NAME") + " "
                            + rs.getString("TYPE_NAME") + " " + rs.getInt("DATA_TYPE") + " " + rs.getString("IS_NULLABLE"));
                }
            }
            assertThat(columns).as("getColumns of users, in table order").containsExactly(
                    "1 id INTEGER " + Types.BIGINT + " NO", "2 email TEXT " + Types.VARCHAR + " NO",
                    "3 age INTEGER " + Types.BIGINT + " YES");
        }
    }

    @Test
    @Points(3)
    @DisplayName("errors are SQLExceptions with PostgreSQL's SQLSTATE codes, of the JDBC subclass of their class")
    void errorsCarrySqlStates(@Scratch Path dir) throws SQLException {
        try (Connection c = connect(dir); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE e (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)");
            s.executeUpdate("INSERT INTO e VALUES (1, 'a')");
            assertState(() -> s.executeQuery("SELEC 1"), SQLSyntaxErrorException.class, "42601", "a syntax error");
            assertState(() -> s.executeQuery("SELECT * FROM nope"), SQLSyntaxErrorException.class, "42P01", "an undefined table");
            assertState(() -> s.executeQuery("SELECT nope FROM e"), SQLSyntaxErrorException.class, "42703", "an undefined column");
            assertState(() -> s.executeUpdate("INSERT INTO e VALUES (1, 'b')"), SQLIntegrityConstraintViolationException.class, "23505", "a duplicate primary key");
            assertState(() -> s.executeUpdate("INSERT INTO e VALUES (2, 'a')"), SQLIntegrityConstraintViolationException.class, "23505", "a duplicate UNIQUE value");
            assertState(() -> s.executeUpdate("INSERT INTO e VALUES (3, NULL)"), SQLIntegrityConstraintViolationException.class, "23502", "NULL in a NOT NULL column");
            assertState(() -> s.executeQuery("SELECT 9223372036854775807 + 1"), SQLDataException.class, "22003", "an integer overflow");
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM nope")).hasMessageContaining("nope")
                    .as("the message is the engine's, naming what is wrong");
            assertThat(rows(c, "SELECT id FROM e")).as("after the errors, the connection works and no failed write left"
                    + " a row").isEqualTo(1);
        }
    }

    @Test
    @Points(2)
    @DisplayName("with auto-commit off, writes are seen by other connections only after commit, and rollback undoes them")
    void transactionsThroughAutoCommit(@Scratch Path dir) throws SQLException {
        try (Connection a = connect(dir); Connection b = connect(dir)) {
            a.createStatement().executeUpdate("CREATE TABLE t (id INTEGER PRIMARY KEY)");
            a.setAutoCommit(false);
            assertThat(a.getAutoCommit()).isFalse();
            a.createStatement().executeUpdate("INSERT INTO t VALUES (1)");
            assertThat(rows(a, "SELECT id FROM t")).as("a sees its own uncommitted row").isEqualTo(1);
            assertThat(rows(b, "SELECT id FROM t")).as("b does not see a's uncommitted row").isZero();
            a.rollback();
            assertThat(rows(a, "SELECT id FROM t")).as("after rollback, a's row is gone").isZero();
            try (PreparedStatement insert = a.prepareStatement("INSERT INTO t VALUES (?)")) {
                insert.setInt(1, 2);
                insert.executeUpdate();
            }
            assertThat(rows(b, "SELECT id FROM t")).as("b does not see the second row before commit").isZero();
            a.commit();
            assertThat(rows(b, "SELECT id FROM t")).as("after commit, b sees the row").isEqualTo(1);
            a.createStatement().executeUpdate("INSERT INTO t VALUES (3)");
        }
        try (Connection c = connect(dir)) {
            assertThat(rows(c, "SELECT id FROM t")).as("closing a connection rolls back its open transaction").isEqualTo(1);
            assertThatThrownBy(c::commit).as("commit with auto-commit on").isInstanceOf(SQLException.class);
        }
    }

    @Test
    @DisplayName("two transactions that write one row: the second fails with SQLSTATE 40001, a SQLTransactionRollbackException")
    void writeConflictIsASerializationFailure(@Scratch Path dir) throws SQLException {
        try (Connection a = connect(dir); Connection b = connect(dir)) {
            a.createStatement().executeUpdate("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER)");
            a.createStatement().executeUpdate("INSERT INTO t VALUES (1, 0)");
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            a.createStatement().executeUpdate("UPDATE t SET n = n + 1 WHERE id = 1");
            b.createStatement().executeUpdate("UPDATE t SET n = n + 10 WHERE id = 1");
            a.commit();
            assertState(b::commit, java.sql.SQLTransactionRollbackException.class, "40001",
                    "the commit of the second of two transactions that updated one row");
            b.setAutoCommit(true);
            assertThat(first(b, "SELECT n FROM t WHERE id = 1")).as("only the first transaction's update counts")
                    .isEqualTo(1L);
        }
    }

    @Test
    @DisplayName("connections to one directory share one database: each sees the other's writes")
    void connectionsToOneDirectoryShareTheDatabase(@Scratch Path dir) throws SQLException {
        try (Connection a = connect(dir)) {
            try (Connection b = connect(dir)) {
                a.createStatement().executeUpdate("CREATE TABLE s (x INTEGER)");
                b.createStatement().executeUpdate("INSERT INTO s VALUES (7)");
                assertThat(rows(a, "SELECT x FROM s")).as("a sees b's row").isEqualTo(1);
            }
            assertThat(rows(a, "SELECT x FROM s")).as("a still works after b closed").isEqualTo(1);
        }
        try (Connection again = connect(dir)) {
            assertThat(first(again, "SELECT x FROM s")).as("after every connection closed, the database opens again"
                    + " with its data").isEqualTo(7);
        }
    }

    /** The first column of the first row of {@code sql}. */
    private static long first(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as("%s gives a row", sql).isTrue();
            return rs.getLong(1);
        }
    }

    /** How many rows {@code sql} gives. */
    static int rows(Connection c, String sql) throws SQLException {
        int n = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                n++;
            }
        }
        return n;
    }

    /** {@code call} fails with an SQLException of class {@code type} and SQLSTATE {@code state}. */
    static void assertState(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Class<? extends SQLException> type,
                            String state, String what) {
        assertThatThrownBy(call).as(what).isInstanceOf(type)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as("the SQLSTATE of %s", what).isEqualTo(state));
    }

    @Test
    @DisplayName("what the driver does not support throws SQLFeatureNotSupportedException; a closed object throws SQLException")
    void unsupportedAndClosed(@Scratch Path dir) throws SQLException {
        Connection c = connect(dir);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1");
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(1);
        assertThatThrownBy(() -> rs.updateInt(1, 2)).as("updatable result sets").isInstanceOf(SQLFeatureNotSupportedException.class);
        assertThatThrownBy(() -> c.prepareCall("CALL x()")).as("stored procedures")
                .isInstanceOf(SQLFeatureNotSupportedException.class);
        c.close();
        assertThat(c.isClosed()).isTrue();
        assertThatThrownBy(() -> s.executeQuery("SELECT 1")).as("a statement of a closed connection")
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(c::createStatement).as("a closed connection").isInstanceOf(SQLException.class);
    }
}
