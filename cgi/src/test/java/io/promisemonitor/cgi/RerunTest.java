package io.promisemonitor.cgi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.core.executor.RunTicket;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.testing.Eventually;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RerunTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private PromiseExecutor executor(TestInstance instance) throws Exception {
        PromiseExecutor executor = new PromiseExecutor(instance.monitor(), clock, PromiseRegistry.fromClassPath());
        PromiseExecutor.prepareFolders(instance.monitor());
        closing.add(executor);
        executor.tick();
        assertThat(executor.awaitIdle(Duration.ofSeconds(20))).isTrue();
        return executor;
    }

    private Rerun inProcess(TestInstance instance) throws Exception {
        return Rerun.of(instance.monitor(), InProcessBackend.of(executor(instance)));
    }

    private static RerunAnswer post(Rerun rerun, String query) {
        return rerun.handle("POST", query).join();
    }

    private static JsonNode body(RerunAnswer answer) throws Exception {
        return JSON.readTree(answer.body());
    }

    @Test
    void badRequestsAreRefusedWithAReasonAndWhatIsAllowed() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        instance.service("fine", "frequency = @yearly", "promise = test-fixed");
        Rerun rerun = inProcess(instance);

        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put(null, "missing parameter 'service'; allowed: ?service=<name>");
        cases.put("wait=1", "missing parameter 'service'; allowed: ?service=<name>");
        cases.put("service=fine&service=fine", "parameter 'service' given 2 times; allowed: once");
        cases.put("service=a/b", "service 'a/b' is not a service name; allowed: letters, digits, '.', '_' and '-',"
                + " without '/' or '..'");
        cases.put("service=a%2Fb", "service 'a/b' is not a service name; allowed: letters, digits, '.', '_' and '-',"
                + " without '/' or '..'");
        cases.put("service=..", "service '..' is not a service name; allowed: letters, digits, '.', '_' and '-',"
                + " without '/' or '..'");
        cases.put("service=fine..x", "service 'fine..x' is not a service name; allowed: letters, digits, '.', '_'"
                + " and '-', without '/' or '..'");
        cases.put("service=%zz", "malformed query string (bad percent escape); allowed: service=<name> and"
                + " optionally wait=1");
        cases.put("service=fine&wait=2", "wait '2' is not allowed; allowed: 0 or 1");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            RerunAnswer answer = post(rerun, c.getKey());
            assertThat(answer.status()).as(c.getKey()).isEqualTo(400);
            assertThat(body(answer).get("error").asText()).as(c.getKey()).isEqualTo(c.getValue());
            assertThat(answer.headers()).containsEntry("Content-Type", "application/json; charset=utf-8");
        }
    }

    @Test
    void anUnknownServiceIsA404WithAJsonError() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        RerunAnswer answer = post(inProcess(instance), "service=ghost");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body()).isEqualTo("{\"error\":\"unknown service 'ghost'\",\"service\":\"ghost\"}\n");
    }

    @Test
    void anyMethodButPostIsA405NamingPost() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        RerunAnswer answer = inProcess(instance).handle("GET", "service=x").join();

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.headers()).containsEntry("Allow", "POST");
        assertThat(answer.body()).isEqualTo("{\"error\":\"method GET is not allowed; allowed: POST\"}\n");
    }

    @Test
    void anAcceptedRerunAnswers202WithTheStatusFileUrl() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        instance.service("fine", "frequency = @yearly", "promise = test-fixed");
        RerunAnswer answer = post(inProcess(instance), "service=fine");

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.statusLine()).isEqualTo("202 Accepted");
        assertThat(answer.headers()).containsEntry("Location", "../public/fine.status.json");
        assertThat(answer.body()).isEqualTo("{\"service\":\"fine\",\"queued\":true,"
                + "\"status-url\":\"../public/fine.status.json\"}\n");
    }

    @Test
    void withABaseUrlTheStatusUrlIsAbsolute() throws Exception {
        TestInstance instance = TestInstance.create(dir, "base-url = https://mon.example.net/x");
        instance.service("fine", "frequency = @yearly", "promise = test-fixed");
        RerunAnswer answer = post(inProcess(instance), "service=fine");

        assertThat(answer.headers()).containsEntry("Location", "https://mon.example.net/x/public/fine.status.json");
    }

    @Test
    void aRerunWhileThePromiseRunsIsA409SayingSinceWhen() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        instance.service("slow", "frequency = @yearly", "promise = test-sleepy", "[promise]", "seconds = 2");
        PromiseExecutor executor = new PromiseExecutor(instance.monitor(), clock, PromiseRegistry.fromClassPath());
        PromiseExecutor.prepareFolders(instance.monitor());
        closing.add(executor);
        executor.tick();
        RunTicket ticket = executor.inFlight("slow").orElseThrow();
        Eventually.await("the run started", Duration.ofSeconds(10), () -> ticket.startedAt() != null);

        RerunAnswer answer = post(Rerun.of(instance.monitor(), InProcessBackend.of(executor)), "service=slow");

        assertThat(answer.status()).isEqualTo(409);
        assertThat(body(answer).get("error").asText()).isEqualTo("already running since 2026-11-21T10:00:30Z");
        assertThat(body(answer).get("status-url").asText()).isEqualTo("../public/slow.status.json");
        ticket.done().get();
    }

    @Test
    void waitOneAnswersWithTheNewStatus() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        instance.service("fine", "frequency = @yearly", "promise = test-fixed", "[promise]", "message = rerun me");
        Rerun rerun = inProcess(instance);
        clock.advance(Duration.ofMinutes(5));

        RerunAnswer answer = post(rerun, "service=fine&wait=1");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode status = body(answer);
        assertThat(status.get("id").asText()).isEqualTo("fine");
        assertThat(status.get("message").asText()).isEqualTo("rerun me");
        assertThat(status.get("start-date").asText()).isEqualTo("2026-11-21T10:05:30+00:00");
    }
}
