package io.promisemonitor.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.promisemonitor.core.history.HistoryEvent;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.run.ProcessRunner;
import io.promisemonitor.core.testing.Eventually;
import io.promisemonitor.core.testing.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifierTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
    private final AtomicInteger problemChanges = new AtomicInteger();
    private Notifier notifier;
    private HttpServer server;

    @AfterEach
    void tearDown() {
        if (notifier != null) {
            notifier.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private static ChangeNotice notice(String message) {
        HistoryEvent event = new HistoryEvent("0123456789abcdef0123456789abcdef", "disk", "Disk space on /srv",
                HistoryEvent.Kind.CHANGE, Status.ERROR, Status.OK, message, Instant.parse("2026-11-21T09:59:00Z"));
        return new ChangeNotice("Box", "/srv/box", event, "https://box.example/service/disk.html#e-0123",
                "https://box.example/public/disk.status.json", ZoneOffset.UTC);
    }

    private Notifier notifier(List<String> command, Optional<URI> url, Duration timeout, int retries) {
        notifier = new Notifier(command, url, timeout, retries, Duration.ofMillis(20), dir,
                dir.resolve("state/notify/command-output.log"), clock, problemChanges::incrementAndGet);
        return notifier;
    }

    private Path script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        file.toFile().setExecutable(true);
        return file;
    }

    /** A web hook on a loopback port that answers each POST with the next of {@code codes} (the last repeats). */
    private List<String> hook(int... codes) throws IOException {
        List<String> bodies = new CopyOnWriteArrayList<>();
        AtomicInteger n = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/hook", exchange -> {
            bodies.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int code = codes[Math.min(n.getAndIncrement(), codes.length - 1)];
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
        });
        server.start();
        return bodies;
    }

    private URI hookUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook?token=s3cret");
    }

    @Test
    void theCommandGetsTheChangeAsJsonOnStdinAndAsEnvironmentVariables() throws Exception {
        // MONITOR_RUN_ID marks the processes of the run, as a promise's (docs/security.md)
        Path tell = script("tell", "cat > \"$0.json\"; env | grep '^MONITOR_' | grep -v '^MONITOR_RUN_ID=' | sort"
                + " > \"$0.env\"");
        notifier(List.of(tell.toString()), Optional.empty(), WAIT, 0).submit(notice("full: <97%> & \"more\""));

        assertThat(notifier.awaitIdle(WAIT)).isTrue();

        JsonNode json = new ObjectMapper().readTree(dir.resolve("tell.json").toFile());
        assertThat(json.toString()).isEqualTo("{\"monitor\":\"Box\",\"service\":\"disk\",\"title\":\"Disk space on /srv\","
                + "\"status\":\"ERROR\",\"previous-status\":\"OK\",\"message\":\"full: <97%> & \\\"more\\\"\","
                + "\"change-date\":\"2026-11-21T09:59:00+00:00\",\"id\":\"0123456789abcdef0123456789abcdef\","
                + "\"link\":\"https://box.example/service/disk.html#e-0123\","
                + "\"status-url\":\"https://box.example/public/disk.status.json\"}");
        assertThat(Files.readAllLines(dir.resolve("tell.env"))).containsExactly(
                "MONITOR_CHANGE_DATE=2026-11-21T09:59:00+00:00",
                "MONITOR_EVENT_ID=0123456789abcdef0123456789abcdef",
                "MONITOR_INSTANCE=/srv/box",
                "MONITOR_LINK=https://box.example/service/disk.html#e-0123",
                "MONITOR_MESSAGE=full: <97%> & \"more\"",
                "MONITOR_PREVIOUS_STATUS=OK",
                "MONITOR_SERVICE=disk",
                "MONITOR_SERVICE_TITLE=Disk space on /srv",
                "MONITOR_STATUS=ERROR",
                "MONITOR_STATUS_URL=https://box.example/public/disk.status.json",
                "MONITOR_TITLE=Box");
        assertThat(notifier.problems()).isEmpty();
    }

    @Test
    void aChildTheCommandLeftRunningIsKilledAndReapedNotLeftAZombie() throws Exception {
        // as under an executor: its runs made the JVM the subreaper that inherits every orphan
        assertThat(ProcessRunner.create(clock).run(List.of("/bin/true"), Map.of(), dir, WAIT).exitCode()).isZero();
        Path tell = script("tell", "sleep 0.5 & echo $! > \"$0.child\"");
        notifier(List.of(tell.toString()), Optional.empty(), WAIT, 0).submit(notice("full"));
        assertThat(notifier.awaitIdle(WAIT)).isTrue();

        long child = Long.parseLong(Files.readString(dir.resolve("tell.child")).strip());
        Eventually.await("the hook's child " + child + " gone, not a zombie", Duration.ofSeconds(5),
                () -> !Files.exists(Path.of("/proc", Long.toString(child))));
        assertThat(notifier.problems()).isEmpty();
    }

    @Test
    void aFailingCommandIsAProblemQuotingItsOutputUntilItSucceedsAgain() throws Exception {
        Path flaky = script("flaky", "if [ -f \"$0.fixed\" ]; then exit 0; fi; echo 'mail: relay refused' >&2; exit 3");
        notifier(List.of(flaky.toString()), Optional.empty(), WAIT, 0).submit(notice("full"));
        assertThat(notifier.awaitIdle(WAIT)).isTrue();

        assertThat(notifier.problems()).containsExactly("2026-11-21T10:00:00Z notify-command disk: OK -> ERROR: "
                + flaky + " exited with 3: mail: relay refused");
        assertThat(problemChanges.get()).isEqualTo(1);

        Files.writeString(dir.resolve("flaky.fixed"), "");
        notifier.submit(notice("full"));
        assertThat(notifier.awaitIdle(WAIT)).isTrue();
        assertThat(notifier.problems()).isEmpty();
        assertThat(problemChanges.get()).isEqualTo(2);
    }

    @Test
    void aHungCommandIsKilledAtTheTimeoutAndSubmittingNeverWaitsForIt() throws Exception {
        Path hang = script("hang", "touch \"$0.started\"; sleep 60");
        notifier(List.of(hang.toString()), Optional.empty(), Duration.ofMillis(500), 0);

        notifier.submit(notice("first"));
        notifier.submit(notice("second"));
        // submit returned while the first command is still to start or running: nothing waited for it
        assertThat(notifier.problems()).isEmpty();

        assertThat(notifier.awaitIdle(WAIT)).isTrue();
        assertThat(dir.resolve("hang.started")).exists();
        assertThat(notifier.problems()).containsExactly("2026-11-21T10:00:00Z notify-command disk: OK -> ERROR: "
                + hang + " timed out after 0.5 s and was killed");
    }

    @Test
    void theWebHookGetsThePostOfTheSameJson() throws Exception {
        List<String> bodies = hook(204);
        notifier(List.of(), Optional.of(hookUrl()), WAIT, 3).submit(notice("full"));

        assertThat(notifier.awaitIdle(WAIT)).isTrue();

        assertThat(bodies).containsExactly("POST application/json; charset=utf-8 " + notice("full").json());
        assertThat(notifier.problems()).isEmpty();
    }

    @Test
    void aWebHookFailingTwiceIsTriedAgainAndTheThirdAttemptCounts() throws Exception {
        List<String> bodies = hook(500, 503, 200);
        notifier(List.of(), Optional.of(hookUrl()), WAIT, 3).submit(notice("full"));

        assertThat(notifier.awaitIdle(WAIT)).isTrue();

        assertThat(bodies).hasSize(3);
        assertThat(notifier.problems()).isEmpty();
    }

    @Test
    void aWebHookThatKeepsFailingIsAProblemWithoutItsTokenShown() throws Exception {
        List<String> bodies = hook(500);
        notifier(List.of(), Optional.of(hookUrl()), WAIT, 2).submit(notice("full"));

        assertThat(notifier.awaitIdle(WAIT)).isTrue();

        assertThat(bodies).hasSize(3);
        assertThat(notifier.problems()).containsExactly("2026-11-21T10:00:00Z notify-url disk: OK -> ERROR: POST to"
                + " http://127.0.0.1:" + server.getAddress().getPort() + "/hook failed: HTTP 500 after 3 attempts");
    }

    @Test
    void aWebHookNobodyListensOnIsAProblemSayingSo() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        notifier(List.of(), Optional.of(URI.create("http://127.0.0.1:" + closed + "/hook")), WAIT, 1)
                .submit(notice("full"));

        assertThat(notifier.awaitIdle(WAIT)).isTrue();

        assertThat(notifier.problems()).singleElement().asString().startsWith("2026-11-21T10:00:00Z notify-url disk:"
                + " OK -> ERROR: POST to http://127.0.0.1:" + closed + "/hook failed: ")
                .endsWith(" after 2 attempts");
    }

    @Test
    void aWebHookThatNeverAnswersTimesOut() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/hook", exchange -> {
            // never answers; the client's timeout must end the attempt
        });
        server.start();
        notifier(List.of(), Optional.of(hookUrl()), Duration.ofMillis(300), 0).submit(notice("full"));

        Eventually.await("the attempt timed out", WAIT, () -> !notifier.problems().isEmpty());

        assertThat(notifier.problems()).containsExactly("2026-11-21T10:00:00Z notify-url disk: OK -> ERROR: POST to"
                + " http://127.0.0.1:" + server.getAddress().getPort() + "/hook failed: no answer within 0.3 s after"
                + " 1 attempt");
    }
}
