package io.promisemonitor.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MutableClockTest {

    @Test
    void advancingTheClockMovesEveryZoneViewOfIt() {
        MutableClock clock = MutableClock.at("2026-11-21T19:42:00Z");
        Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));

        clock.advance(Duration.ofMinutes(5));

        assertThat(paris.instant()).isEqualTo(Instant.parse("2026-11-21T19:47:00Z"));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    }
}
