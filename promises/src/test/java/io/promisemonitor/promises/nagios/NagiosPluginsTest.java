package io.promisemonitor.promises.nagios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import io.promisemonitor.promises.Plugins;
import io.promisemonitor.promises.http.TestServers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any Nagios plugin is a promise: the real monitoring-plugins binaries as {@code command = ...} services, run by a
 * real executor; what they say must come out right in the status files.
 */
class NagiosPluginsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");
    private PromiseExecutor executor;

    @AfterEach
    void stop() {
        if (executor != null) {
            executor.close();
        }
    }

    /** Runs every service of {@code instance} once. */
    private void runAll(TestInstance instance) throws InterruptedException {
        executor = new PromiseExecutor(instance.monitor(), clock, PromiseRegistry.fromClassPath());
        PromiseExecutor.prepareFolders(instance.monitor());
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
    }

    private static JsonNode status(TestInstance instance, String service) throws IOException {
        return JSON.readTree(instance.statusFile(service).toFile());
    }

    private static String plugin(String name) {
        return Plugins.require(name).toString();
    }

    @Test
    void checkDummyZeroToThreeGiveTheFourStatuses() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        for (int code = 0; code <= 3; code++) {
            instance.service("dummy-" + code, "command = " + plugin("check_dummy") + " " + code + " 'said " + code
                    + "'");
        }

        runAll(instance);

        String[] statuses = {"OK", "WARNING", "ERROR", "UNKNOWN"};
        String[] words = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};
        for (int code = 0; code <= 3; code++) {
            JsonNode s = status(instance, "dummy-" + code);
            assertThat(s.get("status").asText()).as("dummy-" + code).isEqualTo(statuses[code]);
            assertThat(s.get("message").asText()).isEqualTo(words[code] + ": said " + code);
            assertThat(s.get("returncode").asInt()).isEqualTo(code);
            assertThat(s.get("perfdata")).isEmpty();
        }
    }

    @Test
    void checkTcpToAnOpenPortIsOkWithItsTimeAndToAClosedOneIsAnError() throws Exception {
        int closed = TestServers.closedPort();
        try (ServerSocket open = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!open.isClosed()) {
                    try (Socket s = open.accept()) {
                        s.getInputStream().read();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            TestInstance instance = TestInstance.create(dir, "spread-starts = no");
            instance.service("open", "command = " + plugin("check_tcp") + " -H 127.0.0.1 -p " + open.getLocalPort());
            instance.service("closed", "command = " + plugin("check_tcp") + " -H 127.0.0.1 -p " + closed);

            runAll(instance);

            JsonNode ok = status(instance, "open");
            assertThat(ok.get("status").asText()).isEqualTo("OK");
            assertThat(ok.get("message").asText()).matches("TCP OK - \\d+\\.\\d{3} second response time on"
                    + " 127\\.0\\.0\\.1 port " + open.getLocalPort());
            JsonNode time = ok.get("perfdata").get(0);
            assertThat(time.get("label").asText()).isEqualTo("time");
            assertThat(time.get("unit").asText()).isEqualTo("s");
            assertThat(time.get("value").asDouble()).isBetween(0.0, 10.0);
            assertThat(time.get("min").asText()).isEqualTo("0.000000");
            assertThat(time.get("max").asText()).isEqualTo("10.000000");
            JsonNode refused = status(instance, "closed");
            assertThat(refused.get("status").asText()).isEqualTo("ERROR");
            assertThat(refused.get("message").asText()).isEqualTo("connect to address 127.0.0.1 and port " + closed
                    + ": Connection refused");
            assertThat(refused.get("returncode").asInt()).isEqualTo(2);
        }
    }

    @Test
    void checkHttpAgainstALocalServerGivesStatusTimeAndSize() throws Exception {
        try (TestServers server = TestServers.http()) {
            TestInstance instance = TestInstance.create(dir, "spread-starts = no");
            instance.service("shop", "command = " + plugin("check_http") + " -I 127.0.0.1 -p " + server.port()
                    + " -u /ok -s Welcome");
            instance.service("broken", "command = " + plugin("check_http") + " -I 127.0.0.1 -p " + server.port()
                    + " -u /fail");

            runAll(instance);

            JsonNode ok = status(instance, "shop");
            assertThat(ok.get("status").asText()).isEqualTo("OK");
            String message = ok.get("message").asText();
            assertThat(message).matches("HTTP OK: HTTP/1\\.1 200 OK - \\d+ bytes in \\d+\\.\\d{3} second response"
                    + " time");
            int bytes = Integer.parseInt(message.replaceAll(".* - (\\d+) bytes .*", "$1"));
            assertThat(ok.get("perfdata").get(0).get("label").asText()).isEqualTo("time");
            assertThat(ok.get("perfdata").get(0).get("unit").asText()).isEqualTo("s");
            assertThat(ok.get("perfdata").get(1).get("label").asText()).isEqualTo("size");
            assertThat(ok.get("perfdata").get(1).get("value").asInt()).isEqualTo(bytes);
            assertThat(ok.get("perfdata").get(1).get("unit").asText()).isEqualTo("B");
            JsonNode broken = status(instance, "broken");
            assertThat(broken.get("status").asText()).isEqualTo("ERROR");
            assertThat(broken.get("message").asText()).startsWith("HTTP CRITICAL: HTTP/1.1 500 Internal Server Error");
        }
    }

    @Test
    void checkDiskGivesItsStatusAndUsedSpacePerMountPoint() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        instance.service("roomy", "command = " + plugin("check_disk") + " -w 0% -c 0% -p $instance");
        instance.service("full", "command = " + plugin("check_disk") + " -w 100% -c 100% -p $instance");

        runAll(instance);

        JsonNode roomy = status(instance, "roomy");
        assertThat(roomy.get("status").asText()).isEqualTo("OK");
        assertThat(roomy.get("message").asText()).matches("DISK OK - free space: \\S+ \\d+MiB \\(\\d+% inode="
                + "\\d+%\\);");
        JsonNode used = roomy.get("perfdata").get(0);
        assertThat(used.get("unit").asText()).isEqualTo("B");
        assertThat(used.get("min").asText()).isEqualTo("0");
        assertThat(used.get("value").asDouble()).isPositive().isLessThanOrEqualTo(used.get("max").asDouble());
        JsonNode full = status(instance, "full");
        assertThat(full.get("status").asText()).isEqualTo("ERROR");
        assertThat(full.get("message").asText()).startsWith("DISK CRITICAL - free space: ");
        assertThat(full.get("returncode").asInt()).isEqualTo(2);
    }
}
