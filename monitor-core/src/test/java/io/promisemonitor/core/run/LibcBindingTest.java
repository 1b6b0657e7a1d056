package io.promisemonitor.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Binding glibc starts no process: JNA, left to itself, runs {@code /sbin/ldconfig -p} when its first library loads,
 * which every cron line's JVM paid for. Checked in a JVM of its own (this one may have bound it already), recorded by
 * the JVM's flight recorder, whose {@code jdk.ProcessStart} event names every process the JVM starts.
 */
class LibcBindingTest {

    @TempDir
    Path dir;

    /** Binds glibc (through the check that the native spawner can work here) and prints "bound", or why not. */
    public static final class Bind {
        private Bind() {
        }

        public static void main(String[] args) {
            System.out.println(NativeSpawner.whyUnavailable().orElse("bound"));
        }
    }

    @Test
    void bindingGlibcStartsNoProcess() throws Exception {
        Path recording = dir.resolve("bind.jfr");
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:StartFlightRecording=filename=" + recording + ",settings=default", "-Xlog:jfr=off",
                "-cp", System.getProperty("java.class.path"), Bind.class.getName())
                .redirectErrorStream(true).start();
        String printed;
        try {
            printed = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            jvm.destroyForcibly();
        }
        assertThat(printed).contains("bound");
        assertThat(Files.exists(recording)).as("the flight recording of %s", printed).isTrue();

        List<String> started = RecordingFile.readAllEvents(recording).stream()
                .filter(e -> e.getEventType().getName().equals("jdk.ProcessStart"))
                .map(LibcBindingTest::command)
                .toList();
        assertThat(started).isEmpty();
    }

    private static String command(RecordedEvent e) {
        return e.getString("command");
    }
}
