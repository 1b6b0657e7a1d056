package io.promisemonitor.core.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.status.ServiceStatus;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code MONITOR_STATE_FOLDER}, as the README promises it: a folder of the service's own, there before it runs. */
class StateFolderTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Says whether the folder is there and writable, with its permissions, and records that it ran. */
    private static final String SCRIPT = "touch \"$MONITOR_INSTANCE/ran\"; if [ -d \"$MONITOR_STATE_FOLDER\" ]"
            + " && echo kept > \"$MONITOR_STATE_FOLDER/counter\"; then echo \"{\\\"message\\\": \\\"$MONITOR_STATE_FOLDER"
            + " $(stat -c %a \"$MONITOR_STATE_FOLDER\")\\\"}\"; else echo '{\"message\": \"no state folder\"}'; exit 1; fi";

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");
    private TestInstance instance;
    private PromiseExecutor executor;

    @BeforeEach
    void setUp() {
        instance = TestInstance.create(dir.resolve("box"), "spread-starts = no");
        instance.service("keeper", "frequency = @yearly");
        instance.script("keeper", SCRIPT);
    }

    @AfterEach
    void stop() {
        if (executor != null) {
            executor.close();
        }
    }

    private ServiceStatus run() throws Exception {
        executor = new PromiseExecutor(instance.monitor(), clock, PromiseRegistry.fromClassPath());
        PromiseExecutor.prepareFolders(instance.monitor());
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
        return executor.runner().store().read("keeper").orElseThrow();
    }

    @Test
    void aScriptPromiseFindsItsOwnStateFolderMadeForItsUserOnly() throws Exception {
        Path folder = instance.monitor().promiseStateFolder("keeper");

        ServiceStatus status = run();

        assertThat(status.message()).isEqualTo(folder + " 700");
        assertThat(folder.resolve("counter")).hasContent("kept");
        assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void aLinkPlantedInPlaceOfTheStateFolderIsRefusedAndThePromiseNotRun() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("elsewhere"));
        Path folder = instance.monitor().promiseStateFolder("keeper");
        Files.createDirectories(folder.getParent());
        Files.createSymbolicLink(folder, outside);

        ServiceStatus status = run();

        assertThat(status.message()).isEqualTo("state folder " + folder + " leads to " + outside.toRealPath()
                + ", outside " + folder.getParent().toRealPath() + "; allowed: a folder directly inside it");
        assertThat(instance.root().resolve("ran")).doesNotExist();
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void aFileInPlaceOfTheStateFolderIsNamedInTheMessage() throws Exception {
        Path folder = instance.monitor().promiseStateFolder("keeper");
        Files.createDirectories(folder.getParent());
        Files.writeString(folder, "not a folder");

        ServiceStatus status = run();

        assertThat(status.message()).isEqualTo("state folder " + folder
                + " is not a folder; remove it and it is made again");
        assertThat(instance.root().resolve("ran")).doesNotExist();
    }
}
