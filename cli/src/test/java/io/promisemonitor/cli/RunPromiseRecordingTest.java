package io.promisemonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.dashboard.Dashboard;
import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.core.history.HistoryEvent;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A status change made by {@code monitor run-promise} beside a running executor: recorded and notified once, by
 * whoever made it, with a real hook script counting its calls.
 */
class RunPromiseRecordingTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void aChangeMadeByRunPromiseIsRecordedAndNotifiedOnceAndTheExecutorDoesNotNotifyItAgain() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no", "notify-command = $instance/bin/tell");
        instance.write("bin/tell", "#!/bin/sh\ncat >> \"$MONITOR_INSTANCE/told\"\necho >> \"$MONITOR_INSTANCE/told\"\n");
        instance.root().resolve("bin/tell").toFile().setExecutable(true);
        instance.service("backup", "title = Nightly backup", "frequency = * * * * *");
        instance.script("backup", "if [ -f \"$MONITOR_INSTANCE/broken\" ]; then echo 'backup failed'; exit 2; fi;"
                + " echo 'backup ok'");
        // run-promise reads the system clock: the executor's starts there too, so runs stay in order
        MutableClock clock = MutableClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
        PromiseExecutor executor = new PromiseExecutor(instance.monitor(), clock, PromiseRegistry.fromClassPath());
        Dashboard dashboard = Dashboard.attach(executor, clock);
        try {
            executor.tick();
            assertThat(executor.awaitIdle(WAIT)).isTrue();

            Files.writeString(instance.root().resolve("broken"), "");
            CliTest.Run run = CliTest.monitor("run-promise", "--instance", instance.root().toString(), "backup");

            assertThat(run.code()).isEqualTo(2);
            assertThat(told(instance)).hasSize(1).first().asString().contains("\"service\":\"backup\"",
                    "\"status\":\"ERROR\"", "\"previous-status\":\"OK\"", "\"message\":\"backup failed\"");
            Path publicFolder = instance.monitor().publicFolder();
            assertThat(count(Files.readString(publicFolder.resolve("backup.history.json")),
                    "\"kind\": \"change\",\\s+\"date\": \"[^\"]+\",\\s+\"status\": \"ERROR\"")).isEqualTo(1);
            Path web = instance.monitor().webFolder();
            assertThat(count(Files.readString(web.resolve("service/backup.rss")), "<title>\\[ERROR\\]")).isEqualTo(1);
            assertThat(count(Files.readString(web.resolve("monitor.rss")), "<title>\\[ERROR\\]")).isEqualTo(1);

            clock.advance(Duration.ofMinutes(1));
            executor.tick();
            assertThat(executor.awaitIdle(WAIT)).isTrue();
            dashboard.housekeeping();
            dashboard.renderNow();
            assertThat(dashboard.notifier().awaitIdle(WAIT)).isTrue();

            assertThat(told(instance)).as("the executor's run, ERROR again, is no change").hasSize(1);
            List<HistoryEvent> events = dashboard.history().history("backup").orElseThrow().events();
            assertThat(events).extracting(HistoryEvent::status).containsExactly(Status.OK, Status.ERROR);
            assertThat(dashboard.history().history("backup").orElseThrow().runs()).hasSize(3);
            assertThat(count(Files.readString(web.resolve("monitor.rss")), "<title>\\[ERROR\\]")).isEqualTo(1);
            assertThat(count(Files.readString(publicFolder.resolve("backup.history.json")),
                    "\"kind\": \"change\",\\s+\"date\": \"[^\"]+\",\\s+\"status\": \"ERROR\"")).isEqualTo(1);
        } finally {
            executor.close();
            dashboard.close();
        }
    }

    private static List<String> told(TestInstance instance) throws Exception {
        Path told = instance.root().resolve("told");
        return Files.exists(told) ? Files.readAllLines(told).stream().filter(l -> !l.isBlank()).toList() : List.of();
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
