package io.promisemonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {

    @TempDir
    Path dir;

    @Test
    void eachServiceHasItsStatusLastRunDurationAndTimeSinceItsStatusChanged() throws Exception {
        MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");
        try (WebFixture web = WebFixture.start(dir, clock, b -> b).withLogin()) {
            web.instance.service("disk", "frequency = @yearly", "promise = test-fixed");
            web.instance.service("backup", "frequency = @yearly", "promise = test-fixed", "[promise]",
                    "status = ERROR");
            Instant ran = clock.advance(Duration.ofSeconds(3));
            web.executor.tick();
            web.executor.awaitIdle(Duration.ofSeconds(20));
            clock.advance(Duration.ofSeconds(90));
            web.post("/cgi-bin/monitor-run-promise.cgi?service=ghost", WebFixture.login());

            HttpResponse<String> r = web.get("/metrics", WebFixture.login());

            String at = Double.toString(ran.getEpochSecond());
            assertThat(r.body()).contains(
                    "# TYPE promise_monitor_service_status gauge\n",
                    "promise_monitor_service_status{service=\"backup\",status=\"ERROR\"} 1.0\n",
                    "promise_monitor_service_status{service=\"backup\",status=\"OK\"} 0.0\n",
                    "promise_monitor_service_status{service=\"disk\",status=\"OK\"} 1.0\n",
                    "promise_monitor_service_status{service=\"disk\",status=\"WARNING\"} 0.0\n",
                    "promise_monitor_service_state{service=\"backup\"} 2.0\n",
                    "promise_monitor_service_state{service=\"disk\"} 0.0\n",
                    "promise_monitor_service_last_run_timestamp_seconds{service=\"disk\"} " + at + "\n",
                    "promise_monitor_service_status_change_timestamp_seconds{service=\"backup\"} " + at + "\n",
                    "promise_monitor_service_seconds_since_status_change{service=\"backup\"} 90.0\n",
                    "promise_monitor_services 2.0\n",
                    "promise_monitor_rerun_requests_total{code=\"404\"} 1.0\n",
                    "promise_monitor_failed_logins_total 0.0\n");
            assertThat(r.body()).containsPattern(
                    "promise_monitor_service_execution_seconds\\{service=\"disk\"} \\d+\\.\\d+(E-\\d)?\n");
        }
    }
}
