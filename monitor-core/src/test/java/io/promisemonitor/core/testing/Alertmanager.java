package io.promisemonitor.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Alertmanager (Debian's {@code prometheus-alertmanager}) on a loopback port, with its own configuration and
 * data folder, clustering off; {@link #close()} stops it by its process.
 */
public final class Alertmanager implements AutoCloseable {

    public static final Path PROGRAM = Path.of("/usr/bin/prometheus-alertmanager");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Process process;
    private final URI url;
    private final Path log;

    private Alertmanager(Process process, URI url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    public static Alertmanager start(Path folder) throws IOException {
        assertThat(Files.isExecutable(PROGRAM)).as(PROGRAM + " is missing: apt-get install prometheus-alertmanager")
                .isTrue();
        Files.createDirectories(folder.resolve("data"));
        Path config = Files.writeString(folder.resolve("alertmanager.yml"),
                "route:\n  receiver: nobody\n  group_wait: 1s\nreceivers:\n  - name: nobody\n");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path log = folder.resolve("alertmanager.log");
        Process process = new ProcessBuilder(PROGRAM.toString(), "--config.file=" + config,
                "--storage.path=" + folder.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Alertmanager am = new Alertmanager(process, URI.create("http://127.0.0.1:" + port + "/"), log);
        try {
            Eventually.await("Alertmanager ready on " + am.url + " (log " + log + ")", Duration.ofSeconds(30),
                    am::ready);
        } catch (RuntimeException | Error e) {
            am.close();
            throw e;
        }
        return am;
    }

    public URI url() {
        return url;
    }

    private boolean ready() {
        try {
            return get("-/ready").statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code GET /api/v2/alerts}: the alerts it holds, not resolved. */
    public JsonNode alerts() throws IOException {
        HttpResponse<String> answer = get("api/v2/alerts");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return MAPPER.readTree(answer.body());
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(url.resolve(path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public String toString() {
        return "Alertmanager at " + url + " (log " + log + ")";
    }
}
