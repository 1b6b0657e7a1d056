package io.promisemonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.promisemonitor.core.testing.Eventually;
import io.promisemonitor.core.testing.TestInstance;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor's process reads its related monitors into fleet.json on the fleet's own thread. */
class ExecutorFleetTest {

    @TempDir
    Path dir;

    @Test
    void theExecutorReadsItsRelatedMonitorsIntoFleetJsonOnAThreadOfItsOwn() throws Exception {
        HttpServer related = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        related.createContext("/", e -> {
            String body = switch (e.getRequestURI().getPath()) {
                case "/monitor.haljson" -> "{\"title\": \"Other\", \"_embedded\": {\"service\": [{\"id\": \"db\"}]}}";
                case "/public/db.status.json" -> "{\"status\": \"ERROR\", \"message\": \"replication lag 5 min\"}";
                case "/executor-heartbeat.json" -> "{\"executor-heartbeat\": \"" + Instant.now() + "\"}";
                default -> null;
            };
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            e.sendResponseHeaders(body == null ? 404 : 200, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = e.getResponseBody()) {
                out.write(bytes);
            }
        });
        related.start();
        try {
            String url = "http://127.0.0.1:" + related.getAddress().getPort() + "/";
            TestInstance instance = TestInstance.create(dir, "title = Central", "monitor-url-list = " + url);
            Path fleet = instance.monitor().webFolder().resolve("fleet.json");
            try (ExecutorCommand.Started started = ExecutorCommand.startWithDashboard(instance.monitor())) {
                assertThat(started.fleet()).isPresent();
                Eventually.await("fleet.json with the related monitor read", Duration.ofSeconds(30),
                        () -> Files.exists(fleet) && read(fleet).contains("\"state\": \"ok\""));
                assertThat(read(fleet)).contains("\"url\": \"" + url + "\"", "\"title\": \"Other\"",
                        "\"message\": \"replication lag 5 min\"");
                assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals("fleet"));
                Eventually.await("the page installed by the dashboard's first render", Duration.ofSeconds(30),
                        () -> Files.exists(instance.monitor().webFolder().resolve("fleet.html")));
            }
        } finally {
            related.stop(0);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
