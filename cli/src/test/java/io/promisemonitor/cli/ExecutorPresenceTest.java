package io.promisemonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.executor.ExecutorPresence;
import io.promisemonitor.core.testing.Eventually;
import io.promisemonitor.core.testing.TestInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whether an executor runs on an instance is known from the lock its process holds, across processes. */
class ExecutorPresenceTest {

    @TempDir
    Path dir;

    private Process monitor(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void anExecutorInAnotherProcessIsSeenWhileItRunsAndASecondOneIsRefused() throws Exception {
        TestInstance instance = TestInstance.create(dir.resolve("instance"));
        instance.service("fine", "promise = dummy");
        assertThat(ExecutorPresence.running(instance.monitor())).as("no executor yet").isFalse();

        Path log = dir.resolve("executor.log");
        Process executor = monitor(log, "executor", "--instance", instance.root().toString());
        try {
            Eventually.await("the executor to start (" + log + ")", Duration.ofSeconds(60),
                    () -> read(log).contains("executor started"));
            assertThat(ExecutorPresence.running(instance.monitor())).isTrue();
            assertThat(ExecutorPresence.holder(instance.monitor()).orElseThrow())
                    .startsWith("pid " + executor.pid() + " since ");

            Path second = dir.resolve("second.log");
            Process again = monitor(second, "executor", "--instance", instance.root().toString());
            assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(again.exitValue()).isEqualTo(2);
            assertThat(read(second)).contains("another executor runs on " + instance.root() + " (pid "
                    + executor.pid() + " since ");
        } finally {
            executor.destroyForcibly();
            executor.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(ExecutorPresence.running(instance.monitor())).as("its lock died with it, even killed").isFalse();
    }

    @Test
    void inItsOwnProcessTheExecutorIsSeenWithoutTouchingItsLock() {
        TestInstance instance = TestInstance.create(dir);
        try (ExecutorPresence held = ExecutorPresence.hold(instance.monitor()).orElseThrow()) {
            assertThat(held).isNotNull();
            assertThat(ExecutorPresence.running(instance.monitor())).isTrue();
            assertThat(ExecutorPresence.hold(instance.monitor())).as("one per instance").isEmpty();
            assertThat(ExecutorPresence.running(instance.monitor())).as("asking again did not drop it").isTrue();
        }
        assertThat(ExecutorPresence.running(instance.monitor())).isFalse();
    }
}
