package io.promisemonitor.core.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.testing.Eventually;
import io.promisemonitor.core.testing.LoneRun;
import io.promisemonitor.core.testing.TestInstance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor's run and a lone run of another process ({@code monitor run-promise}) never overlap, whatever
 * happens meanwhile to the lock files.
 */
class OneRunAtATimeTest {

    @TempDir
    Path dir;

    /** A service whose run lasts until the test creates {@code release}: no timing to guess. */
    private static TestInstance instance(Path dir) {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        instance.service("held", "frequency = @yearly", "timeout = 60s");
        instance.script("held", "echo start >> \"$MONITOR_INSTANCE/runs\"\n"
                + "while [ ! -e \"$MONITOR_INSTANCE/release\" ]; do sleep 0.05; done\n"
                + "echo end >> \"$MONITOR_INSTANCE/runs\"; echo '{\"message\": \"released\"}'");
        return instance;
    }

    @Test
    void aLoneRunWhileTheExecutorRunsIsRefusedWithThePidFileDeleted() throws Exception {
        assertALoneRunIsRefusedAfter(instance(dir), pids -> Files.delete(pids.resolve("held.pid")));
    }

    @Test
    void aLoneRunWhileTheExecutorRunsIsRefusedWithThePidFolderMadeAgain() throws Exception {
        assertALoneRunIsRefusedAfter(instance(dir), pids -> {
            Files.delete(pids.resolve("held.pid"));
            Files.delete(pids);
            Files.createDirectory(pids);
        });
    }

    private interface Meddling {
        void with(Path pidFolder) throws IOException;
    }

    private static void assertALoneRunIsRefusedAfter(TestInstance instance, Meddling meddling) throws Exception {
        try (PromiseExecutor executor = new PromiseExecutor(instance.monitor(), Clock.systemUTC(),
                PromiseRegistry.fromClassPath())) {
            PromiseExecutor.prepareFolders(instance.monitor());
            executor.tick();
            Eventually.await("the executor's run started", Duration.ofSeconds(20),
                    () -> lines(instance).contains("start"));
            meddling.with(instance.monitor().servicePidFolder());

            Process lone = LoneRun.start(instance, "held");
            String answer;
            try {
                answer = new String(lone.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(lone.waitFor(60, TimeUnit.SECONDS)).isTrue();
            } finally {
                lone.destroyForcibly();
                Files.writeString(instance.root().resolve("release"), "");
            }

            assertThat(answer).startsWith("not run: already running");
            assertThat(executor.awaitIdle(Duration.ofSeconds(20))).isTrue();
            assertThat(lines(instance)).containsExactly("start", "end");
        }
    }

    private static List<String> lines(TestInstance instance) {
        try {
            Path runs = instance.root().resolve("runs");
            return Files.exists(runs) ? Files.readAllLines(runs) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
