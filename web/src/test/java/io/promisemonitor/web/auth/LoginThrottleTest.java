package io.promisemonitor.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");
    private final LoginThrottle throttle = new LoginThrottle(clock);

    private void wrong(String client, String user) {
        assertThat(throttle.tryCheck(client, user)).isEmpty();
        throttle.done(client, user, true);
    }

    @Test
    void pairsWithoutWrongPasswordsInTheLastMinuteAreForgotten() {
        for (int i = 0; i < 1000; i++) {
            wrong("10.0.0." + (i % 250), "user" + i);
        }
        assertThat(throttle.pairs()).isEqualTo(1000);

        clock.advance(LoginThrottle.WINDOW);
        wrong("10.0.0.1", "admin");

        assertThat(throttle.pairs()).isEqualTo(1);
    }

    @Test
    void anAttackerRotatingAddressesAndUserNamesCannotGrowTheTableBeyondItsBound() {
        for (int i = 0; i < LoginThrottle.MAX_PAIRS + 500; i++) {
            wrong("10." + (i >> 16) + "." + (i >> 8 & 255) + "." + (i & 255), "x".repeat(4000));
        }

        assertThat(throttle.pairs()).isEqualTo(LoginThrottle.MAX_PAIRS);
    }

    @Test
    void aRightPasswordLeavesNothingBehindAndCountsNothing() {
        for (int i = 0; i < 30; i++) {
            assertThat(throttle.tryCheck("10.0.0.1", "admin")).isEmpty();
            throttle.done("10.0.0.1", "admin", false);
        }

        assertThat(throttle.pairs()).isZero();
        assertThat(throttle.blocked("10.0.0.1", "admin")).isEmpty();
    }

    @Test
    void checksUnderWayHoldTheirSlotsUntilTheyAreDone() {
        for (int i = 0; i < LoginThrottle.LIMIT; i++) {
            assertThat(throttle.tryCheck("10.0.0.1", "admin")).isEmpty();
        }

        assertThat(throttle.tryCheck("10.0.0.1", "admin")).contains(Duration.ofSeconds(1));
        throttle.done("10.0.0.1", "admin", false);
        assertThat(throttle.tryCheck("10.0.0.1", "admin")).isEmpty();
    }
}
