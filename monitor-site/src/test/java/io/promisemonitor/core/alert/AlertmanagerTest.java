package io.promisemonitor.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.promisemonitor.core.executor.RunReason;
import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.executor.ServiceRunner;
import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.testing.Alertmanager;
import io.promisemonitor.core.testing.TestInstance;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alerts sent to two real Alertmanagers (Debian's prometheus-alertmanager), as a cluster's members get them. */
class AlertmanagerTest {

    @TempDir
    Path dir;

    @Test
    void aFailingServiceIsAlertedToEveryMemberWithItsLabelsAndResolvedWhenItRecovers() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (Alertmanager first = Alertmanager.start(dir.resolve("am1"));
                Alertmanager second = Alertmanager.start(dir.resolve("am2"))) {
            TestInstance instance = TestInstance.create(dir.resolve("instance"), "title = Shop",
                    "base-url = https://monitor.example.net/shop/",
                    "alertmanager-url-list =\n  " + first.url() + "\n  " + second.url()
                            + "\n  http://127.0.0.1:" + closedPort + "/",
                    "alert-labels =\n  team = ops");
            instance.service("disk");
            instance.script("disk", "if [ -f \"$MONITOR_INSTANCE/broken\" ]; then echo '{\"message\": \"disk full\"}';"
                    + " exit 1; fi\necho '{\"message\": \"fine\"}'");
            instance.service("web");
            instance.script("web", "echo '{\"message\": \"up\"}'");
            Files.writeString(instance.root().resolve("broken"), "");
            Clock clock = Clock.systemUTC();
            ExecutorService builtIns = Executors.newCachedThreadPool();
            try {
                PromiseExecutor.prepareFolders(instance.monitor());
                InstanceConfig config = InstanceConfig.load(instance.root());
                ServiceRunner runner = new ServiceRunner(instance.monitor(), clock, PromiseRegistry.fromClassPath(),
                        builtIns, name -> List.of(), (outcome, change) -> { });
                for (ServiceConfig s : config.services().values()) {
                    runner.run(s, List.of(), RunReason.SCHEDULE);
                }
                AlertLoop loop = Alerting.services(instance.monitor(), clock,
                        name -> Optional.ofNullable(config.services().get(name))).orElseThrow();

                loop.round();

                for (Alertmanager am : List.of(first, second)) {
                    List<JsonNode> alerts = list(am.alerts());
                    assertThat(alerts).as(am.toString()).hasSize(1);
                    JsonNode labels = alerts.get(0).get("labels");
                    assertThat(labels.get("alertname").asText()).isEqualTo("PromiseFailed");
                    assertThat(labels.get("service").asText()).isEqualTo("disk");
                    assertThat(labels.get("monitor").asText()).isEqualTo("Shop");
                    assertThat(labels.get("instance").asText()).isEqualTo("https://monitor.example.net/shop/");
                    assertThat(labels.get("status").asText()).isEqualTo("ERROR");
                    assertThat(labels.get("severity").asText()).isEqualTo("critical");
                    assertThat(labels.get("team").asText()).isEqualTo("ops");
                    assertThat(alerts.get(0).get("annotations").get("summary").asText()).isEqualTo("disk full");
                    assertThat(alerts.get(0).get("generatorURL").asText())
                            .isEqualTo("https://monitor.example.net/shop/service/disk.html");
                }
                assertThat(Files.readString(instance.monitor().stateFolder().resolve("alerts.json")))
                        .contains("PromiseFailed");

                Files.delete(instance.root().resolve("broken"));
                runner.run(config.services().get("disk"), List.of(), RunReason.SCHEDULE);
                loop.round();

                assertThat(list(first.alerts())).as("resolved at once").isEmpty();
                assertThat(list(second.alerts())).isEmpty();
                assertThat(Files.readString(instance.monitor().stateFolder().resolve("alerts.json")))
                        .as("kept while a member (the closed port) has not taken the resolution")
                        .contains("resolvedAt");
            } finally {
                builtIns.shutdownNow();
            }
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    @Test
    void theRulesNameStaleServicesAndAStoppedExecutor() throws IOException {
        TestInstance instance = TestInstance.create(dir, "title = Shop");
        AlertRules rules = Alerting.rules(instance.monitor());
        java.time.Instant now = java.time.Instant.parse("2026-12-04T10:00:00Z");

        Optional<Alert> down = rules.monitorDown(Optional.of(now.minusSeconds(600)), now);
        Optional<Alert> alive = rules.monitorDown(Optional.of(now.minusSeconds(30)), now);
        Optional<Alert> never = rules.monitorDown(Optional.empty(), now);

        assertThat(down).isPresent();
        assertThat(down.get().labels()).containsEntry("alertname", "MonitorDown").containsEntry("severity",
                "critical").doesNotContainKey("service");
        assertThat(down.get().annotations()).containsEntry("summary",
                "the executor's last heartbeat was at 2026-12-04T09:50:00Z");
        assertThat(down.get().endsAt()).isEqualTo(now.plus(AlertRules.HOLD));
        assertThat(alive).isEmpty();
        assertThat(never.get().annotations()).containsEntry("summary", "the executor never wrote a heartbeat");

        instance.service("nightly", "frequency = 0 3 * * *");
        ServiceConfig nightly = InstanceConfig.load(instance.root()).services().get("nightly");
        io.promisemonitor.core.status.ServiceStatus ok = io.promisemonitor.core.status.ServiceStatus.builder("nightly")
                .status(io.promisemonitor.core.promise.Status.OK).message("fine")
                .startDate(now.minus(java.time.Duration.ofDays(3)).atOffset(java.time.ZoneOffset.UTC))
                .changeDate(now.minus(java.time.Duration.ofDays(3)).atOffset(java.time.ZoneOffset.UTC)).build();
        List<Alert> stale = rules.services(List.of(ok), name -> Optional.of(nightly), now);
        assertThat(stale).hasSize(1);
        assertThat(stale.get(0).labels()).containsEntry("alertname", "PromiseStale").containsEntry("status", "STALE")
                .containsEntry("severity", "warning");
        assertThat(rules.services(List.of(ok), name -> Optional.of(nightly), now.minus(java.time.Duration.ofDays(2))))
                .as("fresh and OK: no alert").isEmpty();
    }
}
