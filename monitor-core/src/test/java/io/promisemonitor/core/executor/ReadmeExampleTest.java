package io.promisemonitor.core.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.status.ServiceStatus;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "Add your own promise" example of docs/promises.md (the seed's KVM log parser), taken as written. */
class ReadmeExampleTest {

    @TempDir
    Path dir;

    @Test
    void theKvmLogParserExampleWorksAsWritten() throws Exception {
        String readme = Files.readString(Path.of("..", "docs", "promises.md"));
        String section = readme.substring(readme.indexOf("### Add your own promise"));
        String cfg = block(section, "ini");
        String script = block(section, "sh");
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        instance.write("etc/monitor-promise/kvm-log-parse.cfg", cfg);
        Path promise = instance.write("etc/monitor-promise/kvm-log-parse", script);
        Files.setPosixFilePermissions(promise, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path log = instance.write("var/log/kvm.log", "boot ok\nqemu: error: disk full\n");
        MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");

        try (PromiseExecutor executor = new PromiseExecutor(instance.monitor(), clock,
                PromiseRegistry.fromClassPath())) {
            PromiseExecutor.prepareFolders(instance.monitor());
            executor.tick();
            assertThat(executor.awaitIdle(Duration.ofSeconds(20))).isTrue();

            ServiceStatus s = executor.runner().store().read("kvm-log-parse").orElseThrow();
            assertThat(s.status()).isEqualTo(Status.ERROR);
            assertThat(s.message()).isEqualTo("1 error lines in kvm.log");
            assertThat(s.title()).isEqualTo("Kvm log parse");
            Path pub = instance.monitor().publicFolder();
            assertThat(pub.resolve("kvm-log-parse/kvm.log")).isSymbolicLink();
            assertThat(Files.readSymbolicLink(pub.resolve("kvm-log-parse/kvm.log"))).isEqualTo(log);
            assertThat(instance.monitor().privateFolder().resolve("kvm-log-parse/log")).isSymbolicLink();
            assertThat(Files.readString(instance.monitor().monitorHalJson())).contains("\"kvm-log-parse\"");

            Files.writeString(log, "boot ok\n");
            clock.set(java.time.Instant.parse("2026-11-21T10:05:00Z"));
            executor.tick();
            assertThat(executor.awaitIdle(Duration.ofSeconds(20))).isTrue();
            ServiceStatus after = executor.runner().store().read("kvm-log-parse").orElseThrow();
            assertThat(after.status()).isEqualTo(Status.OK);
            assertThat(after.message()).isEqualTo("no error in kvm.log");
        }
    }

    private static String block(String text, String language) {
        Matcher m = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertThat(m.find()).as("a ```" + language + " block in the docs section").isTrue();
        return m.group(1);
    }
}
