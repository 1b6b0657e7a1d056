package io.promisemonitor.cgi;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.testing.TestInstance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the shipped {@code cgi-bin/monitor-silence.cgi} as a web server would: a child process with CGI variables. */
class SilenceCgiScriptTest {

    static final Path SCRIPT = Path.of("..", "cgi-bin", "monitor-silence.cgi").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private static CgiScriptTest.Output run(Map<String, String> env, String body) throws IOException,
            InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().put("MONITOR_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        builder.environment().putAll(env);
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = builder.start();
        p.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        int split = out.indexOf("\r\n\r\n");
        assertThat(split).as(out).isPositive();
        return new CgiScriptTest.Output(out.substring(0, split), out.substring(split + 4));
    }

    private static Map<String, String> cgi(TestInstance instance, String query) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MONITOR_INSTANCE", instance.root().toString());
        env.put("MONITOR_JAR", System.getProperty("java.class.path"));
        env.put("GATEWAY_INTERFACE", "CGI/1.1");
        env.put("REQUEST_METHOD", "POST");
        env.put("QUERY_STRING", query);
        env.put("HTTP_HOST", "monitor.example.net");
        env.put("REMOTE_USER", "admin");
        return env;
    }

    @Test
    void aLoggedInPostFromThisMonitorSetsASilenceAndOneFromElsewhereOrWithoutLoginDoesNot() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        instance.service("web", "frequency = @yearly", "promise = test-fixed");
        Path silences = instance.monitor().stateFolder("silences");

        Map<String, String> foreign = cgi(instance, "service=web&for=1h");
        foreign.put("HTTP_ORIGIN", "https://evil.example");
        assertThat(run(foreign, "").head()).startsWith("Status: 403 Forbidden\r\n");
        Map<String, String> anonymous = cgi(instance, "service=web&for=1h");
        anonymous.remove("REMOTE_USER");
        CgiScriptTest.Output refused = run(anonymous, "");
        assertThat(refused.head()).startsWith("Status: 403 Forbidden\r\n");
        assertThat(refused.body()).isEqualTo("{\"error\":\"no login: protect this script with HTTP authentication"
                + " in the web server\"}\n");
        assertThat(silences).doesNotExist();

        Map<String, String> form = cgi(instance, "");
        form.put("HTTP_ORIGIN", "http://monitor.example.net");
        form.put("CONTENT_TYPE", "application/x-www-form-urlencoded");
        form.put("CONTENT_LENGTH", "40");
        CgiScriptTest.Output set = run(form, "service=web&for=2h&reason=disk+swap");
        assertThat(set.head()).startsWith("Status: 201 Created\r\n");
        assertThat(set.body()).contains("\"services\":[\"web\"]", "\"reason\":\"disk swap\"", "\"by\":\"web:admin\"");
        try (var files = Files.list(silences)) {
            assertThat(files.count()).isEqualTo(1);
        }
    }
}
