package io.promisemonitor.core.config;

import io.promisemonitor.core.promise.Durations;
import io.promisemonitor.core.promise.Sizes;
import io.promisemonitor.core.promise.DidYouMean;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void durationsTakeTheDocumentedUnits() {
        assertThat(Durations.parse("20s")).isEqualTo(Duration.ofSeconds(20));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
    }

    @Test
    void aDurationWithoutUnitIsRefused() {
        assertThatThrownBy(() -> Durations.parse("20")).hasMessage("'20' is not a duration; allowed: a whole number"
                + " with a unit ms, s, m, h or d, such as 20s, 5m, 1h");
    }

    @Test
    void sizesAreBinaryOrDecimalByTheirUnit() {
        assertThat(Sizes.parse("512KiB")).isEqualTo(524_288L);
        assertThat(Sizes.parse("5GiB")).isEqualTo(5L << 30);
        assertThat(Sizes.parse("1.5MB")).isEqualTo(1_500_000L);
        assertThat(Sizes.parse("100")).isEqualTo(100L);
        assertThatThrownBy(() -> Sizes.parse("5 gigs")).hasMessageStartingWith("'5 gigs' is not a size;");
    }

    @Test
    void percentsAreZeroToHundred() {
        assertThat(Sizes.parsePercent("10%")).isEqualTo(10.0);
        assertThatThrownBy(() -> Sizes.parsePercent("110%"))
                .hasMessage("'110%' is not a percent; allowed: 0% to 100%, such as 10%");
    }

    @Test
    void didYouMeanOnlySuggestsCloseWords() {
        assertThat(DidYouMean.suggest("frequncy", java.util.List.of("frequency", "title")))
                .isEqualTo("; did you mean 'frequency'?");
        assertThat(DidYouMean.suggest("zzzzzz", java.util.List.of("frequency", "title"))).isEmpty();
    }
}
