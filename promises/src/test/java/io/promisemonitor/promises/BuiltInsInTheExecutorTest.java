package io.promisemonitor.promises;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.status.ServiceStatus;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import io.promisemonitor.promises.http.TestServers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-ins as {@code promise = <name>} services in a real executor, bad input included: every service gets a
 * status that says what is wrong in one line, and the executor goes on.
 */
class BuiltInsInTheExecutorTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");
    private PromiseExecutor executor;

    @AfterEach
    void stop() {
        if (executor != null) {
            executor.close();
        }
    }

    private ServiceStatus status(String service) {
        return executor.runner().store().read(service).orElseThrow(() -> new AssertionError(service + " has no"
                + " status"));
    }

    @Test
    void builtInsRunFromCfgFilesAndBadInputGivesOneLineErrorsWithoutStoppingTheExecutor() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        Path cfg = instance.promiseFolder();
        instance.write("var/log/kvm.log", "INFO start\nERROR disk 3 failed\n");
        ByteArrayOutputStream binary = new ByteArrayOutputStream();
        binary.writeBytes(new byte[] {'E', 'R', 'R', 'O', 'R', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
        binary.writeBytes(("FATAL " + "z".repeat(10 * 1024 * 1024) + "\n").getBytes(StandardCharsets.UTF_8));
        binary.writeBytes("ERROR without a final newline".getBytes(StandardCharsets.UTF_8));
        Files.write(instance.root().resolve("var/log/binary.log"), binary.toByteArray());
        Plugins.run(List.of(Plugins.require(Path.of("/usr/bin/mkfifo"), "coreutils").toString(),
                instance.root().resolve("var/log/fifo.log").toString()));
        int closed = TestServers.closedPort();

        instance.service("disk", "promise = disk-space", "[promise]", "path = $instance", "warning = 0%",
                "critical = 0%");
        instance.service("kvm-log-parse", "promise = log-parser", "[promise]", "file = var/log/kvm.log",
                "pattern =", "  ERROR", "  FATAL", "ignore-pattern = expected");
        instance.service("binary", "promise = log-parser", "[promise]", "file = var/log/binary.log",
                "pattern = ERROR|FATAL", "critical = 10");
        instance.service("fifo", "promise = log-parser", "[promise]", "file = var/log/fifo.log", "pattern = x");
        instance.service("ftp", "promise = http", "[promise]", "url = ftp://example.com/");
        instance.service("typo", "promise = disk-space", "[promise]", "warnin = 10%");
        instance.service("port", "promise = tcp", "[promise]", "host = 127.0.0.1", "port = " + closed);
        instance.service("fine", "promise = dummy");
        executor = new PromiseExecutor(instance.monitor(), clock, PromiseRegistry.fromClassPath());
        PromiseExecutor.prepareFolders(instance.monitor());

        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();

        assertThat(status("disk").status()).isEqualTo(Status.OK);
        assertThat(status("disk").message()).startsWith(instance.root() + ": ");
        assertThat(status("disk").returncode()).isNull();
        assertThat(status("kvm-log-parse").status()).isEqualTo(Status.ERROR);
        assertThat(status("kvm-log-parse").message()).isEqualTo("1 new matching line in var/log/kvm.log; last: ERROR"
                + " disk 3 failed");
        assertThat(instance.root().resolve("var/log/kvm-log-parse-last-report.csv")).hasContent(
                "time,file,offset,line\n2026-11-21T10:00:30Z,var/log/kvm.log,11,ERROR disk 3 failed");
        assertThat(instance.monitor().stateFolder("promise").resolve("kvm-log-parse/log-parser.properties"))
                .exists();
        assertThat(status("binary").status()).isEqualTo(Status.OK);
        assertThat(status("binary").message()).isEqualTo("3 new matching lines in var/log/binary.log; last: ERROR"
                + " without a final newline");
        assertThat(status("fifo").message()).isEqualTo("var/log/fifo.log: is not a regular file (a FIFO, socket or"
                + " device), so it is not read");
        assertThat(status("ftp").message()).isEqualTo("configuration: " + cfg.resolve("ftp.cfg") + " [promise]:"
                + " option 'url' is 'ftp://example.com/', allowed: an http:// or https:// URL with a host, such as"
                + " https://example.com/health");
        assertThat(status("typo").message()).isEqualTo("configuration: " + cfg.resolve("typo.cfg") + " [promise]:"
                + " unknown option 'warnin'; did you mean 'warning'?; allowed: critical, inode-critical,"
                + " inode-warning, inodes, mount-point, path, warning");
        assertThat(status("port").message()).isEqualTo("connect: connection refused by 127.0.0.1:" + closed);
        for (String service : List.of("fifo", "ftp", "typo", "port")) {
            assertThat(status(service).status()).as(service).isEqualTo(Status.ERROR);
        }
        for (String service : executor.serviceNames()) {
            assertThat(status(service).message()).as(service).doesNotContain("Exception").doesNotContain("\tat ");
        }

        // The executor is still running: the next minute's runs see what was appended.
        Files.writeString(instance.root().resolve("var/log/kvm.log"), "FATAL out of memory\nERROR expected\n",
                StandardOpenOption.APPEND);
        clock.advance(Duration.ofMinutes(1));
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();

        assertThat(status("kvm-log-parse").message()).isEqualTo("1 new matching line in var/log/kvm.log; last:"
                + " FATAL out of memory");
        assertThat(status("binary").message()).isEqualTo("no new matching line in var/log/binary.log");
        assertThat(status("fine").startDate().toInstant()).isEqualTo(clock.instant());
    }
}
