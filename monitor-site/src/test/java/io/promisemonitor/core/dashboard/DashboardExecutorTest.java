package io.promisemonitor.core.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.promisemonitor.core.executor.RunReason;
import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.testing.Eventually;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard attached to a real executor running real promise scripts, time driven by a settable clock. */
class DashboardExecutorTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private TestInstance instance(String... conf) {
        List<String> lines = new ArrayList<>(List.of("spread-starts = no"));
        lines.addAll(List.of(conf));
        TestInstance instance = TestInstance.create(dir, lines.toArray(String[]::new));
        instance.service("fine", "title = Always fine");
        instance.script("fine", "echo '{\"message\": \"all good\"}'");
        instance.service("warns", "title = Disk usage");
        instance.script("warns", "echo 'DISK WARNING - /srv is 91% used | /srv=91%;90;95;0;100'; exit 1");
        instance.service("fails", "title = Nightly backup");
        instance.script("fails", "if [ -f \"$MONITOR_INSTANCE/backup-done\" ]; then echo '{\"message\": \"backup ok\"}';"
                + " exit 0; fi; echo '{\"message\": \"last backup is 3 days old\"}'; exit 1");
        return instance;
    }

    private PromiseExecutor executor(TestInstance instance) {
        PromiseExecutor executor = new PromiseExecutor(instance.monitor(), clock, PromiseRegistry.fromClassPath());
        PromiseExecutor.prepareFolders(instance.monitor());
        open.add(executor);
        return executor;
    }

    private Dashboard attach(PromiseExecutor executor) {
        Dashboard dashboard = Dashboard.attach(executor, clock);
        open.add(0, dashboard);
        return dashboard;
    }

    private static String read(Path file) throws Exception {
        return Files.readString(file);
    }

    @Test
    void resultsOfARealExecutorReachTheHistoryThePagesAndTheFeeds() throws Exception {
        TestInstance instance = instance();
        PromiseExecutor executor = executor(instance);
        Dashboard dashboard = attach(executor);

        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
        assertThat(dashboard.renderIfDue()).isTrue();

        Path web = instance.monitor().webFolder();
        String index = read(web.resolve("index.html"));
        assertThat(index).contains("<caption>3 services, bad ones first</caption>",
                "<span class=\"text\">last backup is 3 days old</span>",
                "<span class=\"text\">DISK WARNING - /srv is 91% used</span>", "<span class=\"text\">all good</span>",
                "<li>/srv = 91% (warn 90, crit 95, min 0, max 100)</li>");
        assertThat(index.indexOf("s-fails")).isLessThan(index.indexOf("s-warns"));
        assertThat(index.indexOf("s-warns")).isLessThan(index.indexOf("s-fine"));
        assertThat(read(web.resolve("monitor.rss"))).contains("<title>[ERROR] Nightly backup</title>",
                "<title>[WARNING] Disk usage</title>", "<title>[OK] Always fine</title>");
        assertThat(web.resolve("service/fails.html")).exists();
        assertThat(new ObjectMapper().readTree(instance.monitor().publicFolder().resolve("fails.history.json")
                .toFile()).get("runs").get(0).get("status").asText()).isEqualTo("ERROR");
    }

    @Test
    void servicesAddedAndRetitledInTheExecutorsFolderReachTheIndexAndTheirPages() throws Exception {
        TestInstance instance = instance();
        PromiseExecutor executor = executor(instance);
        Dashboard dashboard = attach(executor);
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
        assertThat(dashboard.renderIfDue()).isTrue();
        dashboard.housekeeping();
        clock.advance(Duration.ofSeconds(5));
        assertThat(dashboard.renderIfDue()).as("the same catalogue: nothing to render").isFalse();

        instance.service("later", "title = Added later");
        instance.script("later", "echo '{\"message\": \"late but fine\"}'");
        instance.service("fine", "title = Still fine");
        clock.advance(Duration.ofMinutes(1));
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
        dashboard.housekeeping();
        assertThat(dashboard.renderIfDue()).isTrue();

        Path web = instance.monitor().webFolder();
        assertThat(read(web.resolve("index.html"))).contains("<caption>4 services, bad ones first</caption>",
                "Added later", "Still fine");
        assertThat(read(web.resolve("service/later.html"))).contains("<title>Added later · ");
        assertThat(read(web.resolve("service/fine.rss"))).contains("<title>Still fine (");
    }

    @Test
    void aRunQueuedAsARerunIsRenderedAtOnce() throws Exception {
        TestInstance instance = instance();
        PromiseExecutor executor = executor(instance);
        Dashboard dashboard = attach(executor);
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
        dashboard.renderIfDue();
        int renders = dashboard.coalescer().renders();
        Files.writeString(instance.root().resolve("backup-done"), "");

        assertThat(executor.trigger("fails", RunReason.RERUN)).get().extracting(PromiseExecutor.Enqueued::created)
                .isEqualTo(true);
        assertThat(executor.awaitIdle(WAIT)).isTrue();

        assertThat(dashboard.coalescer().renders()).isEqualTo(renders + 1);
        assertThat(read(instance.monitor().webFolder().resolve("index.html")))
                .contains("<span class=\"text\">backup ok</span>");
    }

    @Test
    void aHungHookNeverHoldsUpTheExecutor() throws Exception {
        TestInstance instance = instance("notify-command = $instance/bin/tell", "notify-timeout = 60s");
        instance.write("bin/tell", "#!/bin/sh\ntouch \"$MONITOR_INSTANCE/hook-started\"\n"
                + "while [ ! -f \"$MONITOR_INSTANCE/go\" ]; do sleep 0.05; done\ncat >> \"$MONITOR_INSTANCE/told\"\n");
        instance.root().resolve("bin/tell").toFile().setExecutable(true);
        PromiseExecutor executor = executor(instance);
        Dashboard dashboard = attach(executor);

        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).as("every run done while the hook hangs").isTrue();
        Eventually.await("the hook started", WAIT, () -> Files.exists(instance.root().resolve("hook-started")));
        assertThat(dashboard.notifier().awaitIdle(Duration.ofMillis(200))).as("the hook is still hanging").isFalse();

        Files.writeString(instance.root().resolve("go"), "");
        assertThat(dashboard.notifier().awaitIdle(WAIT)).isTrue();
        List<String> told = Files.readAllLines(instance.root().resolve("told"));
        // fails (ERROR) and warns (WARNING) are news; fine's first result, OK, is not.
        assertThat(told).hasSize(2).anySatisfy(line -> assertThat(line).contains("\"service\":\"fails\"",
                "\"status\":\"ERROR\"", "\"previous-status\":null", "\"message\":\"last backup is 3 days old\""));
        assertThat(told).noneMatch(line -> line.contains("\"service\":\"fine\""));

        Files.writeString(instance.root().resolve("backup-done"), "");
        executor.trigger("fails", RunReason.RERUN);
        assertThat(executor.awaitIdle(WAIT)).isTrue();
        assertThat(dashboard.notifier().awaitIdle(WAIT)).isTrue();
        assertThat(Files.readAllLines(instance.root().resolve("told"))).hasSize(3).last().asString()
                .contains("\"service\":\"fails\"", "\"status\":\"OK\"", "\"previous-status\":\"ERROR\"");
    }

    @Test
    void aFailingHookIsShownOnTheDashboard() throws Exception {
        TestInstance instance = instance("notify-command = /bin/sh -c 'echo no relay >&2; exit 5'");
        PromiseExecutor executor = executor(instance);
        Dashboard dashboard = attach(executor);

        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
        assertThat(dashboard.notifier().awaitIdle(WAIT)).isTrue();
        dashboard.renderNow();

        assertThat(read(instance.monitor().webFolder().resolve("index.html"))).containsPattern(
                "<p class=\"alert hook\" role=\"alert\">2026-11-21T10:00:30Z notify-command (fails|warns): first result"
                        + " -&gt; (ERROR|WARNING): /bin/sh exited with 5: no relay</p>");
    }
}
