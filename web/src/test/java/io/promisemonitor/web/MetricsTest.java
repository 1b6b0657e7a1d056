package io.promisemonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.liveness.Heartbeat;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    @Test
    void aScraperAskingForOpenMetricsGetsOpenMetricsAndOthersTheTextFormat() throws Exception {
        MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");
        try (WebFixture web = WebFixture.start(dir, clock, b -> b).withLogin()) {
            web.instance.service("disk", "frequency = @yearly", "promise = test-fixed");
            clock.advance(Duration.ofSeconds(3));
            web.executor.tick();
            web.executor.awaitIdle(Duration.ofSeconds(20));
            String[] login = WebFixture.login();

            // what Prometheus sends
            HttpResponse<String> open = web.get("/metrics", login[0], login[1], "Accept",
                    "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.3,*/*;q=0.2");
            HttpResponse<String> text = web.get("/metrics", login);

            assertThat(open.headers().firstValue("Content-Type")).contains(
                    "application/openmetrics-text; version=1.0.0; charset=utf-8");
            assertThat(open.body()).contains("promise_monitor_service_state{service=\"disk\"} 0.0\n")
                    .endsWith("# EOF\n");
            assertThat(text.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
            assertThat(text.body()).doesNotContain("# EOF");
        }
    }

    @Test
    void aRemovedServiceVanishesAtTheNextScrapeAfterTheRescanAndItsStatusFileIsDeleted() throws Exception {
        MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");
        try (WebFixture web = WebFixture.start(dir, clock, b -> b).withLogin()) {
            web.instance.service("disk", "frequency = @yearly", "promise = test-fixed");
            Path gone = web.instance.service("old", "frequency = @yearly", "promise = test-fixed", "[promise]",
                    "status = ERROR");
            clock.advance(Duration.ofSeconds(3));
            web.executor.tick();
            web.executor.awaitIdle(Duration.ofSeconds(20));
            assertThat(web.get("/metrics", WebFixture.login()).body())
                    .contains("promise_monitor_service_state{service=\"old\"} 2.0\n");

            Files.delete(gone);
            clock.advance(Duration.ofSeconds(3));
            web.executor.tick();

            String body = web.get("/metrics", WebFixture.login()).body();
            assertThat(body).doesNotContain("service=\"old\"").contains("promise_monitor_services 1.0\n",
                    "promise_monitor_service_state{service=\"disk\"} 0.0\n");
            assertThat(web.instance.statusFile("old")).doesNotExist();
            assertThat(web.instance.statusFile("disk")).exists();
        }
    }

    @Test
    void aStaleServiceIsOneOnItsStaleGaugeAndTheHeartbeatIsATimestamp() throws Exception {
        MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");
        try (WebFixture web = WebFixture.start(dir, clock, b -> b).withLogin()) {
            web.instance.service("minutely", "frequency = * * * * *", "timeout = 10s", "promise = test-fixed");
            web.instance.service("yearly", "frequency = @yearly", "promise = test-fixed");
            clock.advance(Duration.ofSeconds(3));
            web.executor.tick();
            web.executor.awaitIdle(Duration.ofSeconds(20));
            Instant beat = Heartbeat.read(web.instance.monitor()).orElseThrow();
            assertThat(web.get("/metrics", WebFixture.login()).body()).contains(
                    "promise_monitor_service_stale{service=\"minutely\"} 0.0\n");

            // twice the longest period (1 min) plus the timeout, and a second more: no run happened meanwhile
            clock.advance(Duration.ofSeconds(131));

            assertThat(web.get("/metrics", WebFixture.login()).body()).contains(
                    "# TYPE promise_monitor_service_stale gauge\n",
                    "promise_monitor_service_stale{service=\"minutely\"} 1.0\n",
                    "promise_monitor_service_stale{service=\"yearly\"} 0.0\n",
                    "# TYPE promise_monitor_executor_heartbeat_timestamp_seconds gauge\n",
                    "promise_monitor_executor_heartbeat_timestamp_seconds " + (double) beat.getEpochSecond() + "\n");
        }
    }

    @Test
    void theDocumentedMetricListIsExactlyWhatIsServed() throws Exception {
        MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");
        try (WebFixture web = WebFixture.start(dir, clock, b -> b).withLogin()) {
            web.instance.service("disk", "frequency = @yearly", "promise = test-fixed");
            clock.advance(Duration.ofSeconds(3));
            web.executor.tick();
            web.executor.awaitIdle(Duration.ofSeconds(20));
            web.post("/cgi-bin/monitor-run-promise.cgi?service=ghost", WebFixture.login());

            String body = web.get("/metrics", WebFixture.login()).body();

            Set<String> served = new TreeSet<>();
            for (String line : body.split("\n")) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    served.add(line.split("[{ ]", 2)[0]);
                }
            }
            Set<String> documented = new TreeSet<>();
            Matcher row = Pattern.compile("(?m)^\\| `(promise_monitor_[a-z_]+)` \\|")
                    .matcher(Files.readString(Path.of("..", "docs", "metrics.md")));
            while (row.find()) {
                documented.add(row.group(1));
            }
            assertThat(documented).hasSize(11);
            assertThat(served).isEqualTo(documented);
        }
    }
}
