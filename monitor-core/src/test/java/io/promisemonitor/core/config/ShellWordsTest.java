package io.promisemonitor.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShellWordsTest {

    @Test
    void quotesAndEscapesFollowTheShell() {
        assertThat(ShellWords.split("a 'b c' \"d \\\"e\\\" $f\" g\\ h ''"))
                .containsExactly("a", "b c", "d \"e\" $f", "g h", "");
    }

    @Test
    void anUnclosedQuoteIsNamed() {
        assertThatThrownBy(() -> ShellWords.split("echo 'oops"))
                .hasMessage("'echo 'oops' has an unclosed single quote");
    }
}
