package dev.fromzero.sql.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Step;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** PostgreSQL's own JDBC driver (pgJDBC) against the server: what a Java program elsewhere would do. */
@Step(chapter = 5, number = 13, title = "The PostgreSQL wire protocol",
        guide = "docs/chapter05-sql.md#step-13-the-postgresql-wire-protocol")
@Hint("pgJDBC speaks the extended protocol: Parse, Bind, Describe, Execute, Sync, several in one write. After five "
        + "runs of one PreparedStatement it names the statement on the server and asks for binary results, so the "
        + "formats a Bind asks for matter.")
class PgJdbcTest {

    private static Connection connect(Served s) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "test");
        properties.setProperty("connectTimeout", "20");
        properties.setProperty("socketTimeout", "20");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + s.port() + "/test", properties);
    }

    @Test
    @Points(2)
    @DisplayName("pgJDBC connects, writes, and reads rows with typed getters and wasNull")
    void connectsAndQueries(@Scratch Path dir) throws IOException, SQLException {
        try (Served s = Served.in(dir); Connection c = connect(s); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score FLOAT, ok BOOLEAN)"))
                    .as("CREATE TABLE's count").isZero();
            assertThat(st.executeUpdate("INSERT INTO t VALUES (1, 'ann', 2.5, TRUE), (2, NULL, NULL, FALSE)"))
                    .as("the INSERT's count, from its tag INSERT 0 2").isEqualTo(2);
            assertThat(st.executeUpdate("UPDATE t SET score = 1.0 WHERE id = 2")).as("the UPDATE's count").isEqualTo(1);
            try (ResultSet rs = st.executeQuery("SELECT id, name, score, ok FROM t ORDER BY id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong("id")).isEqualTo(1L);
                assertThat(rs.getString("name")).isEqualTo("ann");
                assertThat(rs.getDouble("score")).isEqualTo(2.5);
                assertThat(rs.getBoolean("ok")).isTrue();
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("name")).as("NULL text").isNull();
                assertThat(rs.wasNull()).isTrue();
                assertThat(rs.getDouble("score")).isEqualTo(1.0);
                assertThat(rs.getBoolean("ok")).isFalse();
                assertThat(rs.next()).isFalse();
            }
            assertThat(st.executeUpdate("DELETE FROM t")).as("the DELETE's count").isEqualTo(2);
        }
    }

    @Test
    @Points(3)
    @DisplayName("pgJDBC's prepared statements run many times with int, long, double, string, boolean and NULL parameters")
    void preparedStatements(@Scratch Path dir) throws IOException, SQLException {
        try (Served s = Served.in(dir); Connection c = connect(s)) {
            c.createStatement().executeUpdate("CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT, score FLOAT, ok BOOLEAN)");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO p VALUES (?, ?, ?, ?)")) {
                for (int id = 1; id <= 12; id++) {
                    insert.setInt(1, id);
                    if (id % 4 == 0) {
                        insert.setNull(2, Types.VARCHAR);
                    } else {
                        insert.setString(2, "it's " + id);
                    }
                    insert.setDouble(3, id / 2.0);
                    insert.setBoolean(4, id % 2 == 0);
                    assertThat(insert.executeUpdate()).as("prepared insert number %d", id).isEqualTo(1);
                }
            }
            List<String> seen = new ArrayList<>();
            try (PreparedStatement query = c.prepareStatement("SELECT id, name, score, ok FROM p WHERE id = ?")) {
                for (long id = 1; id <= 12; id++) {
                    query.setLong(1, id);
                    try (ResultSet rs = query.executeQuery()) {
                        assertThat(rs.next()).as("row %d, on run %d of the prepared query", id, id).isTrue();
                        seen.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getDouble(3) + "|" + rs.getBoolean(4));
                        assertThat(rs.next()).isFalse();
                    }
                }
            }
            assertThat(seen).as("every row, read back through the same prepared query (its later runs named on the"
                    + " server, with binary results)").hasSize(12)
                    .startsWith("1|it's 1|0.5|false", "2|it's 2|1.0|true").contains("4|null|2.0|true", "12|null|6.0|true");
        }
    }

    @Test
    @Points(2)
    @DisplayName("errors reach pgJDBC as SQLExceptions with their SQLSTATE, and the connection goes on")
    void errorsCarrySqlStates(@Scratch Path dir) throws IOException, SQLException {
        try (Served s = Served.in(dir); Connection c = connect(s); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE e (id INTEGER PRIMARY KEY)");
            st.executeUpdate("INSERT INTO e VALUES (1)");
            assertThatThrownBy(() -> st.executeQuery("SELECT * FROM nope")).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as("undefined table").isEqualTo("42P01"));
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO e VALUES (1)")).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as("unique violation").isEqualTo("23505"));
            try (PreparedStatement p = c.prepareStatement("SELECT id FROM e WHERE id = ?")) {
                p.setInt(1, 1);
                try (ResultSet rs = p.executeQuery()) {
                    assertThat(rs.next()).as("after the errors, a prepared query works").isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(1);
                }
            }
        }
    }

    @Test
    @Points(2)
    @DisplayName("pgJDBC's commit and rollback work: the server reports the transaction in ReadyForQuery")
    void transactions(@Scratch Path dir) throws IOException, SQLException {
        try (Served s = Served.in(dir); Connection a = connect(s); Connection b = connect(s)) {
            a.createStatement().executeUpdate("CREATE TABLE t (id INTEGER PRIMARY KEY)");
            a.setAutoCommit(false);
            a.createStatement().executeUpdate("INSERT INTO t VALUES (1)");
            assertThat(count(b)).as("b does not see a's uncommitted row").isZero();
            a.rollback();
            assertThat(count(a)).as("after rollback, a's row is gone").isZero();
            a.createStatement().executeUpdate("INSERT INTO t VALUES (2)");
            a.commit();
            assertThat(count(b)).as("after commit, b sees the row (pgJDBC sends COMMIT only if the server said 'T')")
                    .isEqualTo(1);
        }
    }

    private static int count(Connection c) throws SQLException {
        int n = 0;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM t")) {
            while (rs.next()) {
                n++;
            }
        }
        return n;
    }

    @Test
    @DisplayName("pgJDBC's ResultSetMetaData sees the column types the RowDescription gave")
    void resultMetaData(@Scratch Path dir) throws IOException, SQLException {
        try (Served s = Served.in(dir); Connection c = connect(s); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 1 AS i, 1.5 AS f, 'x' AS t, TRUE AS b")) {
            ResultSetMetaData meta = rs.getMetaData();
            assertThat(meta.getColumnCount()).isEqualTo(4);
            assertThat(List.of(meta.getColumnLabel(1), meta.getColumnLabel(2), meta.getColumnLabel(3), meta.getColumnLabel(4)))
                    .containsExactly("i", "f", "t", "b");
            assertThat(List.of(meta.getColumnTypeName(1), meta.getColumnTypeName(2), meta.getColumnTypeName(3),
                    meta.getColumnTypeName(4))).as("the type names pgJDBC reads from the OIDs")
                    .containsExactly("int8", "float8", "text", "bool");
        }
    }
}
