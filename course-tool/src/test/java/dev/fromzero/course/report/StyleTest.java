package dev.fromzero.course.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.course.report.Style.When;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StyleTest {

    @Test
    @DisplayName("auto colours a terminal only while NO_COLOR is unset or empty; always and never ignore both")
    void autoFollowsTheTerminalAndNoColor() {
        assertThat(Style.coloured(When.AUTO, true, null)).isTrue();
        assertThat(Style.coloured(When.AUTO, true, "")).isTrue();
        assertThat(Style.coloured(When.AUTO, true, "1")).isFalse();
        assertThat(Style.coloured(When.AUTO, true, "0")).as("any non-empty value disables colour").isFalse();
        assertThat(Style.coloured(When.AUTO, false, null)).isFalse();
        assertThat(Style.coloured(When.ALWAYS, false, "1")).isTrue();
        assertThat(Style.coloured(When.NEVER, true, null)).isFalse();
    }

    @Test
    @DisplayName("plain text has no escape codes; ANSI wraps text and resets after it")
    void plainHasNoEscapes() {
        assertThat(Style.PLAIN.red("fail") + Style.PLAIN.green("ok") + Style.PLAIN.dim("x")).isEqualTo("failokx");
        assertThat(Style.ANSI.red("fail")).isEqualTo("\u001b[31mfail\u001b[0m");
        assertThat(Style.ANSI.bold("")).isEmpty();
    }
}
