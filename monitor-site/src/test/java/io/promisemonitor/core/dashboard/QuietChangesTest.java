package io.promisemonitor.core.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promisemonitor.core.alert.Alert;
import io.promisemonitor.core.alert.AlertRules;
import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.core.executor.RunReason;
import io.promisemonitor.core.history.HistoryEvent;
import io.promisemonitor.core.quiet.Silences;
import io.promisemonitor.core.status.StatusStore;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Silences, maintenance windows, dependencies, confirmed changes and flapping, through a real executor running
 * real scripts, a real notify-command and the files they leave; time from a settable clock.
 */
class QuietChangesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");
    private final List<AutoCloseable> open = new ArrayList<>();
    private TestInstance instance;
    private PromiseExecutor executor;
    private Dashboard dashboard;

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** An instance whose hook appends "service previous->status message" to told; each script fails while its file
     * {@code down-<name>} exists. */
    private void start(String... services) throws Exception {
        instance = TestInstance.create(dir, "spread-starts = no", "notify-command = $instance/bin/tell");
        instance.write("bin/tell", "#!/bin/sh\necho \"$MONITOR_SERVICE $MONITOR_PREVIOUS_STATUS->$MONITOR_STATUS"
                + " $MONITOR_MESSAGE\" >> \"$MONITOR_INSTANCE/told\"\n");
        instance.root().resolve("bin/tell").toFile().setExecutable(true);
        for (String s : services) {
            String[] parts = s.split("\\|");
            String name = parts[0];
            List<String> lines = new ArrayList<>(List.of(parts).subList(1, parts.length));
            instance.service(name, lines.toArray(String[]::new));
            instance.script(name, "if [ -f \"$MONITOR_INSTANCE/down-" + name + "\" ]; then echo '" + name
                    + " is down'; exit 2; fi; echo '" + name + " is fine'");
        }
        executor = new PromiseExecutor(instance.monitor(), clock, PromiseRegistry.fromClassPath());
        PromiseExecutor.prepareFolders(instance.monitor());
        open.add(executor);
        dashboard = Dashboard.attach(executor, clock);
        open.add(0, dashboard);
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
    }

    private void down(String service, boolean down) throws Exception {
        Path file = instance.root().resolve("down-" + service);
        if (down) {
            Files.writeString(file, "");
        } else {
            Files.deleteIfExists(file);
        }
    }

    /** One minute later, one run of {@code service}. */
    private JsonNode run(String service) throws Exception {
        clock.advance(Duration.ofMinutes(1));
        assertThat(executor.trigger(service, RunReason.RERUN)).isPresent();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
        return status(service);
    }

    private JsonNode status(String service) throws Exception {
        return JSON.readTree(instance.statusFile(service).toFile());
    }

    private List<String> told() throws Exception {
        assertThat(dashboard.notifier().awaitIdle(WAIT)).isTrue();
        Path told = instance.root().resolve("told");
        return Files.exists(told) ? Files.readAllLines(told) : List.of();
    }

    private List<String> events(String service) {
        List<String> out = new ArrayList<>();
        for (HistoryEvent e : dashboard.history().history(service).orElseThrow().events()) {
            out.add(e.kind() + " " + (e.previous() == null ? "-" : e.previous()) + "->" + e.status() + " "
                    + e.message());
        }
        return out;
    }

    private List<Alert> alerts() {
        AlertRules rules = new AlertRules("Test monitor", "test", Optional.empty(), Map.of());
        return rules.services(StatusStore.of(instance.monitor(), clock).readAll(), name -> executor.service(name),
                clock.instant());
    }

    @Test
    void aChangeWaitsForItsConfirmationsAndOnlyConfirmedChangesAreTold() throws Exception {
        start("web|failures-before-bad = 3|successes-before-ok = 2");
        down("web", true);

        JsonNode first = run("web");
        assertThat(first.get("status").asText()).isEqualTo("OK");
        assertThat(first.get("message").asText()).isEqualTo("web is down");
        assertThat(first.get("attempt").asText()).isEqualTo("1/3");
        assertThat(first.get("attempt-status").asText()).isEqualTo("ERROR");
        assertThat(first.get("change-date").asText()).isEqualTo("2026-11-21T10:00:30+00:00");
        assertThat(run("web").get("attempt").asText()).isEqualTo("2/3");
        assertThat(alerts()).isEmpty();

        JsonNode third = run("web");
        assertThat(third.get("status").asText()).isEqualTo("ERROR");
        assertThat(third.has("attempt")).isFalse();
        assertThat(third.get("change-date").asText()).isEqualTo("2026-11-21T10:03:30+00:00");
        assertThat(alerts()).extracting(a -> a.labels().get("service")).containsExactly("web");

        down("web", false);
        assertThat(run("web").get("attempt").asText()).isEqualTo("1/2");
        down("web", true);
        JsonNode back = run("web");
        assertThat(back.get("status").asText()).isEqualTo("ERROR");
        assertThat(back.has("attempt")).as("a bad result ends the attempt to recover").isFalse();
        down("web", false);
        assertThat(run("web").get("status").asText()).isEqualTo("ERROR");
        assertThat(run("web").get("status").asText()).isEqualTo("OK");

        assertThat(told()).containsExactly("web OK->ERROR web is down", "web ERROR->OK web is fine");
        assertThat(events("web")).containsExactly("CHANGE -->OK web is fine", "CHANGE OK->ERROR web is down",
                "CHANGE ERROR->OK web is fine");
    }

    @Test
    void aServiceFailingWhileItsDependencyFailsIsBlockedByItAndToldOnlyWhenItFailsOnItsOwn() throws Exception {
        start("db", "app|depends-on = db", "api|depends-on = db");
        down("db", true);
        down("app", true);
        down("api", true);
        run("db");
        JsonNode app = run("app");
        assertThat(app.get("status").asText()).isEqualTo("ERROR");
        assertThat(app.get("blocked-by").toString()).isEqualTo("[\"db\"]");
        assertThat(run("api").get("blocked-by").toString()).isEqualTo("[\"db\"]");
        assertThat(told()).containsExactly("db OK->ERROR db is down");
        assertThat(alerts()).extracting(a -> a.labels().get("service")).containsExactly("db");

        down("db", false);
        down("api", false);
        run("db");
        assertThat(run("app").has("blocked-by")).isFalse();
        run("api");
        assertThat(told()).containsExactly("db OK->ERROR db is down", "db ERROR->OK db is fine",
                "app ERROR->ERROR still ERROR now that db is no longer failing: app is down");
        assertThat(alerts()).extracting(a -> a.labels().get("service")).containsExactly("app");
    }

    @Test
    void aSilencedServiceStillRunsButTellsNothingUntilItsSilenceEndsThenItsNewStatusOnce() throws Exception {
        start("web");
        Instant until = clock.instant().plus(Duration.ofMinutes(30));
        Silences.of(instance.monitor(), clock).add(false, List.of("web"), until, "moving the database", "test");
        down("web", true);

        JsonNode silenced = run("web");
        assertThat(silenced.get("status").asText()).isEqualTo("ERROR");
        assertThat(silenced.get("silenced-until").asText()).isEqualTo("2026-11-21T10:30:30+00:00");
        assertThat(silenced.get("silence-reason").asText()).isEqualTo("moving the database");
        assertThat(silenced.get("status-before-silence").asText()).isEqualTo("OK");
        down("web", false);
        run("web");
        down("web", true);
        run("web");
        assertThat(told()).isEmpty();
        assertThat(alerts()).isEmpty();

        clock.advance(Duration.ofMinutes(30));
        JsonNode after = run("web");
        assertThat(after.has("silenced-until")).isFalse();
        run("web");
        assertThat(told()).containsExactly("web OK->ERROR web is down");
        assertThat(events("web")).containsExactly("CHANGE -->OK web is fine",
                "ACTION -->ERROR in maintenance until 2026-11-21T10:30:30+00:00: moving the database",
                "ACTION -->ERROR maintenance ended", "CHANGE OK->ERROR web is down");
        assertThat(alerts()).extracting(a -> a.labels().get("service")).containsExactly("web");
        dashboard.renderNow();
        String feed = Files.readString(instance.monitor().webFolder().resolve("monitor.rss"));
        assertThat(feed).contains("in maintenance until 2026-11-21T10:30:30+00:00: moving the database",
                "maintenance ended").containsOnlyOnce("<title>[ERROR] web</title>");
        dashboard.history().publish("web", clock.instant(), Duration.ZERO);
        JsonNode runs = JSON.readTree(instance.monitor().publicFolder().resolve("web.history.json").toFile())
                .get("runs");
        assertThat(runs).hasSize(6);
        assertThat(runs.get(0).has("silenced")).isFalse();
        assertThat(runs.get(2).get("silenced").asBoolean()).isTrue();
    }

    @Test
    void aWindowThatEndsOnTheStatusItBeganWithIsNotNotified() throws Exception {
        start("web");
        Silences.of(instance.monitor(), clock).add(true, List.of(), clock.instant().plus(Duration.ofMinutes(5)),
                "", "test");
        down("web", true);
        run("web");
        down("web", false);
        clock.advance(Duration.ofMinutes(5));
        assertThat(run("web").get("status").asText()).isEqualTo("OK");
        assertThat(told()).isEmpty();
        assertThat(events("web")).containsExactly("CHANGE -->OK web is fine",
                "ACTION -->ERROR in maintenance until 2026-11-21T10:05:30+00:00: silenced",
                "ACTION -->OK maintenance ended");
    }

    @Test
    void aServiceFirstSeenInAWindowIsToldOnceAtItsEndWhenItIsBad() throws Exception {
        instance = TestInstance.create(dir);
        Silences.of(instance.monitor(), clock).add(true, List.of(), clock.instant().plus(Duration.ofMinutes(10)),
                "first deployment", "test");
        down("web", true);
        start("web");
        assertThat(status("web").get("silenced-until").asText()).isEqualTo("2026-11-21T10:10:30+00:00");
        assertThat(status("web").has("status-before-silence")).isFalse();
        clock.advance(Duration.ofMinutes(10));
        run("web");
        assertThat(told()).containsExactly("web ->ERROR web is down");
        assertThat(events("web")).containsExactly(
                "ACTION -->ERROR in maintenance until 2026-11-21T10:10:30+00:00: first deployment",
                "ACTION -->ERROR maintenance ended", "CHANGE -->ERROR web is down");
    }

    @Test
    void aMaintenanceWindowOfTheCfgSilencesTheServiceWhileItLasts() throws Exception {
        clock.set(Instant.parse("2026-11-22T02:58:30Z"));
        start("backup|maintenance = 0 3 * * * for 2h\n  0 12 * * 6 for 30m");
        down("backup", true);
        JsonNode before = run("backup");
        assertThat(before.has("silenced-until")).isFalse();
        JsonNode in = run("backup");
        assertThat(in.get("silenced-until").asText()).isEqualTo("2026-11-22T05:00:00+00:00");
        assertThat(in.get("silence-reason").asText()).isEqualTo("maintenance window 0 3 * * * for 2h");
        assertThat(told()).containsExactly("backup OK->ERROR backup is down");
    }

    @Test
    void aServiceChangingMoreThanItsFlapLimitInAnHourIsFlappingToldOnceAndItsChangesNoLonger() throws Exception {
        start("web|flap-limit = 3");
        down("web", true);
        run("web");
        down("web", false);
        run("web");
        down("web", true);
        assertThat(run("web").has("flapping")).isFalse();
        down("web", false);
        assertThat(run("web").get("flapping").asBoolean()).isTrue();
        down("web", true);
        assertThat(run("web").get("status").asText()).isEqualTo("ERROR");
        assertThat(told()).containsExactly("web OK->ERROR web is down", "web ERROR->OK web is fine",
                "web OK->ERROR web is down",
                "web ->OK flapping: 4 changes of status in the last hour (flap-limit 3); its changes are not"
                        + " notified until it settles");

        clock.advance(Duration.ofMinutes(60));
        JsonNode settled = run("web");
        assertThat(settled.has("flapping")).isFalse();
        assertThat(told()).hasSize(5).last().isEqualTo("web OK->ERROR web is down");
        assertThat(events("web")).endsWith("ACTION -->ERROR no longer flapping: 0 changes of status in the last"
                + " hour", "CHANGE OK->ERROR web is down");
        assertThat(instance.monitor().stateFolder("flaps").resolve("web.json")).doesNotExist();
    }

    @Test
    void keysReadFromTheCfgReachTheServiceConfig() {
        instance = TestInstance.create(dir);
        instance.service("app", "depends-on = db cache", "failures-before-bad = 3", "successes-before-ok = 2",
                "flap-limit = 6", "maintenance = 0 3 * * 0 for 2h");
        ServiceConfig app = InstanceConfig.loadService(instance.monitor(), instance.promiseFolder().resolve("app.cfg"));
        assertThat(app.changeRules().dependsOn()).containsExactly("db", "cache");
        assertThat(app.changeRules().failuresBeforeBad()).isEqualTo(3);
        assertThat(app.changeRules().successesBeforeOk()).isEqualTo(2);
        assertThat(app.changeRules().flapLimit()).isEqualTo(6);
        assertThat(app.changeRules().maintenance()).extracting(Object::toString).containsExactly("0 3 * * 0 for 2h");
        instance.service("slapos", "maintenance = \"0 3 * * 0 for 2h\\n30 1 1 * * for 30m\"");
        assertThat(InstanceConfig.loadService(instance.monitor(), instance.promiseFolder().resolve("slapos.cfg"))
                .changeRules().maintenance()).extracting(Object::toString)
                .containsExactly("0 3 * * 0 for 2h", "30 1 1 * * for 30m");
    }
}
