package dev.fromzero.sql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Step;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** CREATE INDEX with a direction after each column: what the syntax tree records, and where a misplaced direction is refused. */
@Step(chapter = 5, number = 16, title = "Descending and multi-column indexes", bonus = true,
        guide = "docs/chapter05-sql.md#step-16-bonus-descending-and-multi-column-indexes")
@Hint("After each column name, read an optional ASC or DESC and keep one flag per column: true for DESC.")
class DescIndexParserTest {

    @Test
    @Points(1)
    @DisplayName("CREATE INDEX reads ASC or DESC after each column, ASC when none is written, and refuses a second direction")
    void directionsAreRead() {
        assertThat(Parser.parse("CREATE INDEX t8all ON t8(e8 DESC, d8 ASC, c8 DESC, b8 ASC, a8 DESC)"))
                .as("select4's t8all: a flag per column, true for DESC")
                .isEqualTo(new Statement.CreateIndex("t8all", false, false, "t8", List.of("e8", "d8", "c8", "b8", "a8"),
                        List.of(true, false, true, false, true)));
        assertThat(Parser.parse("CREATE UNIQUE INDEX IF NOT EXISTS u ON t (a, b desc, c)"))
                .as("a column without a direction is ASC; desc in any case is DESC")
                .isEqualTo(new Statement.CreateIndex("u", true, true, "t", List.of("a", "b", "c"), List.of(false, true, false)));
        ParseException twice = catchThrowableOfType(() -> Parser.parse("CREATE INDEX i ON t (a DESC DESC)"),
                ParseException.class);
        assertThat(twice).as("a second direction after a column is a ParseException").isNotNull();
        assertThat(new int[] {twice.line(), twice.column()}).as("the error is at the second DESC: %s", twice.getMessage())
                .containsExactly(1, 29);
        ParseException named = catchThrowableOfType(() -> Parser.parse("CREATE INDEX i ON t (a DESC, a)"),
                ParseException.class);
        assertThat(named).as("a column named twice is still refused when the first has a direction").isNotNull();
        assertThat(new int[] {named.line(), named.column()}).as("the error is at the second a: %s", named.getMessage())
                .containsExactly(1, 30);
    }
}
