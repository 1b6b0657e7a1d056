package io.promisemonitor.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.promisemonitor.core.testing.Eventually;
import io.promisemonitor.core.testing.MutableClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet loop against real HTTP servers on loopback ports: what a related monitor publishes, and every way it
 * can fail (garbage, too much, redirect loops, silence, a closed port), each shown as unreachable with the reason.
 */
class FleetLoopTest {

    /** Small limits, so that the silent server costs a second, not ten. */
    private static final FleetLimits LIMITS = new FleetLimits(Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofSeconds(5), Duration.ofSeconds(20), 64L << 10, 16L << 10, 3, 100, 2);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T12:00:00Z");
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private HttpServer server;
    private String base;

    /** What the fake monitor answers for one path. */
    private record Answer(int code, String body, Map<String, String> headers, boolean chunked) {
        static Answer ok(String body) {
            return new Answer(200, body, Map.of(), false);
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService threads = Executors.newCachedThreadPool();
        server.setExecutor(threads);
        server.createContext("/", this::answer);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        open.add(() -> {
            closing.countDown();
            server.stop(0);
            threads.shutdownNow();
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private void answer(HttpExchange e) throws IOException {
        Answer a = answers.get(e.getRequestURI().getPath());
        if (a == null) {
            a = new Answer(404, "not found", Map.of(), false);
        }
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        a.headers().forEach((k, v) -> e.getResponseHeaders().add(k, v));
        e.sendResponseHeaders(a.code(), a.chunked() ? 0 : body.length == 0 ? -1 : body.length);
        try (OutputStream out = e.getResponseBody()) {
            out.write(body);
        } catch (IOException closedByTheReader) {
            // the client gave up reading, as it should past the limit
        }
    }

    private static String hal(String title, String... services) {
        StringBuilder s = new StringBuilder("{\"title\": \"" + title + "\", \"_links\": {}, \"_embedded\": {\"service\": [");
        for (int i = 0; i < services.length; i++) {
            s.append(i == 0 ? "" : ", ").append("{\"id\": \"").append(services[i]).append("\", \"title\": \"")
                    .append(services[i].toUpperCase()).append("\", \"_links\": {\"status\": {\"href\": \"public/")
                    .append(services[i]).append(".status.json\"}}}");
        }
        return s.append("]}}").toString();
    }

    private static String status(String status, String message) {
        return "{\"status\": \"" + status + "\", \"message\": \"" + message + "\", \"start-date\":"
                + " \"2026-11-21T11:59:00+00:00\", \"change-date\": \"2026-11-21T10:00:00+00:00\"}";
    }

    private void beat(String prefix, Instant at) {
        answers.put(prefix + "executor-heartbeat.json", Answer.ok("{\"executor-heartbeat\": \"" + at + "\"}"));
    }

    private FleetLoop loop(String... urls) {
        List<URI> list = new ArrayList<>();
        for (String u : urls) {
            list.add(URI.create(u));
        }
        FleetLoop loop = new FleetLoop("Central", list, dir.resolve("web/fleet.json"), clock, LIMITS);
        open.add(0, loop);
        return loop;
    }

    private MonitorView only(FleetLoop loop) {
        List<MonitorView> views = loop.round();
        assertThat(views).hasSize(1);
        return views.get(0);
    }

    @Test
    void aMonitorsServicesComeBadFirstWithTheirCountsInFleetJson() throws Exception {
        answers.put("/a/monitor.haljson", Answer.ok(hal("Shop", "db", "web", "disk", "new")));
        answers.put("/a/public/db.status.json", Answer.ok(status("ERROR", "replication lag 5 min")));
        answers.put("/a/public/web.status.json", Answer.ok(status("OK", "200 OK")));
        answers.put("/a/public/disk.status.json", Answer.ok(status("warning", "91% used")));
        beat("/a/", clock.instant().minusSeconds(30));

        MonitorView view = only(loop(base + "a"));

        assertThat(view.state()).isEqualTo(MonitorView.State.OK);
        assertThat(view.title()).isEqualTo("Shop");
        assertThat(view.url()).hasToString(base + "a/");
        assertThat(view.heartbeat()).contains(clock.instant().minusSeconds(30));
        assertThat(view.services()).extracting(s -> s.id() + " " + s.status() + " " + s.message()).containsExactly(
                "db ERROR replication lag 5 min", "disk WARNING 91% used", "new PENDING no result yet", "web OK 200 OK");
        assertThat(view.services().get(0).page()).isEqualTo(base + "a/service/db.html");
        assertThat(view.services().get(0).statusUrl()).isEqualTo(base + "a/public/db.status.json");
        JsonNode json = MAPPER.readTree(dir.resolve("web/fleet.json").toFile());
        assertThat(json.path("title").asText()).isEqualTo("Central");
        assertThat(json.path("generated").asText()).isEqualTo("2026-11-21T12:00:00Z");
        JsonNode m = json.path("monitors").get(0);
        assertThat(m.path("state").asText()).isEqualTo("ok");
        assertThat(m.path("counts").toString()).isEqualTo("{\"ERROR\":1,\"UNKNOWN\":0,\"WARNING\":1,\"PENDING\":1,\"OK\":1}");
        assertThat(m.path("services").get(0).path("change-date").asText()).isEqualTo("2026-11-21T10:00:00+00:00");
    }

    @Test
    void anOldHeartbeatShowsTheExecutorNotRunningSinceItsLastBeat() {
        answers.put("/a/monitor.haljson", Answer.ok(hal("Shop", "db")));
        answers.put("/a/public/db.status.json", Answer.ok(status("OK", "fine")));
        Instant last = clock.instant().minus(Duration.ofMinutes(10));
        beat("/a/", last);

        MonitorView view = only(loop(base + "a/"));

        assertThat(view.state()).isEqualTo(MonitorView.State.EXECUTOR_DOWN);
        assertThat(view.since()).contains(last);
        assertThat(view.reason()).isEqualTo("executor not running: its heartbeat is older than 3 min");
        assertThat(view.services()).hasSize(1);
    }

    @Test
    void aMonitorWithoutHeartbeatIsReadAndSaysSo() {
        answers.put("/a/monitor.haljson", Answer.ok(hal("Shop")));

        MonitorView view = only(loop(base + "a/"));

        assertThat(view.state()).isEqualTo(MonitorView.State.OK);
        assertThat(view.reason()).isEqualTo("no executor heartbeat published (" + base
                + "a/executor-heartbeat.json: HTTP 404)");
    }

    @Test
    void garbageInsteadOfMonitorHaljsonIsUnreachableWithTheReason() {
        answers.put("/a/monitor.haljson", Answer.ok("<html>\n<h1>It works!</h1></html>"));

        MonitorView view = only(loop(base + "a/"));

        assertThat(view.state()).isEqualTo(MonitorView.State.UNREACHABLE);
        assertThat(view.reason()).isEqualTo(base + "a/monitor.haljson: not JSON (32 bytes starting"
                + " '<html>?<h1>It works!</h1></html>')");
        assertThat(view.since()).contains(clock.instant());
        assertThat(view.services()).isEmpty();
    }

    @Test
    void jsonThatIsNoMonitorHaljsonIsUnreachableWithTheReason() {
        answers.put("/a/monitor.haljson", Answer.ok("{\"title\": \"x\", \"_embedded\": {\"service\": 3}}"));

        assertThat(only(loop(base + "a/")).reason()).isEqualTo(base + "a/monitor.haljson: not a monitor.haljson"
                + " (no _embedded.service list)");
    }

    @Test
    void aHugeAnswerIsUnreachableOnceOverTheLimitWhetherItsLengthIsDeclaredOrNot() {
        String huge = "{\"title\": \"" + "x".repeat(1 << 20) + "\"}";
        answers.put("/declared/monitor.haljson", Answer.ok(huge));
        answers.put("/streamed/monitor.haljson", new Answer(200, huge, Map.of(), true));

        List<MonitorView> views = loop(base + "declared/", base + "streamed/").round();

        assertThat(views).extracting(MonitorView::reason).containsExactly(
                base + "declared/monitor.haljson: answer larger than 64 KiB (the limit)",
                base + "streamed/monitor.haljson: answer larger than 64 KiB (the limit)");
    }

    @Test
    void aRedirectLoopIsUnreachableAndNamed() {
        answers.put("/a/monitor.haljson", new Answer(302, "", Map.of("Location", "/b/monitor.haljson"), false));
        answers.put("/b/monitor.haljson", new Answer(301, "", Map.of("Location", base + "a/monitor.haljson"), false));

        assertThat(only(loop(base + "a/")).reason()).isEqualTo("redirect loop: " + base + "a/monitor.haljson -> "
                + base + "b/monitor.haljson -> " + base + "a/monitor.haljson");
    }

    @Test
    void tooManyRedirectsAreUnreachable() {
        for (int i = 0; i < 5; i++) {
            answers.put("/r" + i + "/monitor.haljson", new Answer(307, "", Map.of("Location", "/r" + (i + 1)
                    + "/monitor.haljson"), false));
        }

        assertThat(only(loop(base + "r0/")).reason()).isEqualTo("more than 3 redirects: " + base
                + "r0/monitor.haljson -> " + base + "r1/monitor.haljson -> " + base + "r2/monitor.haljson -> " + base
                + "r3/monitor.haljson -> " + base + "r4/monitor.haljson");
    }

    @Test
    void aRedirectIsFollowed() {
        answers.put("/old/monitor.haljson", new Answer(308, "", Map.of("Location", "/a/monitor.haljson"), false));
        answers.put("/a/monitor.haljson", Answer.ok(hal("Moved")));

        MonitorView view = only(loop(base + "old/"));

        assertThat(view.state()).isEqualTo(MonitorView.State.OK);
        assertThat(view.title()).isEqualTo("Moved");
    }

    @Test
    void aServerThatNeverAnswersIsUnreachableAfterTheAnswerLimit() throws Exception {
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Socket> held = new ArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    held.add(silent.accept());
                }
            } catch (IOException e) {
                // closed at the end of the test
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        open.add(silent);
        String url = "http://127.0.0.1:" + silent.getLocalPort() + "/";

        MonitorView view = only(loop(url));

        assertThat(view.state()).isEqualTo(MonitorView.State.UNREACHABLE);
        assertThat(view.reason()).isEqualTo(url + "monitor.haljson: no complete answer within 1.0 s");
    }

    @Test
    void aClosedPortIsUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/";

        assertThat(only(loop(url)).reason()).startsWith(url + "monitor.haljson: cannot connect");
    }

    @Test
    void anHttpErrorIsUnreachableWithItsCode() {
        answers.put("/a/monitor.haljson", new Answer(503, "busy", Map.of(), false));

        assertThat(only(loop(base + "a/")).reason()).isEqualTo(base + "a/monitor.haljson: HTTP 503");
    }

    @Test
    void aStatusLinkToAnotherHostIsNotFollowed() {
        answers.put("/a/monitor.haljson", Answer.ok("{\"title\": \"Shop\", \"_embedded\": {\"service\": [{\"id\":"
                + " \"x\", \"_links\": {\"status\": {\"href\": \"http://169.254.169.254/latest/meta-data\"}}}]}}"));

        ServiceView x = only(loop(base + "a/")).services().get(0);

        assertThat(x.status()).isEqualTo("UNKNOWN");
        assertThat(x.message()).isEqualTo("status link http://169.254.169.254/latest/meta-data leaves the monitor "
                + base + "a/; not read");
    }

    @Test
    void aGarbledStatusFileMakesOnlyItsServiceUnknown() {
        answers.put("/a/monitor.haljson", Answer.ok(hal("Shop", "db", "web")));
        answers.put("/a/public/db.status.json", Answer.ok("{\"status\": \"ROTTEN\"}"));
        answers.put("/a/public/web.status.json", Answer.ok("nonsense"));

        MonitorView view = only(loop(base + "a/"));

        assertThat(view.state()).isEqualTo(MonitorView.State.OK);
        assertThat(view.services()).extracting(s -> s.id() + " " + s.status() + " " + s.message()).containsExactly(
                "db UNKNOWN " + base + "a/public/db.status.json: status 'ROTTEN'; allowed: OK, WARNING, ERROR, UNKNOWN",
                "web UNKNOWN " + base + "a/public/web.status.json: not JSON (8 bytes starting 'nonsense')");
    }

    @Test
    void unreachableSinceIsKeptAcrossRoundsAndRestartsAndClearedOnceItAnswers() throws Exception {
        Instant first = clock.instant();
        assertThat(only(loop(base + "a/")).since()).contains(first);
        clock.advance(Duration.ofMinutes(5));
        // a new process over the same web folder
        FleetLoop again = loop(base + "a/");
        MonitorView still = only(again);
        assertThat(still.state()).isEqualTo(MonitorView.State.UNREACHABLE);
        assertThat(still.since()).contains(first);
        JsonNode m = MAPPER.readTree(dir.resolve("web/fleet.json").toFile()).path("monitors").get(0);
        assertThat(m.path("since").asText()).isEqualTo(first.toString());
        assertThat(m.path("reason").asText()).isEqualTo(base + "a/monitor.haljson: HTTP 404 (no monitor.haljson:"
                + " is this a monitor's base URL?)");

        answers.put("/a/monitor.haljson", Answer.ok(hal("Back")));
        clock.advance(Duration.ofMinutes(1));
        MonitorView back = only(again);
        assertThat(back.state()).isEqualTo(MonitorView.State.OK);
        assertThat(back.since()).isEqualTo(Optional.empty());
    }

    @Test
    void aMonitorThatCannotBeReadKeepsItsLastKnownTitle() {
        answers.put("/a/monitor.haljson", Answer.ok(hal("Shop")));
        FleetLoop loop = loop(base + "a/");
        loop.round();
        answers.remove("/a/monitor.haljson");

        MonitorView view = only(loop);

        assertThat(view.state()).isEqualTo(MonitorView.State.UNREACHABLE);
        assertThat(view.title()).isEqualTo("Shop");
    }

    @Test
    void theRoundRunsOnTheFleetsOwnThreadsAndTheCallerOnlyWaitsForIt() throws Exception {
        answers.put("/a/monitor.haljson", Answer.ok(hal("Shop")));
        FleetLoop loop = loop(base + "a/");
        loop.start();
        Path file = dir.resolve("web/fleet.json");
        Eventually.await("fleet.json written by the loop's thread", Duration.ofSeconds(20), () -> Files.exists(file));
        assertThat(Files.readString(file)).contains("\"title\": \"Shop\"");
    }

    @Test
    void anInstanceReadsItsMonitorUrlListIntoItsWebFolderAndWithoutOneHasNoLoop() {
        io.promisemonitor.core.testing.TestInstance none = io.promisemonitor.core.testing.TestInstance.create(
                dir.resolve("none"));
        assertThat(FleetLoop.of(none.monitor(), clock, LIMITS)).isEmpty();

        answers.put("/a/monitor.haljson", Answer.ok(hal("Shop")));
        io.promisemonitor.core.testing.TestInstance box = io.promisemonitor.core.testing.TestInstance.create(
                dir.resolve("box"), "title = Box", "monitor-url-list = " + base + "a " + base + "a/");
        FleetLoop.roundOnce(box.monitor(), clock, LIMITS);

        assertThat(box.monitor().webFolder().resolve(FleetLoop.FILE)).content()
                .contains("\"title\": \"Box\"", "\"url\": \"" + base + "a/\"", "\"title\": \"Shop\"");
    }

    @Test
    void eachRoundLogsOneLinePerMonitorItCouldNotRead() {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.promisemonitor.fleet");
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                lines.add(r.getLevel() + " " + r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        try {
            answers.put("/ok/monitor.haljson", Answer.ok(hal("Fine")));
            FleetLoop loop = loop(base + "ok/", base + "gone/");
            loop.round();
            clock.advance(Duration.ofMinutes(1));
            loop.round();
        } finally {
            log.removeHandler(handler);
        }

        String line = "WARNING fleet: related monitor " + base + "gone/ unreachable since 2026-11-21T12:00:00Z: " + base
                + "gone/monitor.haljson: HTTP 404 (no monitor.haljson: is this a monitor's base URL?); tried again in a"
                + " minute";
        assertThat(lines).containsExactly(line, line);
    }
}
