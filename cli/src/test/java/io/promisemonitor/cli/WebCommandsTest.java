package io.promisemonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.testing.Eventually;
import io.promisemonitor.core.testing.TestInstance;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code monitor passwd}, {@code install-cgi}, {@code up} and {@code serve}. */
class WebCommandsTest {

    @TempDir
    Path dir;

    private static CliTest.Run withStdin(String input, String... args) {
        InputStream old = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return CliTest.monitor(args);
        } finally {
            System.setIn(old);
        }
    }

    /** Asks Apache's own htpasswd whether {@code password} is {@code user}'s. */
    private static boolean apacheAccepts(Path file, String user, String password) throws Exception {
        Path program = Path.of("/usr/bin/htpasswd");
        assertThat(Files.isExecutable(program)).as("/usr/bin/htpasswd is missing: apt-get install apache2-utils")
                .isTrue();
        Process p = new ProcessBuilder(program.toString(), "-vb", file.toString(), user, password)
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() == 0;
    }

    @Test
    void passwdReadsOneLineFromAPipeAndWritesABcryptEntryApacheAccepts() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        Path file = instance.root().resolve("etc/monitor.htpasswd");

        CliTest.Run run = withStdin("correct horse\n", "passwd", "--instance", instance.root().toString(), "ops");

        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo("password of 'ops' set in " + file + "\n");
        assertThat(Files.readString(file)).startsWith("ops:$2y$10$");
        assertThat(apacheAccepts(file, "ops", "correct horse")).isTrue();
        assertThat(apacheAccepts(file, "ops", "correct horse\n")).isFalse();

        withStdin("changed\r\n", "passwd", "--instance", instance.root().toString(), "ops");
        assertThat(apacheAccepts(file, "ops", "changed")).isTrue();
        assertThat(Files.readAllLines(file)).hasSize(1);
    }

    @Test
    void passwdRefusesAnEmptyPasswordAndABadUserName() {
        TestInstance instance = TestInstance.create(dir);

        CliTest.Run empty = withStdin("\n", "passwd", "--instance", instance.root().toString(), "ops");
        assertThat(empty.code()).isEqualTo(1);
        assertThat(empty.err()).isEqualTo("empty password refused; nothing changed\n");

        CliTest.Run colon = withStdin("pw\n", "passwd", "--instance", instance.root().toString(), "a:b");
        assertThat(colon.code()).isEqualTo(2);
        assertThat(colon.err()).isEqualTo("user name 'a:b' is not allowed; allowed: a non-empty name without ':' or"
                + " spaces\n");
        assertThat(instance.root().resolve("etc/monitor.htpasswd")).doesNotExist();
    }

    @Test
    void installCgiWritesAnExecutableScriptSetToThisInstanceThatAnswers() throws Exception {
        TestInstance instance = TestInstance.create(dir, "cgi-folder = $instance/srv/cgi bin");
        String classPath = System.getProperty("java.class.path");

        CliTest.Run run = CliTest.monitor("install-cgi", "--instance", instance.root().toString(), "--jar",
                classPath);

        Path script = instance.root().resolve("srv/cgi bin/monitor-run-promise.cgi");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("written " + script + " (runs ");
        assertThat(Files.isExecutable(script)).isTrue();
        assertThat(Files.readString(script)).contains("[ -n \"$MONITOR_INSTANCE\" ] || MONITOR_INSTANCE='"
                + instance.root() + "'");

        ProcessBuilder cgi = new ProcessBuilder(script.toString());
        cgi.environment().clear();
        cgi.environment().put("PATH", System.getenv("PATH"));
        cgi.environment().put("MONITOR_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cgi.environment().put("REQUEST_METHOD", "GET");
        cgi.environment().put("QUERY_STRING", "service=x");
        cgi.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = cgi.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(List.of(out.split("\r\n"))).first().isEqualTo("Status: 405 Method Not Allowed");
    }

    @Test
    void theWebSubcommandsHaveHelpWithAnExample() {
        for (String sub : new String[] {"serve", "passwd", "install-cgi"}) {
            CliTest.Run run = CliTest.monitor(sub, "--help");
            assertThat(run.code()).as(sub).isZero();
            assertThat(run.out()).as(sub).contains("Example").contains("monitor " + sub);
        }
    }

    /** Starts {@code monitor <command>} as a child process and waits for its web server's URL in the log. */
    private static Process startMonitor(Path log, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static URI awaitUrl(Path log) {
        AtomicReference<String> url = new AtomicReference<>();
        Eventually.await("the web server's URL in " + log,
                Duration.ofSeconds(60), () -> {
                    try {
                        Matcher m = Pattern.compile("web server listening on (\\S+)")
                                .matcher(Files.readString(log));
                        if (m.find()) {
                            url.set(m.group(1));
                        }
                        return url.get() != null;
                    } catch (IOException e) {
                        return false;
                    }
                });
        return URI.create(url.get());
    }

    @Test
    void upServesTheTreeAndRerunsGoStraightToItsExecutorAndServeWorksBesideAnExecutor() throws Exception {
        TestInstance instance = TestInstance.create(dir, "httpd-port = 0");
        instance.service("fine", "frequency = @yearly", "promise = dummy");
        withStdin("pw\n", "passwd", "--instance", instance.root().toString(), "admin");
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).build();
        String login = "Basic " + Base64.getEncoder().encodeToString("admin:pw".getBytes());

        Process up = startMonitor(dir.resolve("up.log"), "up", "--instance", instance.root().toString());
        try {
            URI url = awaitUrl(dir.resolve("up.log"));
            Eventually.await("the first status", Duration.ofSeconds(30),
                    () -> Files.exists(instance.statusFile("fine")));
            HttpResponse<String> rerun = client.send(HttpRequest.newBuilder(
                    url.resolve("cgi-bin/monitor-run-promise.cgi?service=fine&wait=1")).header("Authorization", login)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(rerun.statusCode()).isEqualTo(200);
            assertThat(rerun.body()).contains("\"id\": \"fine\"");
        } finally {
            up.destroy();
            assertThat(up.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        Process executor = startMonitor(dir.resolve("executor.log"), "executor", "--instance",
                instance.root().toString());
        Process serve = startMonitor(dir.resolve("serve.log"), "serve", "--instance", instance.root().toString());
        try {
            URI url = awaitUrl(dir.resolve("serve.log"));
            HttpResponse<String> rerun = client.send(HttpRequest.newBuilder(
                    url.resolve("cgi-bin/monitor-run-promise.cgi?service=fine&wait=1")).header("Authorization", login)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(rerun.statusCode()).isEqualTo(200);
            assertThat(Files.readString(dir.resolve("executor.log"))).contains("fine: OK");
        } finally {
            serve.destroy();
            executor.destroy();
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(executor.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void serveWithoutAnExecutorRunsARerunInAChildRunPromiseAndNeverQueuesIntoTheSpool() throws Exception {
        TestInstance instance = TestInstance.create(dir, "httpd-port = 0");
        instance.service("fine", "frequency = @yearly", "promise = dummy", "[promise]", "message = by a child");
        withStdin("pw\n", "passwd", "--instance", instance.root().toString(), "admin");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String login = "Basic " + Base64.getEncoder().encodeToString("admin:pw".getBytes());

        Process serve = startMonitor(dir.resolve("serve.log"), "serve", "--instance", instance.root().toString());
        try {
            URI url = awaitUrl(dir.resolve("serve.log"));
            HttpResponse<String> waited = client.send(HttpRequest.newBuilder(
                    url.resolve("cgi-bin/monitor-run-promise.cgi?service=fine&wait=1")).header("Authorization", login)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(waited.statusCode()).as(waited.body()).isEqualTo(200);
            assertThat(waited.body()).contains("\"id\": \"fine\"").contains("by a child");
            Files.delete(instance.statusFile("fine"));
            HttpResponse<String> accepted = client.send(HttpRequest.newBuilder(
                    url.resolve("cgi-bin/monitor-run-promise.cgi?service=fine")).header("Authorization", login)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            Eventually.await("the child's run", Duration.ofSeconds(60),
                    () -> Files.exists(instance.statusFile("fine")));
            assertThat(Files.readString(instance.statusFile("fine"))).contains("by a child");
            assertThat(io.promisemonitor.core.executor.RerunSpool.of(instance.monitor()).requestFile("fine"))
                    .doesNotExist();
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
