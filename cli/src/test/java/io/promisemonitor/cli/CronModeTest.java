package io.promisemonitor.cli;

import static io.promisemonitor.cli.CliTest.monitor;
import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.executor.ExecutorPresence;
import io.promisemonitor.core.executor.ServiceRunner;
import io.promisemonitor.core.liveness.Heartbeat;
import io.promisemonitor.core.run.ServiceLock;
import io.promisemonitor.core.status.ServiceStatus;
import io.promisemonitor.core.status.StatusStore;
import io.promisemonitor.core.testing.Alertmanager;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** System cron mode: the lines {@code monitor crontab} prints, {@code run-due}, and {@code run-promise --cron}. */
class CronModeTest {

    @TempDir
    Path dir;

    private static int runDue(TestInstance instance, MutableClock clock) {
        return new CommandLine(new RunDueCommand(clock)).execute("--instance", instance.root().toString());
    }

    private static Instant started(TestInstance instance, String service) {
        return read(instance, service).startDate().toInstant();
    }

    private static ServiceStatus read(TestInstance instance, String service) {
        return StatusStore.of(instance.monitor(), java.time.Clock.systemUTC()).read(service).orElseThrow();
    }

    @Test
    void aServiceIsDueWhenItsScheduleFiredSinceItsLastRunOrItNeverRan() {
        TestInstance instance = TestInstance.create(dir);
        instance.service("every5", "frequency = */5 * * * *", "promise = dummy");
        instance.service("nightly", "frequency = 0 3 * * *", "promise = dummy");
        InstanceConfig config = InstanceConfig.load(instance.root());
        ServiceConfig every5 = config.services().get("every5");
        ServiceConfig nightly = config.services().get("nightly");
        ServiceStatus ranAt10 = ServiceStatus.builder("every5")
                .status(io.promisemonitor.core.promise.Status.OK).message("ok").startDate(Instant.parse("2026-12-04T10:00:00.400Z").atOffset(ZoneOffset.UTC))
                .changeDate(Instant.parse("2026-12-04T10:00:00.400Z").atOffset(ZoneOffset.UTC)).build();

        assertThat(DueServices.isDue(every5, Optional.empty(), Instant.parse("2026-12-04T10:01:00Z"), ZoneOffset.UTC))
                .as("never ran").isTrue();
        assertThat(DueServices.isDue(every5, Optional.of(ranAt10), Instant.parse("2026-12-04T10:01:00.300Z"),
                ZoneOffset.UTC)).as("next firing 10:05").isFalse();
        assertThat(DueServices.isDue(every5, Optional.of(ranAt10), Instant.parse("2026-12-04T10:05:00.300Z"),
                ZoneOffset.UTC)).as("fires this minute").isTrue();
        assertThat(DueServices.isDue(nightly, Optional.of(ranAt10), Instant.parse("2026-12-05T02:59:00Z"),
                ZoneOffset.UTC)).as("before 03:00").isFalse();
        assertThat(DueServices.isDue(nightly, Optional.of(ranAt10), Instant.parse("2026-12-05T09:00:00Z"),
                ZoneOffset.UTC)).as("03:00 missed while cron was down: runs once now").isTrue();
    }

    @Test
    void runDueRunsWhatIsDueOnceAMinuteAndLeavesALockedServiceToItsRun() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        instance.service("every-minute", "promise = dummy");
        instance.service("every5", "frequency = */5 * * * *", "promise = dummy");
        instance.service("locked", "promise = dummy");
        instance.service("broken", "frequency = */61 * * * *");
        MutableClock clock = MutableClock.at(Instant.parse("2026-12-04T10:01:00.300Z"), ZoneOffset.UTC);

        assertThat(runDue(instance, clock)).isZero();
        for (String s : List.of("every-minute", "every5", "locked", "broken")) {
            assertThat(started(instance, s)).as(s).isEqualTo(Instant.parse("2026-12-04T10:01:00Z"));
        }
        assertThat(instance.monitor().publicFolder().resolve("every-minute.history.json"))
                .as("recorded as the executor records").exists();
        assertThat(instance.monitor().webFolder().resolve("index.html")).exists();
        assertThat(Files.readString(instance.monitor().webFolder().resolve("monitor.rss"))).contains("broken");
        assertThat(read(instance, "broken").status()).isEqualTo(io.promisemonitor.core.promise.Status.ERROR);
        assertThat(read(instance, "broken").message()).contains("broken.cfg line 2").contains("*/61");

        clock.set(Instant.parse("2026-12-04T10:02:00.300Z"));
        try (ServiceLock held = ServiceLock.tryAcquire(instance.monitor().servicePidFolder(),
                ServiceRunner.lockFolder(instance.monitor()), "locked", clock)
                .orElseThrow()) {
            assertThat(held).isNotNull();
            assertThat(runDue(instance, clock)).isZero();
        }
        assertThat(started(instance, "every-minute")).isEqualTo(Instant.parse("2026-12-04T10:02:00Z"));
        assertThat(started(instance, "every5")).as("not due before 10:05").isEqualTo(
                Instant.parse("2026-12-04T10:01:00Z"));
        assertThat(started(instance, "locked")).as("its lock was held").isEqualTo(
                Instant.parse("2026-12-04T10:01:00Z"));

        clock.set(Instant.parse("2026-12-04T10:02:30Z"));
        assertThat(runDue(instance, clock)).isZero();
        assertThat(started(instance, "locked")).as("the missed firing runs at the next cron minute").isEqualTo(
                Instant.parse("2026-12-04T10:02:30Z"));
        assertThat(started(instance, "every-minute")).as("already ran this minute").isEqualTo(
                Instant.parse("2026-12-04T10:02:00Z"));
    }

    @Test
    void aCronMinutePublishesTheTreeTheExecutorPublishes() throws Exception {
        TestInstance instance = TestInstance.create(dir, "private-path-list = $instance/var/log");
        instance.write("var/log/app.log", "started\n");
        instance.service("kept", "promise = dummy", "public-path-list = $instance/var/log/app.log");
        instance.service("removed", "promise = dummy");
        MutableClock clock = MutableClock.at(Instant.parse("2026-12-04T10:01:00.300Z"), ZoneOffset.UTC);
        assertThat(runDue(instance, clock)).isZero();
        assertThat(instance.statusFile("removed")).exists();

        Files.delete(instance.promiseFolder().resolve("removed.cfg"));
        clock.set(Instant.parse("2026-12-04T10:02:00.300Z"));
        assertThat(runDue(instance, clock)).isZero();

        Path web = instance.monitor().webFolder();
        assertThat(instance.statusFile("removed")).as("a removed service leaves public/").doesNotExist();
        assertThat(Files.readString(web.resolve("monitor.haljson"))).contains("\"kept\"").doesNotContain("removed");
        assertThat(web.resolve("monitor.css")).exists();
        assertThat(web.resolve("monitor.js")).exists();
        assertThat(instance.monitor().publicFolder().resolve("kept/app.log")).isSymbolicLink();
        assertThat(instance.monitor().privateFolder().resolve("log")).isSymbolicLink();
    }

    @Test
    void aCronMinuteReadsTheRelatedMonitorsIntoFleetJsonAndShowsOneThatCannotBeReached() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        TestInstance instance = TestInstance.create(dir, "title = Cron box", "monitor-url-list = http://127.0.0.1:"
                + port + "/");
        instance.service("kept", "promise = dummy");
        MutableClock clock = MutableClock.at(Instant.parse("2026-12-04T10:01:00.300Z"), ZoneOffset.UTC);

        assertThat(runDue(instance, clock)).isZero();

        Path web = instance.monitor().webFolder();
        assertThat(web.resolve("fleet.html")).exists();
        com.fasterxml.jackson.databind.JsonNode fleet = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(web.resolve("fleet.json").toFile());
        assertThat(fleet.path("title").asText()).isEqualTo("Cron box");
        assertThat(fleet.path("monitors").get(0).path("state").asText()).isEqualTo("unreachable");
        assertThat(fleet.path("monitors").get(0).path("reason").asText())
                .startsWith("http://127.0.0.1:" + port + "/monitor.haljson: cannot connect");
        assertThat(fleet.path("monitors").get(0).path("since").asText()).isEqualTo("2026-12-04T10:01:00.300Z");
    }

    @Test
    void aCronMinuteWithOneServiceDueRewritesNoOtherServicesPage() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        instance.service("every-minute", "promise = dummy");
        for (int i = 1; i <= 5; i++) {
            instance.service("hourly-" + i, "frequency = 0 * * * *", "promise = dummy");
        }
        MutableClock clock = MutableClock.at(Instant.parse("2026-12-04T10:00:00.300Z"), ZoneOffset.UTC);
        assertThat(runDue(instance, clock)).isZero();
        Path pages = instance.monitor().webFolder().resolve("service");
        java.util.Map<String, Object> before = new java.util.TreeMap<>();
        for (int i = 1; i <= 5; i++) {
            Path page = pages.resolve("hourly-" + i + ".html");
            before.put(page.toString(), Files.readAttributes(page,
                    java.nio.file.attribute.BasicFileAttributes.class).fileKey());
        }

        clock.set(Instant.parse("2026-12-04T10:01:00.300Z"));
        assertThat(runDue(instance, clock)).isZero();

        assertThat(started(instance, "every-minute")).isEqualTo(Instant.parse("2026-12-04T10:01:00Z"));
        java.util.Map<String, Object> after = new java.util.TreeMap<>();
        for (String page : before.keySet()) {
            after.put(page, Files.readAttributes(Path.of(page),
                    java.nio.file.attribute.BasicFileAttributes.class).fileKey());
        }
        assertThat(after).as("each page written atomically would be a new inode").isEqualTo(before);
    }

    @Test
    void aCronMinuteLeavesTheRunsToAnExecutorRunningOnTheInstance() {
        TestInstance instance = TestInstance.create(dir);
        instance.service("fine", "promise = dummy");
        MutableClock clock = MutableClock.at(Instant.parse("2026-12-04T10:01:00.300Z"), ZoneOffset.UTC);
        try (ExecutorPresence executor = ExecutorPresence.hold(instance.monitor()).orElseThrow()) {
            assertThat(executor).isNotNull();
            assertThat(runDue(instance, clock)).isZero();
        }
        assertThat(instance.statusFile("fine")).as("left to the executor").doesNotExist();

        assertThat(runDue(instance, clock)).isZero();
        assertThat(instance.statusFile("fine")).as("run once no executor runs").exists();
    }

    @Test
    void crontabPrintsOneRunDueLineAMinuteThatTheShellRunsAsCronWould() throws Exception {
        TestInstance instance = TestInstance.create(dir.resolve("my instance"));
        instance.service("shell", "frequency = */5 * * * *");
        instance.script("shell", "echo '{\"message\": \"100% fine\"}'");
        Path launcher = launcher();

        CliTest.Run run = monitor("crontab", "--instance", instance.root().toString(), "--monitor",
                launcher.toString());

        assertThat(run.code()).as(run.err()).isZero();
        Path log = instance.monitor().stateFolder().resolve("cron.log");
        String quotedRoot = "'" + instance.root() + "'";
        assertThat(run.out().split("\n")).containsExactly(
                "# Promise Monitor for " + instance.root() + " (monitor crontab); its output: " + log,
                "* * * * * " + launcher + " run-due --instance " + quotedRoot + " >>'" + log + "' 2>&1");
        assertThat(runAsCronWould(run.out().split("\n")[1], 5)).isZero();
        assertThat(Files.readString(instance.statusFile("shell"))).contains("100% fine");
        assertThat(Files.readString(log)).contains("shell: OK in ");
    }

    @Test
    void perServiceLinesRunEachServiceAndForCronDCarryTheUser() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        instance.service("every5", "frequency = */5 * * * *", "promise = dummy");
        instance.service("hourly", "frequency = @hourly", "promise = dummy");
        Path launcher = launcher();

        CliTest.Run run = monitor("crontab", "--instance", instance.root().toString(), "--monitor",
                launcher.toString(), "--per-service", "--cron-d", "monitor");

        Path log = instance.monitor().stateFolder().resolve("cron.log");
        assertThat(run.out().split("\n")).containsExactly(
                "# Promise Monitor for " + instance.root() + " (monitor crontab); its output: " + log,
                "SHELL=/bin/sh",
                "PATH=/usr/local/bin:/usr/bin:/bin",
                "*/5 * * * * monitor " + launcher + " run-promise --cron --instance " + instance.root()
                        + " every5 >>" + log + " 2>&1",
                "@hourly monitor " + launcher + " run-promise --cron --instance " + instance.root()
                        + " hourly >>" + log + " 2>&1");
        assertThat(runAsCronWould(run.out().split("\n")[3], 6)).isZero();
        assertThat(instance.statusFile("every5")).exists();
        assertThat(monitor("crontab", "--instance", instance.root().toString(), "--cron-d", "Not A User").err())
                .contains("--cron-d 'Not A User': not a user name");
    }

    @Test
    void aCronLineForARemovedServiceSaysSoOnceAndExitsZero() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        String root = instance.root().toString();

        CliTest.Run first = monitor("run-promise", "--cron", "--instance", root, "gone");
        CliTest.Run second = monitor("run-promise", "--cron", "--instance", root, "gone");

        assertThat(first.code()).isZero();
        assertThat(first.out()).contains("gone: no such service (unknown service 'gone'").contains("said once");
        assertThat(second.code()).isZero();
        assertThat(second.out() + second.err()).isEmpty();

        instance.service("gone", "promise = dummy");
        assertThat(monitor("run-promise", "--cron", "--instance", root, "gone").out()).contains("gone: OK");
        Files.delete(instance.promiseFolder().resolve("gone.cfg"));
        assertThat(monitor("run-promise", "--cron", "--instance", root, "gone").out())
                .as("gone again after it came back: said again").contains("no such service");
    }

    @Test
    void aCronLogPastItsLimitIsMovedAsideWhenARunStarts() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        instance.service("x", "promise = dummy");
        Path log = instance.monitor().stateFolder().resolve("cron.log");
        Files.createDirectories(log.getParent());
        Files.write(log, new byte[(int) CronLog.LIMIT_BYTES + 1]);

        monitor("run-promise", "--cron", "--instance", instance.root().toString(), "x");

        assertThat(log).doesNotExist();
        assertThat(log.resolveSibling("cron.log.1")).hasSize(CronLog.LIMIT_BYTES + 1);
    }

    @Test
    void aCronMinuteBeatsTheExecutorHeartbeatAndAlertsAlertmanager() throws Exception {
        try (Alertmanager am = Alertmanager.start(dir.resolve("am"))) {
            TestInstance instance = TestInstance.create(dir.resolve("instance"), "alertmanager-url-list = " + am.url());
            instance.service("failing", "promise = dummy", "[promise]", "status = ERROR", "message = broken");
            MutableClock clock = MutableClock.at(java.time.Instant.now(), ZoneOffset.UTC);

            assertThat(runDue(instance, clock)).isZero();

            assertThat(Heartbeat.read(instance.monitor())).contains(clock.instant());
            com.fasterxml.jackson.databind.JsonNode alerts = am.alerts();
            assertThat(alerts.size()).isEqualTo(1);
            assertThat(alerts.get(0).get("labels").get("service").asText()).isEqualTo("failing");
            assertThat(alerts.get(0).get("labels").get("alertname").asText()).isEqualTo("PromiseFailed");
        }
    }

    /** A script that starts this test's monitor classes, as a launcher on a cron line would. */
    private Path launcher() throws Exception {
        Path script = dir.resolve("monitor-launcher");
        Files.writeString(script, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -cp '" + System.getProperty("java.class.path") + "' " + Main.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** Runs the command part of a cron line with /bin/sh, as cron does: after the first {@code fields} fields. */
    private static int runAsCronWould(String line, int fields) throws Exception {
        String command = line;
        for (int i = 0; i < fields; i++) {
            command = command.substring(command.indexOf(' ') + 1);
        }
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", command.replace("\\%", "%")));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as("a cron line's output goes to its log, so cron mails nothing").isEmpty();
        return p.exitValue();
    }
}
