package io.promisemonitor.core.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.core.history.HistoryEvent;
import io.promisemonitor.core.history.HistoryStore;
import io.promisemonitor.core.history.ServiceHistory;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor and its dashboard with the state folder's, then the public folder's, file system full: a real
 * 256 KiB tmpfs mounted by the test (the tests run as root), filled to the last byte, then given space again.
 */
class FullDiskTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FULL = "No space left on device";

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<Path> mounts = new ArrayList<>();
    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                synchronized (logged) {
                    logged.add(r.getMessage());
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void tearDown() throws Exception {
        Logger.getLogger("").removeHandler(capture);
        try {
            for (AutoCloseable c : open) {
                c.close();
            }
        } finally {
            for (Path m : mounts) {
                run("umount", m.toString());
            }
        }
    }

    @Test
    void withTheStateFolderFullPromisesKeepRunningAndTheHistoryIsCompleteOnceSpaceReturns() throws Exception {
        TestInstance instance = instance();
        Path var = smallDisk(instance.root().resolve("var"));
        MonitorConfig monitor = instance.monitor();
        PromiseExecutor executor = executor(instance);
        Dashboard dashboard = attach(executor);
        Path filler = fill(var);

        List<Status> expected = runMinutes(instance, executor, dashboard, 4);

        assertThat(status(monitor, "flips")).as("recorded while the state folder is full").contains("\"ERROR\"");
        assertThat(messages(monitor.historyFolder().resolve("flips.journal").toString())).containsExactly(
                monitor.historyFolder().resolve("flips.journal") + ": cannot be written: " + FULL
                        + "; will keep running",
                monitor.historyFolder().resolve("flips.journal") + ": cannot be written: " + FULL
                        + "; will keep running (1 more like it in the last minute)",
                monitor.historyFolder().resolve("flips.journal") + ": cannot be written: " + FULL
                        + "; will keep running (1 more like it in the last minute)",
                monitor.historyFolder().resolve("flips.journal") + ": cannot be written: " + FULL
                        + "; will keep running (1 more like it in the last minute)");

        Files.delete(filler);
        expected.addAll(runMinutes(instance, executor, dashboard, 1));

        assertEveryFileParses(var);
        assertEveryFileParses(monitor.publicFolder());
        assertCompleteHistory(monitor, expected);
    }

    @Test
    void withThePublicFolderFullEveryRunReachesTheHistoryAndEveryFileIsBackOnceSpaceReturns() throws Exception {
        TestInstance instance = instance();
        MonitorConfig monitor = instance.monitor();
        Path publicFolder = smallDisk(monitor.publicFolder());
        PromiseExecutor executor = executor(instance);
        Dashboard dashboard = attach(executor);
        List<Status> expected = runMinutes(instance, executor, dashboard, 1);
        Path filler = fill(publicFolder);

        expected.addAll(runMinutes(instance, executor, dashboard, 4));

        assertThat(status(monitor, "flips")).as("the last status written before the disk filled")
                .contains("\"OK\"");
        Path flipsStatus = monitor.publicFolder().resolve("flips.status.json");
        assertThat(messages(flipsStatus.toString())).containsExactly(
                flipsStatus + ": cannot be written: " + FULL + "; will keep running",
                flipsStatus + ": cannot be written: " + FULL + "; will keep running (1 more like it in the last"
                        + " minute)",
                flipsStatus + ": cannot be written: " + FULL + "; will keep running (1 more like it in the last"
                        + " minute)",
                flipsStatus + ": cannot be written: " + FULL + "; will keep running (1 more like it in the last"
                        + " minute)");
        assertThat(dashboard.history().history("flips").orElseThrow().events()).extracting(HistoryEvent::status)
                .as("each change once, though the status file kept the old one").containsExactly(Status.OK,
                        Status.ERROR, Status.OK, Status.ERROR, Status.OK);

        Files.delete(filler);
        expected.addAll(runMinutes(instance, executor, dashboard, 1));

        assertThat(status(monitor, "flips")).contains("\"ERROR\"");
        assertEveryFileParses(monitor.publicFolder());
        assertEveryFileParses(instance.root().resolve("var"));
        JsonNode published = JSON.readTree(monitor.publicFolder().resolve("flips.history.json").toFile());
        assertThat(published.get("runs")).hasSize(expected.size());
        assertCompleteHistory(monitor, expected);
    }

    private TestInstance instance() {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no", "concurrency = 1");
        instance.service("flips", "frequency = * * * * *");
        // a long message: a journal line larger than a page, so no append fits in the slack of the last one
        instance.script("flips", "if [ -f \"$MONITOR_INSTANCE/down\" ]; then echo \"down $(printf '%04000d' 0)\";"
                + " exit 2; fi; echo 'up'");
        instance.service("steady", "frequency = * * * * *");
        instance.script("steady", "echo 'fine'");
        return instance;
    }

    private int minute;

    /**
     * Runs every service once a minute for {@code minutes} minutes, flips OK in the first minute, then ERROR and OK
     * in turn; returns the statuses flips was given.
     */
    private List<Status> runMinutes(TestInstance instance, PromiseExecutor executor, Dashboard dashboard,
            int minutes) throws Exception {
        List<Status> given = new ArrayList<>();
        Path down = instance.root().resolve("down");
        for (int i = 0; i < minutes; i++) {
            clock.advance(Duration.ofMinutes(1));
            Status status = minute++ % 2 == 0 ? Status.OK : Status.ERROR;
            if (status == Status.ERROR) {
                Files.writeString(down, "");
            } else {
                Files.deleteIfExists(down);
            }
            executor.tick();
            assertThat(executor.awaitIdle(WAIT)).isTrue();
            dashboard.housekeeping();
            dashboard.renderIfDue();
            given.add(status);
        }
        return given;
    }

    private List<String> messages(String prefix) {
        synchronized (logged) {
            return logged.stream().filter(m -> m.startsWith(prefix)).toList();
        }
    }

    private static String status(MonitorConfig monitor, String service) throws IOException {
        return JSON.readTree(monitor.publicFolder().resolve(service + ".status.json").toFile()).get("status")
                .toString();
    }

    /** The journal, read back by a new store as after a restart, holds every run and every change once. */
    private void assertCompleteHistory(MonitorConfig monitor, List<Status> expected) {
        HistoryStore reread = HistoryStore.open(monitor.historyFolder(), monitor.publicFolder(), clock, "x", 1000,
                200, 100);
        ServiceHistory flips = reread.history("flips").orElseThrow();
        assertThat(flips.runs()).extracting(r -> r.status()).containsExactlyElementsOf(expected);
        List<Status> changes = new ArrayList<>();
        for (Status s : expected) {
            if (changes.isEmpty() || changes.get(changes.size() - 1) != s) {
                changes.add(s);
            }
        }
        assertThat(flips.events()).extracting(HistoryEvent::status).containsExactlyElementsOf(changes);
        assertThat(reread.history("steady").orElseThrow().runs()).hasSize(expected.size());
    }

    /** Every JSON file parses, every journal line parses, and no temporary file is left. */
    private static void assertEveryFileParses(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                assertThat(name).as("temporary file left").doesNotEndWith(".tmp");
                if (name.endsWith(".json")) {
                    assertThat(JSON.readTree(f.toFile())).as(f.toString()).isNotNull();
                } else if (name.endsWith(HistoryStore.JOURNAL_SUFFIX)) {
                    for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                        assertThat(JSON.readTree(line)).as(f + ": " + line).isNotNull();
                    }
                }
            }
        }
    }

    private PromiseExecutor executor(TestInstance instance) {
        PromiseExecutor executor = new PromiseExecutor(instance.monitor(), clock, PromiseRegistry.fromClassPath());
        PromiseExecutor.prepareFolders(instance.monitor());
        open.add(executor);
        return executor;
    }

    private Dashboard attach(PromiseExecutor executor) {
        Dashboard dashboard = Dashboard.attach(executor, clock);
        open.add(0, dashboard);
        return dashboard;
    }

    private Path smallDisk(Path at) throws Exception {
        Files.createDirectories(at);
        assertThat(run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", at.toString()))
                .as("mounting a tmpfs (the tests run as root)").isEqualTo(0);
        mounts.add(at);
        return at;
    }

    /** Fills the file system of {@code folder} to the last byte; returns the file to delete to free it. */
    private static Path fill(Path folder) throws IOException {
        Path filler = folder.resolve("filler");
        byte[] chunk = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            assertThat(full).hasMessageContaining(FULL);
        }
        return filler;
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().transferTo(OutputStream.nullOutputStream());
        return p.waitFor();
    }
}
