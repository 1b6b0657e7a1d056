package io.promisemonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.promisemonitor.cgi.SpoolBackend;
import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.testing.Eventually;
import io.promisemonitor.core.testing.LoneRun;
import io.promisemonitor.core.testing.TestInstance;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reruns through a real server: straight to the executor ({@code monitor up}) and through the spool (split mode). */
class RerunServerTest {

    static final String RERUN = "/cgi-bin/monitor-run-promise.cgi?service=slow";

    @TempDir
    Path dir;

    /** A service that takes a second and writes "start" and "end" lines, so overlapping runs would show. */
    private static TestInstance instance(Path dir) {
        TestInstance instance = TestInstance.create(dir, "httpd-port = 0");
        instance.service("slow", "frequency = @yearly");
        instance.script("slow", "echo start >> \"$MONITOR_INSTANCE/runs\"; sleep 1;"
                + " echo end >> \"$MONITOR_INSTANCE/runs\"; echo '{\"message\": \"slept\"}'");
        return instance;
    }

    private static List<String> runs(TestInstance instance) throws Exception {
        Path file = instance.root().resolve("runs");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    /** Sends 20 logged-in POSTs at once; returns the answers by status code. */
    private static Map<Integer, List<String>> storm(WebFixture web) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add(web.client.sendAsync(web.request(RERUN, WebFixture.login()).POST(
                    java.net.http.HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()));
        }
        Map<Integer, List<String>> answers = new TreeMap<>();
        for (CompletableFuture<HttpResponse<String>> f : sent) {
            HttpResponse<String> r = f.get();
            answers.computeIfAbsent(r.statusCode(), k -> new ArrayList<>()).add(r.body());
        }
        return answers;
    }

    @Test
    void twentyConcurrentRerunsGiveExactlyOneRunInOneProcess() throws Exception {
        TestInstance instance = instance(dir);
        try (WebFixture web = WebFixture.start(instance, Clock.systemUTC(), b -> b).withLogin()) {
            assertThat(runs(instance)).containsExactly("start", "end");

            Map<Integer, List<String>> answers = storm(web);
            web.executor.awaitIdle(Duration.ofSeconds(30));

            assertThat(answers.keySet()).containsExactly(202, 409);
            assertThat(answers.get(202)).hasSize(1);
            assertThat(answers.get(409)).hasSize(19).allMatch(body -> body.matches(
                    "\\{\"error\":\"already (running|queued) since 20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\","
                            + "\"service\":\"slow\",\"status-url\":\"../public/slow.status.json\"}\n"));
            assertThat(runs(instance)).containsExactly("start", "end", "start", "end");
        }
    }

    @Test
    void twentyConcurrentRerunsThroughTheSpoolGiveExactlyOneRunStartedByTheExecutor() throws Exception {
        TestInstance instance = instance(dir);
        try (PromiseExecutor executor = new PromiseExecutor(instance.monitor(), Clock.systemUTC(),
                PromiseRegistry.fromClassPath())) {
            executor.start();
            Eventually.await("the first run", Duration.ofSeconds(30), () -> Files.exists(instance.statusFile("slow")));
            executor.awaitIdle(Duration.ofSeconds(30));
            try (WebFixture web = WebFixture.start(instance, null, SpoolBackend.of(instance.monitor(),
                    Clock.systemUTC()), Clock.systemUTC(), b -> b).withLogin()) {

                Map<Integer, List<String>> answers = storm(web);

                assertThat(answers.keySet()).containsExactly(202, 409);
                assertThat(answers.get(202)).hasSize(1);
                Eventually.await("the rerun started", Duration.ofSeconds(10), () -> {
                    try {
                        return runs(instance).size() > 2;
                    } catch (Exception e) {
                        return false;
                    }
                });
                Eventually.await("the rerun ended", Duration.ofSeconds(30), () -> !executor.inFlight("slow")
                        .isPresent() && !Files.exists(instance.monitor().stateFolder("rerun-spool")
                        .resolve("slow.rerun")));
                assertThat(runs(instance)).containsExactly("start", "end", "start", "end");

                HttpResponse<String> waited = web.post(RERUN + "&wait=1", WebFixture.login());
                assertThat(waited.statusCode()).isEqualTo(200);
                assertThat(new ObjectMapper().readTree(waited.body()).get("message").asText()).isEqualTo("slept");
                assertThat(runs(instance)).hasSize(6);
            }
        }
    }

    @Test
    void aRerunAcceptedWhileAnotherProcessRunsTheServiceRunsWhenThatRunEnds() throws Exception {
        TestInstance instance = instance(dir);
        try (WebFixture web = WebFixture.start(instance, Clock.systemUTC(), b -> b).withLogin()) {
            assertThat(runs(instance)).containsExactly("start", "end");
            Process lone = LoneRun.start(instance, "slow");
            try {
                awaitRuns(instance, 3, "the run of the other process started");

                HttpResponse<String> accepted = web.post(RERUN, WebFixture.login());

                assertThat(accepted.statusCode()).isEqualTo(202);
                awaitRuns(instance, 6, "the accepted rerun ran");
                // one after the other, never both at once
                assertThat(runs(instance)).containsExactly("start", "end", "start", "end", "start", "end");
                assertThat(lone.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(new String(lone.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("ran\n");
            } finally {
                lone.destroyForcibly();
            }
        }
    }

    @Test
    void aRerunThroughTheSpoolWhileAnotherProcessRunsTheServiceIsRefusedOrRunsAfterIt() throws Exception {
        TestInstance instance = instance(dir);
        try (PromiseExecutor executor = new PromiseExecutor(instance.monitor(), Clock.systemUTC(),
                PromiseRegistry.fromClassPath())) {
            executor.start();
            Eventually.await("the first run", Duration.ofSeconds(30), () -> Files.exists(instance.statusFile("slow")));
            executor.awaitIdle(Duration.ofSeconds(30));
            try (WebFixture web = WebFixture.start(instance, null, SpoolBackend.of(instance.monitor(),
                    Clock.systemUTC()), Clock.systemUTC(), b -> b).withLogin()) {
                Process lone = LoneRun.start(instance, "slow");
                try {
                    awaitRuns(instance, 3, "the run of the other process started");

                    HttpResponse<String> refused = web.post(RERUN, WebFixture.login());
                    // the pid file names a live run: said at once
                    assertThat(refused.statusCode()).isEqualTo(409);
                    assertThat(refused.body()).startsWith("{\"error\":\"already running since ");

                    // without the pid file nothing tells the server: accepted, and run after the other
                    Files.delete(instance.monitor().servicePidFolder().resolve("slow.pid"));
                    HttpResponse<String> accepted = web.post(RERUN, WebFixture.login());
                    assertThat(accepted.statusCode()).isEqualTo(202);
                    awaitRuns(instance, 6, "the accepted rerun ran");
                    assertThat(runs(instance)).containsExactly("start", "end", "start", "end", "start", "end");
                    assertThat(lone.waitFor(30, TimeUnit.SECONDS)).isTrue();
                } finally {
                    lone.destroyForcibly();
                }
            }
        }
    }

    private static void awaitRuns(TestInstance instance, int lines, String what) {
        Eventually.await(what, Duration.ofSeconds(60), () -> {
            try {
                return runs(instance).size() >= lines;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void waitOneAnswersWithTheNewStatusOfAFailingPromise() throws Exception {
        TestInstance instance = TestInstance.create(dir, "httpd-port = 0");
        instance.service("bad", "frequency = @yearly", "promise = test-fixed", "[promise]", "status = ERROR",
                "message = disk gone");
        try (WebFixture web = WebFixture.start(instance, Clock.systemUTC(), b -> b).withLogin()) {
            HttpResponse<String> r = web.post("/cgi-bin/monitor-run-promise.cgi?service=bad&wait=1",
                    WebFixture.login());

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
            assertThat(r.body()).isEqualTo(Files.readString(instance.statusFile("bad")));
            assertThat(r.body()).contains("\"status\": \"ERROR\"", "\"message\": \"disk gone\"");
        }
    }
}
