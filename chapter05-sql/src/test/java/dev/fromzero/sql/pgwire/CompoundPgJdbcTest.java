package dev.fromzero.sql.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Step 15 through the PostgreSQL protocol: a prepared compound query is described and run as a SELECT is. */
@Step(chapter = 5, number = 15, title = "Compound queries", bonus = true,
        guide = "docs/chapter05-sql.md#step-15-bonus-compound-queries")
@Hint("A Describe of a prepared statement answers with the columns of a query and NoData for the rest: a compound"
        + " query returns rows, as a SELECT does.")
class CompoundPgJdbcTest {

    @Test
    @Points(1)
    @DisplayName("pgJDBC prepares a compound query with parameters, reads its columns before running it, and runs it many times")
    void preparedCompoundQueries(@Scratch Path dir) throws IOException, SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "test");
        properties.setProperty("connectTimeout", "20");
        properties.setProperty("socketTimeout", "20");
        try (Served s = Served.in(dir);
             Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + s.port() + "/test", properties)) {
            c.createStatement().executeUpdate("CREATE TABLE a (id INTEGER PRIMARY KEY, x INTEGER)");
            c.createStatement().executeUpdate("INSERT INTO a VALUES (1, 10), (2, 20), (3, 30), (4, 20)");
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT x AS v FROM a WHERE id <= ? UNION SELECT x FROM a WHERE id = ? ORDER BY v DESC")) {
                ResultSetMetaData meta = query.getMetaData();
                assertThat(meta).as("the metadata of a prepared compound query, before it runs (Describe of the"
                        + " statement)").isNotNull();
                assertThat(List.of(meta.getColumnCount(), meta.getColumnLabel(1))).as("one column, named by the first"
                        + " SELECT").containsExactly(1, "v");
                for (int run = 1; run <= 7; run++) {
                    query.setLong(1, 2);
                    query.setLong(2, run % 2 == 0 ? 3 : 4);
                    List<Long> values = new ArrayList<>();
                    try (ResultSet rs = query.executeQuery()) {
                        while (rs.next()) {
                            values.add(rs.getLong(1));
                        }
                    }
                    assertThat(values).as("run %d (from the sixth on, pgJDBC names the statement on the server)", run)
                            .isEqualTo(run % 2 == 0 ? List.of(30L, 20L, 10L) : List.of(20L, 10L));
                }
            }
        }
    }
}
