package dev.fromzero.course.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    @Test
    @DisplayName("tables align numbers right and text left, write NULL, and escape line breaks")
    void tables() {
        List<String> lines = ResultTable.lines(List.of("id", "name", "ok"),
                List.of(Arrays.<Object>asList(1L, "ann", true), Arrays.<Object>asList(10L, null, false), Arrays.<Object>asList(null, "a\nb", null)));
        assertThat(lines).containsExactly(
                " id   | name | ok",
                "------+------+-------",
                "    1 | ann  | TRUE",
                "   10 | NULL | FALSE",
                " NULL | a\\nb | NULL");
    }
}
