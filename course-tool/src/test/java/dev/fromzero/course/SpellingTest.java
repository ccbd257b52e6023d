package dev.fromzero.course;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SpellingTest {

    private static final List<String> COMMANDS = List.of("status", "test", "diff", "generate", "verify", "help");

    @Test
    @DisplayName("a swap of two letters, a missing or an extra letter finds the command meant")
    void findsTheCommandMeant() {
        assertThat(Spelling.closest("tset", COMMANDS)).contains("test");
        assertThat(Spelling.closest("veryfy", COMMANDS)).contains("verify");
        assertThat(Spelling.closest("stauts", COMMANDS)).contains("status");
        assertThat(Spelling.closest("dif", COMMANDS)).contains("diff");
    }

    @Test
    @DisplayName("nothing is suggested for a word far from every command")
    void suggestsNothingFarAway() {
        assertThat(Spelling.closest("compile", COMMANDS)).isEmpty();
        assertThat(Spelling.distance("kitten", "sitting")).isEqualTo(3);
    }
}
