package io.promisemonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.testing.Eventually;
import io.promisemonitor.core.testing.TestInstance;
import java.io.IOException;
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

/**
 * The packaged {@code cli/target/monitor.jar}, as {@code bin/monitor} runs it: the shade filters drop libraries'
 * unused classes and foreign natives, so this checks that what is left still starts a promise natively, renders the
 * dashboard, serves pages, metrics and reruns.
 */
class MonitorJarIT {

    /** The size the jar must stay under (issue 14): 9 MB. */
    private static final long MAX_JAR_BYTES = 9_000_000;

    private static final Path JAR = Path.of("target", "monitor.jar").toAbsolutePath();

    @TempDir
    Path dir;

    private static Process monitor(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void theJarIsUnderNineMegabytes() throws IOException {
        assertThat(Files.size(JAR)).as("size of " + JAR).isLessThan(MAX_JAR_BYTES);
    }

    @Test
    void theClassDataArchiveMadeWithTheJarMapsWithTheLaunchersOptions() throws Exception {
        Path archive = JAR.resolveSibling("monitor.jsa");
        assertThat(archive).exists();
        Process options = new ProcessBuilder(Path.of("..", "bin", "java-options").toString(), "run-due").start();
        String line = new String(options.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(options.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(line).contains("-XX:SharedArchiveFile=" + archive.toRealPath());

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(line.replace("-Xshare:auto", "-Xshare:on").split(" ")));
        command.addAll(List.of("-jar", JAR.toString(), "--version"));
        Path log = dir.resolve("version.log");
        Process version = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(version.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // -Xshare:on makes the JVM refuse to start when the archive cannot be mapped.
        assertThat(version.exitValue()).as(read(log)).isZero();
        assertThat(read(log)).startsWith("monitor ");
    }

    @Test
    void jnaLoadsItsLibraryFromBesideTheJarInsteadOfUnpackingItAtEveryStart() throws Exception {
        Process options = new ProcessBuilder(Path.of("..", "bin", "java-options").toString(), "run-due").start();
        String line = new String(options.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(options.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(line).contains("-Djna.boot.library.path=" + JAR.resolveSibling("jna").toRealPath());
        TestInstance instance = TestInstance.create(dir);
        instance.service("shell");
        instance.script("shell", "echo '{\"message\": \"spawned\"}'");

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(line.split(" ")));
        // JNA may not unpack its library from the jar: it finds it beside the jar, or promises start without it
        command.addAll(List.of("-Djna.nounpack=true", "-jar", JAR.toString(), "run-promise", "--instance",
                instance.root().toString(), "shell"));
        Path log = dir.resolve("run-promise.log");
        Process run = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(read(log)).isZero();
        assertThat(read(log)).startsWith("shell: OK: spawned").doesNotContain("ProcessBuilder");
    }

    @Test
    void theJarRunsAPromiseNativelyAndServesTheDashboardMetricsAndAReruns() throws Exception {
        TestInstance instance = TestInstance.create(dir, "httpd-port = 0");
        instance.service("shell", "frequency = * * * * *");
        instance.script("shell", "echo '{\"message\": \"ran from the jar\"}'");

        Path passwdLog = dir.resolve("passwd.log");
        Process passwd = monitor(passwdLog, "passwd", "--instance", instance.root().toString(), "admin");
        passwd.getOutputStream().write("pw\n".getBytes(StandardCharsets.UTF_8));
        passwd.getOutputStream().close();
        assertThat(passwd.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(passwd.exitValue()).as(read(passwdLog)).isZero();

        Path log = dir.resolve("up.log");
        Process up = monitor(log, "up", "--instance", instance.root().toString());
        try {
            AtomicReference<String> url = new AtomicReference<>();
            Eventually.await("the web server's URL in " + log, Duration.ofSeconds(60), () -> {
                Matcher m = Pattern.compile("web server listening on (\\S+)").matcher(read(log));
                if (m.find()) {
                    url.set(m.group(1));
                }
                return url.get() != null;
            });
            URI base = URI.create(url.get());
            Eventually.await("the first status of shell", Duration.ofSeconds(60),
                    () -> Files.exists(instance.statusFile("shell")));
            assertThat(Files.readString(instance.statusFile("shell"))).contains("ran from the jar");

            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String login = "Basic " + Base64.getEncoder().encodeToString("admin:pw".getBytes(StandardCharsets.UTF_8));
            AtomicReference<HttpResponse<String>> index = new AtomicReference<>();
            Eventually.await("the dashboard's index.html", Duration.ofSeconds(60), () -> {
                try {
                    index.set(client.send(HttpRequest.newBuilder(base.resolve("/")).header("Authorization", login)
                            .build(), HttpResponse.BodyHandlers.ofString()));
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                return index.get().statusCode() == 200 && index.get().body().contains("shell");
            });
            HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(base.resolve("/metrics"))
                    .header("Authorization", login).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("service=\"shell\"");
            HttpResponse<String> rerun = client.send(HttpRequest.newBuilder(
                    base.resolve("/cgi-bin/monitor-run-promise.cgi?service=shell&wait=1"))
                    .header("Authorization", login).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(rerun.statusCode()).as(rerun.body()).isEqualTo(200);
            assertThat(rerun.body()).contains("ran from the jar");
        } finally {
            up.destroy();
            if (!up.waitFor(30, TimeUnit.SECONDS)) {
                up.destroyForcibly();
            }
        }
        // The native spawner says so in the log when it cannot load (a missing JNA class or native).
        assertThat(read(log)).doesNotContain("promises start through ProcessBuilder")
                .doesNotContain("NoClassDefFoundError").doesNotContain("ClassNotFoundException");
    }
}
