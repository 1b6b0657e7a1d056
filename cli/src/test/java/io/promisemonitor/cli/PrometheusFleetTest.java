package io.promisemonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promisemonitor.core.publish.Targets;
import io.promisemonitor.core.testing.Eventually;
import io.promisemonitor.core.testing.TestInstance;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's {@code prometheus}) discovers two running monitors through the {@code file_sd} file one
 * of them publishes, scrapes both, and a query returns both instances' services; {@code promtool} checks the shipped
 * rules and the metrics-textfile.
 */
class PrometheusFleetTest {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Process start(Path log, List<String> command) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static List<String> monitor(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPrometheusFindsTwoMonitorsThroughTheTargetsFileAndQueriesBothInstancesServices() throws Exception {
        assertThat(Files.isExecutable(PROMETHEUS)).as(PROMETHEUS + " is missing: apt-get install prometheus").isTrue();
        int portA = freePort();
        int portB = freePort();
        int portP = freePort();
        TestInstance b = TestInstance.create(dir.resolve("b"), "title = B", "httpd-port = " + portB,
                "base-url = http://127.0.0.1:" + portB + "/", "metrics-requires-auth = no");
        b.service("b-disk", "promise = dummy");
        TestInstance a = TestInstance.create(dir.resolve("a"), "title = A", "httpd-port = " + portA,
                "base-url = http://127.0.0.1:" + portA + "/", "metrics-requires-auth = no",
                "monitor-url-list = http://127.0.0.1:" + portB + "/");
        a.service("a-web", "promise = dummy", "[promise]", "status = ERROR");
        Path targets = a.monitor().webFolder().resolve(Targets.FILE);
        Path data = Files.createDirectories(dir.resolve("prometheus-data"));
        Path config = Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
                "global:", "  scrape_interval: 1s", "  evaluation_interval: 1s",
                "scrape_configs:", "  - job_name: promise-monitor", "    file_sd_configs:",
                "      - files: ['" + targets + "']", "        refresh_interval: 1s", ""));

        Process upA = start(dir.resolve("a.log"), monitor("up", "--instance", a.root().toString()));
        Process upB = start(dir.resolve("b.log"), monitor("up", "--instance", b.root().toString()));
        Process prometheus = null;
        try {
            Eventually.await("A's " + Targets.FILE, Duration.ofSeconds(60), () -> Files.exists(targets));
            prometheus = start(dir.resolve("prometheus.log"), List.of(PROMETHEUS.toString(),
                    "--config.file=" + config, "--storage.tsdb.path=" + data,
                    "--web.listen-address=127.0.0.1:" + portP));
            HttpClient http = HttpClient.newHttpClient();
            URI query = URI.create("http://127.0.0.1:" + portP + "/api/v1/query?query="
                    + URLEncoder.encode("promise_monitor_service_state", StandardCharsets.UTF_8));
            AtomicReference<Set<String>> seen = new AtomicReference<>(Set.of());
            Eventually.await("both instances' services in Prometheus (log " + dir.resolve("prometheus.log") + ")",
                    Duration.ofSeconds(90), () -> {
                        try {
                            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(query)
                                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                            Set<String> found = new TreeSet<>();
                            for (JsonNode r : JSON.readTree(answer.body()).path("data").path("result")) {
                                found.add(r.path("metric").path("instance").asText() + " "
                                        + r.path("metric").path("service").asText() + " "
                                        + r.path("value").path(1).asText());
                            }
                            seen.set(found);
                            return found.size() == 2;
                        } catch (IOException e) {
                            return false;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return false;
                        }
                    });
            assertThat(seen.get()).containsExactlyInAnyOrder("127.0.0.1:" + portA + " a-web 2",
                    "127.0.0.1:" + portB + " b-disk 0");
        } finally {
            if (prometheus != null) {
                stop(prometheus);
            }
            stop(upA);
            stop(upB);
        }
    }

    @Test
    void theShippedRulesPassPromtool() throws Exception {
        assertThat(Files.isExecutable(PROMTOOL)).as(PROMTOOL + " is missing: apt-get install prometheus").isTrue();
        Path rules = Path.of("..", "etc", "prometheus", "promise-monitor.rules.yml").toAbsolutePath().normalize();
        Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "rules", rules.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("SUCCESS: 6 rules found");
    }

    @Test
    void aCronMinuteWritesTheMetricsTextfileThatPromtoolAccepts() throws Exception {
        TestInstance instance = TestInstance.create(dir, "metrics-textfile = $instance/node-exporter/monitor.prom");
        instance.service("disk", "promise = dummy");
        Files.createDirectories(instance.root().resolve("node-exporter"));

        assertThat(CliTest.monitor("run-due", "--instance", instance.root().toString()).code()).isZero();

        Path file = instance.root().resolve("node-exporter/monitor.prom");
        String text = Files.readString(file);
        assertThat(text).contains("promise_monitor_service_state{service=\"disk\"} 0")
                .doesNotContain("failed_logins");
        Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(CliTest.monitor("validate", "--instance", TestInstance.create(dir.resolve("bad"),
                "metrics-textfile = /tmp/monitor.txt").root().toString()).out())
                .contains("'/tmp/monitor.txt' does not end in .prom");
    }
}
