package dev.fromzero.course.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.course.sql.Statements.Statement;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StatementsTest {

    @Test
    @DisplayName("a ; ends a statement only outside strings, quoted names and comments")
    void semicolonsInsideDoNotEnd() {
        Statements.Split split = Statements.split("""
                -- first; a comment
                SELECT 'a;b', 'it''s;' FROM "x;y"; /* c; d */ SELECT 2
                ;SELECT 3; -- trailing; comment
                """);
        assertThat(split.statements()).containsExactly(
                new Statement("SELECT 'a;b', 'it''s;' FROM \"x;y\"", 2),
                new Statement("SELECT 2", 2),
                new Statement("SELECT 3", 3));
        assertThat(split.restBlank()).as("only a comment follows the last ;").isTrue();
    }

    @Test
    @DisplayName("an open string, quoted name or block comment, or text after the last ;, is not a whole statement yet")
    void incompleteInput() {
        for (String text : List.of("SELECT 1", "SELECT 'a;", "SELECT \"a;", "SELECT 1 /* ; ", "SELECT 1; /* x; ",
                "SELECT 1;\n  SELECT\n 2")) {
            assertThat(Statements.split(text).restBlank()).as("%s is not complete", text).isFalse();
        }
        Statements.Split split = Statements.split("SELECT 1;\n\n  SELECT\n 2");
        assertThat(split.rest()).isEqualTo("SELECT\n 2");
        assertThat(split.restLine()).as("the rest starts on its first token's line").isEqualTo(3);
        assertThat(Statements.split(";; \n;").statements()).as("empty statements are none").isEmpty();
    }
}
