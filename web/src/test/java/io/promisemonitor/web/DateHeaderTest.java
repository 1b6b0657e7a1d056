package io.promisemonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.testing.Eventually;
import io.promisemonitor.core.testing.MutableClock;
import io.undertow.util.DateUtils;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DateHeaderTest {

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");

    private static String date(WebFixture web) throws Exception {
        return web.get("/monitor.haljson").headers().firstValue("Date").orElseThrow();
    }

    @Test
    void theDateHeaderKeepsUpWithTimeAfterAnotherServerStoppedWithinASecondOfAnswering(@TempDir Path one,
            @TempDir Path two) throws Exception {
        // As after any quiet second: Undertow's own cache of the header is empty.
        Field cache = DateUtils.class.getDeclaredField("cachedDateString");
        cache.setAccessible(true);
        ((AtomicReference<?>) cache.get(null)).set(null);
        String first;
        try (WebFixture stoppedAtOnce = WebFixture.start(one, clock, b -> b)) {
            first = date(stoppedAtOnce);
        }

        try (WebFixture web = WebFixture.start(two, clock, b -> b)) {
            Eventually.await("a Date header later than " + first, Duration.ofSeconds(5), () -> {
                try {
                    return !date(web).equals(first);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(date(web)).isNotEqualTo(first);
        }
    }
}
