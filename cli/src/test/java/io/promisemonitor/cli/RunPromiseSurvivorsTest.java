package io.promisemonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.testing.Eventually;
import io.promisemonitor.core.testing.TestInstance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code monitor run-promise} in a process of its own leaves nothing of its promise running when it exits. */
class RunPromiseSurvivorsTest {

    @TempDir
    Path dir;

    /** Two grandchildren that leave the session and ignore SIGTERM and SIGHUP, one of them an orphan at once. */
    private static String escapers(String marker) {
        return "setsid bash -c 'trap \"\" TERM HUP; exec -a " + marker + "-a sleep 300' &\n"
                + "( setsid bash -c 'trap \"\" TERM HUP; exec -a " + marker + "-b sleep 300' & )\n"
                + "until [ \"$(pgrep -c -f " + marker + "-)\" -ge 2 ]; do sleep 0.05; done\n";
    }

    @Test
    void aPromiseThatEndsNormallyLeavesNoSetsidGrandchildBehind() throws Exception {
        String marker = "escaper-" + UUID.randomUUID();
        TestInstance instance = TestInstance.create(dir);
        instance.service("leaves");
        instance.script("leaves", escapers(marker) + "echo '{\"message\": \"left two behind\"}'");

        assertNoSurvivorsAfterRunPromise(instance, "leaves", marker, "leaves: OK: left two behind");
    }

    @Test
    void aPromiseThatTimesOutLeavesNoSetsidGrandchildBehind() throws Exception {
        String marker = "escaper-" + UUID.randomUUID();
        TestInstance instance = TestInstance.create(dir);
        instance.service("hangs", "timeout = 3s");
        instance.script("hangs", escapers(marker) + "sleep 300");

        assertNoSurvivorsAfterRunPromise(instance, "hangs", marker, "hangs: ERROR: ");
    }

    private static void assertNoSurvivorsAfterRunPromise(TestInstance instance, String service, String marker,
            String firstLine) throws Exception {
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run-promise", "--instance", instance.root().toString(), service)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(out).startsWith(firstLine);
            Eventually.await("no process marked " + marker, Duration.ofSeconds(5), () -> marked(marker).isEmpty());
        } finally {
            run.destroyForcibly();
            for (long pid : marked(marker)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** Live processes whose command line holds {@code marker}. */
    private static List<Long> marked(String marker) {
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : proc) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    boolean zombie = stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (!zombie && cmdline.contains(marker)) {
                        found.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return found;
    }
}
