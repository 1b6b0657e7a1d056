package io.promisemonitor.cgi;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.executor.ExecutorPresence;
import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.core.executor.RerunSpool;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the shipped {@code cgi-bin/monitor-run-promise.cgi} as a web server would: a child process with CGI variables. */
class CgiScriptTest {

    static final Path SCRIPT = Path.of("..", "cgi-bin", "monitor-run-promise.cgi").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    /** What the script printed: its CGI header lines and its body. */
    record Output(String head, String body) {
    }

    static Output run(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().put("MONITOR_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        builder.environment().putAll(env);
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = builder.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        int split = out.indexOf("\r\n\r\n");
        assertThat(split).as(out).isPositive();
        return new Output(out.substring(0, split), out.substring(split + 4));
    }

    private static Map<String, String> cgi(TestInstance instance, String method, String query) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MONITOR_INSTANCE", instance.root().toString());
        env.put("MONITOR_JAR", System.getProperty("java.class.path"));
        env.put("GATEWAY_INTERFACE", "CGI/1.1");
        env.put("REQUEST_METHOD", method);
        env.put("QUERY_STRING", query);
        env.put("HTTP_HOST", "monitor.example.net");
        env.put("REMOTE_USER", "admin");
        return env;
    }

    @Test
    void aPostQueuesTheRerunForTheExecutorAndAnswers202() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        instance.service("fine", "frequency = @yearly", "promise = test-fixed", "[promise]", "message = from cgi");
        MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");
        // This JVM is the executor's process: it holds the instance's executor lock, as 'monitor executor' does.
        try (ExecutorPresence presence = ExecutorPresence.hold(instance.monitor()).orElseThrow();
                PromiseExecutor executor = new PromiseExecutor(instance.monitor(), clock,
                PromiseRegistry.fromClassPath())) {
            assertThat(presence).isNotNull();
            PromiseExecutor.prepareFolders(instance.monitor());
            executor.tick();
            executor.awaitIdle(Duration.ofSeconds(20));
            Files.delete(instance.statusFile("fine"));

            Output out = run(cgi(instance, "POST", "service=fine"));

            assertThat(out.head()).isEqualTo(String.join("\r\n", "Status: 202 Accepted",
                    "Content-Type: application/json; charset=utf-8", "Cache-Control: no-store",
                    "Location: ../public/fine.status.json", "X-Content-Type-Options: nosniff"));
            assertThat(out.body()).isEqualTo("{\"service\":\"fine\",\"queued\":true,"
                    + "\"status-url\":\"../public/fine.status.json\"}\n");
            assertThat(RerunSpool.of(instance.monitor()).requestFile("fine")).exists();
            assertThat(instance.statusFile("fine")).doesNotExist();

            executor.tick();
            executor.awaitIdle(Duration.ofSeconds(20));
            assertThat(Files.readString(instance.statusFile("fine"))).contains("\"message\": \"from cgi\"");
        }
    }

    @Test
    void withoutAnExecutorThePostRunsThePromiseItselfAndRecordsItAsTheExecutorWould() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        instance.service("fine", "frequency = @yearly", "promise = test-fixed", "[promise]", "message = from cgi");

        Output out = run(cgi(instance, "POST", "service=fine"));

        assertThat(out.head()).startsWith("Status: 202 Accepted\r\n");
        assertThat(RerunSpool.of(instance.monitor()).requestFile("fine")).as("nobody would drain it").doesNotExist();
        assertThat(Files.readString(instance.statusFile("fine"))).as("run before the script's process ended")
                .contains("\"message\": \"from cgi\"");
        assertThat(instance.monitor().publicFolder().resolve("fine.history.json")).exists();

        Output waited = run(cgi(instance, "POST", "service=fine&wait=1"));
        assertThat(waited.head()).startsWith("Status: 200 OK\r\n");
        assertThat(waited.body()).contains("\"id\": \"fine\"").contains("\"message\": \"from cgi\"");
    }

    @Test
    void theScriptRefusesWhatTheServerWouldRefuse() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        instance.service("fine", "frequency = @yearly", "promise = test-fixed");

        Output get = run(cgi(instance, "GET", "service=fine"));
        assertThat(get.head()).startsWith("Status: 405 Method Not Allowed\r\n").contains("\r\nAllow: POST");

        Output unknown = run(cgi(instance, "POST", "service=ghost"));
        assertThat(unknown.head()).startsWith("Status: 404 Not Found\r\n");
        assertThat(unknown.body()).isEqualTo("{\"error\":\"unknown service 'ghost'\",\"service\":\"ghost\"}\n");

        Map<String, String> anonymous = cgi(instance, "POST", "service=fine");
        anonymous.remove("REMOTE_USER");
        Output noLogin = run(anonymous);
        assertThat(noLogin.head()).startsWith("Status: 403 Forbidden\r\n");
        assertThat(noLogin.body()).isEqualTo("{\"error\":\"no login: protect this script with HTTP authentication in"
                + " the web server\"}\n");

        Map<String, String> crossSite = cgi(instance, "POST", "service=fine");
        crossSite.put("HTTP_ORIGIN", "https://evil.example");
        Output refused = run(crossSite);
        assertThat(refused.head()).startsWith("Status: 403 Forbidden\r\n");
        assertThat(refused.body()).isEqualTo("{\"error\":\"cross-site request refused: Origin is not this monitor's"
                + " origin (http://monitor.example.net)\"}\n");
        assertThat(RerunSpool.of(instance.monitor()).requestFile("fine")).doesNotExist();
    }

    @Test
    void anUnconfiguredScriptSaysSoWithoutStartingJava() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("REQUEST_METHOD", "POST");
        env.put("QUERY_STRING", "service=fine");

        Output out = run(env);

        assertThat(out.head()).isEqualTo("Status: 500 Internal Server Error\r\nContent-Type: application/json;"
                + " charset=utf-8");
        assertThat(out.body()).isEqualTo("{\"error\":\"the rerun script is not configured; see the web server's"
                + " error log\"}\n");
    }
}
