package io.promisemonitor.promises.pagekite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import io.promisemonitor.core.dashboard.Dashboard;
import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.status.ServiceStatus;
import io.promisemonitor.core.testing.Eventually;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both watchdogs as services of a real executor with the dashboard attached: each action shows in the service's
 * message, in its history and as an item of the RSS feeds (read back with Rome).
 */
class WatchdogActionsInTheFeedTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private static SyndFeed parse(Path file) throws Exception {
        try (XmlReader reader = new XmlReader(Files.newInputStream(file))) {
            return new SyndFeedInput().build(reader);
        }
    }

    @Test
    void aSignalSentAndAProcessTerminatedAreInTheMessageTheHistoryAndTheFeed() throws Exception {
        // Ahead of the real time, so the real sleep below is past its first validation.
        MutableClock clock = MutableClock.at(Instant.now().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MINUTES),
                ZoneOffset.UTC);
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        FakeRelay relay = new FakeRelay();
        open.add(relay);
        relay.answer = FakeRelay.Answer.OFFLINE_PAGE;
        FakePagekite kite = FakePagekite.start(instance.root());
        open.add(kite);
        long id = ThreadLocalRandom.current().nextLong(100_000_000L, 999_999_999L);
        Process sleep = new ProcessBuilder("sleep", Long.toString(id)).start();
        open.add(sleep::destroyForcibly);
        instance.service("kite", "title = PageKite", "timeout = 60s", "promise = pagekite", "[promise]",
                "kite = kite.test", "relay-url = " + relay.url(), "pid-file = run/pagekite.pid", "failures = 1");
        instance.service("firefox", "title = Firefox watchdog", "timeout = 60s", "promise = process-watchdog",
                "[promise]", "cmdline = ^sleep " + id + "$", "validation-folder = var/validated",
                "validation-interval = 60s", "action = terminate", "grace = 5s");
        PromiseExecutor executor = new PromiseExecutor(instance.monitor(), clock, PromiseRegistry.fromClassPath());
        PromiseExecutor.prepareFolders(instance.monitor());
        open.add(0, executor);
        Dashboard dashboard = Dashboard.attach(executor, clock);
        open.add(0, dashboard);

        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
        dashboard.housekeeping();
        dashboard.renderNow();

        Eventually.await("pagekite received SIGSEGV", WAIT, () -> !kite.process.isAlive());
        assertThat(kite.process.exitValue()).isEqualTo(139);
        ServiceStatus kiteStatus = executor.runner().store().read("kite").orElseThrow();
        ServiceStatus firefox = executor.runner().store().read("firefox").orElseThrow();
        String signal = "sent SIGSEGV to pid " + kite.pid() + " (from " + instance.root().resolve("run/pagekite.pid")
                + ")";
        assertThat(kiteStatus.status()).isEqualTo(Status.ERROR);
        assertThat(kiteStatus.message()).contains("(1 in a row): " + signal + "; crash report kept at ");
        String terminated = "pid " + sleep.pid() + " (sleep " + id + ") terminated by SIGTERM (never validated, ";
        assertThat(firefox.status()).isEqualTo(Status.WARNING);
        assertThat(firefox.message()).startsWith("1 of 1 matching processes over a limit: " + terminated);
        assertThat(sleep.isAlive()).isFalse();

        SyndFeed feed = parse(instance.monitor().webFolder().resolve("monitor.rss"));
        List<String> items = new ArrayList<>();
        for (SyndEntry e : feed.getEntries()) {
            items.add(e.getTitle() + " | " + e.getDescription().getValue());
        }
        assertThat(items).anyMatch(i -> i.equals("[ACTION] PageKite | " + signal));
        assertThat(items).anyMatch(i -> i.startsWith("[ACTION] PageKite | crash report kept at "));
        assertThat(items).anyMatch(i -> i.startsWith("[ACTION] Firefox watchdog | " + terminated));
        SyndFeed own = parse(instance.monitor().webFolder().resolve("service/kite.rss"));
        assertThat(own.getEntries()).extracting(SyndEntry::getTitle).contains("[ACTION] PageKite");

        JsonNode history = new ObjectMapper().readTree(instance.monitor().publicFolder().resolve("kite.history.json")
                .toFile());
        List<String> actions = new ArrayList<>();
        history.get("changes").forEach(c -> {
            if (c.get("kind").asText().equals("action")) {
                actions.add(c.get("message").asText());
            }
        });
        assertThat(actions).contains(signal);
        assertThat(instance.monitor().stateFolder("history").resolve("actions")).isEmptyDirectory();
    }
}
