package io.promisemonitor.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoginLogTest {

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");
    private final LoginLog log = new LoginLog(clock);

    @Test
    void oneAddressGetsAtMostOneLineAMinuteAndTheNextLineCountsWhatWasHeldBack() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            log.failed("10.0.0.1", "admin").ifPresent(lines::add);
            log.throttled("10.0.0.1", "admin", Duration.ofSeconds(42)).ifPresent(lines::add);
            clock.advance(Duration.ofMillis(500));
        }
        log.failed("10.0.0.2", "admin").ifPresent(lines::add);

        // 100 failures and 100 refusals in 50 s: one line, and one for the other address
        assertThat(lines).containsExactly("failed login from 10.0.0.1 for user 'admin'",
                "failed login from 10.0.0.2 for user 'admin'");

        clock.advance(Duration.ofSeconds(10));
        assertThat(log.throttled("10.0.0.1", "admin", Duration.ofSeconds(42))).contains("login from 10.0.0.1 for"
                + " user 'admin' refused with 429 without a check: its 10 checks for wrong passwords in 60s are used"
                + " up; retry in 42s;"
                + " since 2026-11-21T10:00:30Z also 99 failed and 100 throttled from this address (one line per"
                + " address and 60s)");
        assertThat(log.failed("10.0.0.1", "admin")).isEmpty();
    }

    @Test
    void aUserNameIsQuotedCutAndStrippedOfControlCharacters() {
        assertThat(log.failed("10.0.0.1", "ad'min\nFAKE LINE\u001b[31m")).contains("failed login from 10.0.0.1"
                + " for user 'ad\\x27min\\x0aFAKE LINE\\x1b[31m'");
        assertThat(LoginLog.shown("u".repeat(5000))).isEqualTo("'" + "u".repeat(64) + "' (cut at 64 characters)");
    }
}
