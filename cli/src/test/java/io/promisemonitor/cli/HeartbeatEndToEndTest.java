package io.promisemonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.cgi.InProcessBackend;
import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.status.ServiceStatus;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import io.promisemonitor.web.MonitorServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A heartbeat from end to end: {@code monitor heartbeat-url} prints the URL and the crontab line, the line's curl
 * pings the real web server, and the heartbeat service run by a real executor judges the ping; time is a settable
 * clock shared by the server and the executor.
 */
class HeartbeatEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
    private PromiseExecutor executor;
    private MonitorServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (executor != null) {
            executor.close();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private ServiceStatus run() throws Exception {
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
        return executor.runner().store().read("backup").orElseThrow();
    }

    private static String sh(String command) throws Exception {
        Path curl = Path.of("/usr/bin/curl");
        assertThat(Files.isExecutable(curl)).as("/usr/bin/curl is missing: install the Debian package curl"
                + " (apt-get install -y curl; bin/test does it)").isTrue();
        Process p = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void theCrontabLinePrintedByHeartbeatUrlPingsTheServerAndTheExecutorSeesIt() throws Exception {
        int port = freePort();
        TestInstance instance = TestInstance.create(dir, "spread-starts = no", "httpd-port = " + port);
        instance.service("backup", "title = Nightly backup", "promise = heartbeat", "[promise]", "period = 1h",
                "grace = 10m");
        executor = new PromiseExecutor(instance.monitor(), clock, PromiseRegistry.fromClassPath());
        PromiseExecutor.prepareFolders(instance.monitor());
        server = MonitorServer.builder(instance.monitor(), InProcessBackend.of(executor)).clock(clock).start();

        ServiceStatus waiting = run();
        CliTest.Run printed = CliTest.monitor("heartbeat-url", "--instance", instance.root().toString(), "backup");

        assertThat(waiting.status()).isEqualTo(Status.OK);
        assertThat(waiting.message()).isEqualTo("no ping yet; the first success is due by 2026-11-21T11:00:00Z"
                + " (grace 10m); get the URL with: monitor heartbeat-url backup");
        assertThat(printed.code()).as(printed.err()).isZero();
        String token = Files.readString(instance.monitor().stateFolder("promise").resolve("backup/heartbeat.token"))
                .strip();
        String url = "http://127.0.0.1:" + port + "/hb/" + token;
        assertThat(printed.out()).isEqualTo(url + "\n"
                + "# crontab line: replace YOUR-JOB with the job's command; " + url + "/start before it and " + url
                + "/fail (or /<exit code>) after it are also understood\n"
                + "0 * * * * YOUR-JOB && curl -fsS -m 10 " + url + " >/dev/null\n");

        clock.advance(Duration.ofMinutes(30));
        String line = printed.out().lines().filter(l -> l.startsWith("0 * * * * ")).findFirst().orElseThrow();
        String command = line.substring("0 * * * * ".length()).replace("YOUR-JOB", "true");
        assertThat(sh(command)).isEmpty();
        sh("printf 'dump of /srv: 3 GB\\n' | curl -fsS -m 10 --data-binary @- " + url + "/0 >/dev/null");
        clock.advance(Duration.ofMinutes(1));
        ServiceStatus pinged = run();

        assertThat(pinged.status()).isEqualTo(Status.OK);
        assertThat(pinged.message()).isEqualTo("last ping: success (exit code 0) at 2026-11-21T10:30:00Z: \"dump of"
                + " /srv: 3 GB\"; next success due by 2026-11-21T11:30:00Z (grace 10m)");

        clock.advance(Duration.ofMinutes(70));
        ServiceStatus late = run();
        assertThat(late.status()).isEqualTo(Status.ERROR);
        assertThat(late.message()).isEqualTo("late: no success since 2026-11-21T10:30:00Z, due by"
                + " 2026-11-21T11:30:00Z plus grace 10m");
    }

    @Test
    void heartbeatUrlStartsWithBaseUrlMakesTheTokenAndRefusesOtherServices() throws Exception {
        TestInstance instance = TestInstance.create(dir, "base-url = https://box.example/monitor");
        instance.service("nightly", "promise = heartbeat", "[promise]", "period = 30 2 * * *");
        instance.service("odd", "promise = heartbeat", "[promise]", "period = 90m");
        instance.service("disk", "promise = dummy");

        CliTest.Run nightly = CliTest.monitor("heartbeat-url", "--instance", instance.root().toString(), "nightly");
        CliTest.Run odd = CliTest.monitor("heartbeat-url", "--instance", instance.root().toString(), "odd");
        CliTest.Run disk = CliTest.monitor("heartbeat-url", "--instance", instance.root().toString(), "disk");
        CliTest.Run ghost = CliTest.monitor("heartbeat-url", "--instance", instance.root().toString(), "ghost");

        String token = Files.readString(instance.monitor().stateFolder("promise").resolve("nightly/heartbeat.token"))
                .strip();
        assertThat(token).hasSizeGreaterThanOrEqualTo(20);
        assertThat(nightly.out()).startsWith("https://box.example/monitor/hb/" + token + "\n")
                .endsWith("\n30 2 * * * YOUR-JOB && curl -fsS -m 10 https://box.example/monitor/hb/" + token
                        + " >/dev/null\n");
        assertThat(odd.out()).contains("\n# set the schedule (m h dom mon dow) to the job's period\nm h * * *"
                + " YOUR-JOB && curl -fsS -m 10 https://box.example/monitor/hb/");
        assertThat(disk.code()).isEqualTo(2);
        assertThat(disk.err()).isEqualTo("service 'disk' is not a heartbeat; allowed: a service with 'promise ="
                + " heartbeat' in " + instance.promiseFolder().resolve("disk.cfg") + "\n");
        assertThat(ghost.err()).isEqualTo("unknown service 'ghost': there is no "
                + instance.promiseFolder().resolve("ghost.cfg") + " nor an executable ghost in ["
                + instance.promiseFolder() + "]\n");
        assertThat(CliTest.monitor("heartbeat-url", "--instance", instance.root().toString(), "nightly").out())
                .isEqualTo(nightly.out());
        assertThat(List.of(HeartbeatUrlCommand.cronFor(Duration.ofMinutes(1)), HeartbeatUrlCommand.cronFor(
                Duration.ofMinutes(15)), HeartbeatUrlCommand.cronFor(Duration.ofHours(6)),
                HeartbeatUrlCommand.cronFor(Duration.ofDays(1)), HeartbeatUrlCommand.cronFor(Duration.ofDays(7))))
                .extracting(o -> o.orElse("-"))
                .containsExactly("* * * * *", "*/15 * * * *", "0 */6 * * *", "0 0 * * *", "0 0 * * 0");
    }
}
