package io.promisemonitor.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RenderCoalescerTest {

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
    private final RenderCoalescer coalescer = new RenderCoalescer(clock, Duration.ofSeconds(5), () -> { });

    @Test
    void requestsWithinTheIntervalWaitForIt() {
        coalescer.request();
        assertThat(coalescer.runIfDue()).isTrue();

        coalescer.request();
        clock.advance(Duration.ofSeconds(4));
        assertThat(coalescer.runIfDue()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(coalescer.runIfDue()).isTrue();
        assertThat(coalescer.renders()).isEqualTo(2);
    }

    @Test
    void aWallClockSetBackDoesNotHoldRendersBackForTheLengthOfTheJump() {
        coalescer.request();
        coalescer.runIfDue();

        clock.jump(Duration.ofMinutes(-10));
        coalescer.request();

        assertThat(coalescer.runIfDue()).isTrue();
        assertThat(coalescer.renders()).isEqualTo(2);
    }
}
