package io.promisemonitor.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class WriteFailuresTest {

    /** Keeps what is logged; the real logger behind System.getLogger is only a sink here. */
    private static final class Lines implements System.Logger {
        final List<String> lines = new ArrayList<>();

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(level + " " + msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(level + " " + format);
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier) {
            lines.add(level + " " + msgSupplier.get());
        }
    }

    @Test
    void eachKindOfFailureIsLoggedOnceAMinuteWithTheCountOfThoseLeftOut() {
        MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
        Lines log = new Lines();
        WriteFailures failures = new WriteFailures(log, clock);

        assertThat(failures.failed("history", "/s/a.journal", "cannot be written: No space left on device")).isTrue();
        clock.advance(Duration.ofSeconds(20));
        assertThat(failures.failed("history", "/s/b.journal", "cannot be written: No space left on device")).isFalse();
        assertThat(failures.failed("status", "/p/a.status.json", "cannot be written: No space left on device"))
                .isTrue();
        clock.advance(Duration.ofSeconds(39));
        assertThat(failures.failed("history", "/s/a.journal", "cannot be written: No space left on device")).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(failures.failed("history", "/s/b.journal", "cannot be written: No space left on device")).isTrue();

        assertThat(log.lines).containsExactly(
                "ERROR /s/a.journal: cannot be written: No space left on device; will keep running",
                "ERROR /p/a.status.json: cannot be written: No space left on device; will keep running",
                "ERROR /s/b.journal: cannot be written: No space left on device; will keep running (2 more like it in"
                        + " the last minute)");
    }
}
