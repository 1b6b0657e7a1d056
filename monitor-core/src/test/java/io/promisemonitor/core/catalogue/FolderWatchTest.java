package io.promisemonitor.core.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel's notifications of the promise folders, through the JDK's watch service (inotify here). */
class FolderWatchTest {

    @TempDir
    Path dir;

    /** Whether {@code told} says yes within 5 s: the JDK's thread hands the kernel's events on a moment later. */
    private static boolean within5s(BooleanSupplier told) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (told.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Test
    void anEditInPlaceANewFileAndARemovalAreEachToldOnce() throws Exception {
        Path promises = Files.createDirectory(dir.resolve("monitor-promise"));
        Path cfg = Files.writeString(promises.resolve("a.cfg"), "[service]\n");
        try (FolderWatch watch = FolderWatch.start()) {
            watch.watch(List.of(promises, dir.resolve("not-there")));
            assertThat(watch.complete()).as("a missing folder needs no watch").isTrue();
            assertThat(watch.changed()).isFalse();

            Files.writeString(cfg, "[service]\ntitle = edited\n");
            assertThat(within5s(watch::changed)).as("written in place").isTrue();
            assertThat(watch.changed()).as("told once").isFalse();

            Files.writeString(promises.resolve("b.cfg"), "[service]\n");
            assertThat(within5s(watch::changed)).as("a new file").isTrue();
            Files.delete(cfg);
            assertThat(within5s(watch::changed)).as("a removal").isTrue();
            assertThat(watch.complete()).isTrue();
        }
    }

    @Test
    void aFolderRemovedIsToldAndWatchedAgainOnceMadeAgain() throws Exception {
        Path promises = Files.createDirectory(dir.resolve("monitor-promise"));
        try (FolderWatch watch = FolderWatch.start()) {
            watch.watch(List.of(promises));
            Files.delete(promises);
            assertThat(within5s(() -> watch.changed() && !watch.complete())).isTrue();

            Files.createDirectory(promises);
            watch.watch(List.of(promises));
            assertThat(watch.complete()).isTrue();
            Files.writeString(promises.resolve("a.cfg"), "[service]\n");
            assertThat(within5s(watch::changed)).isTrue();
        }
    }

    @Test
    void aFolderThatIsALinkIsNotTrustedToTheWatch() throws Exception {
        Path real = Files.createDirectory(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("monitor-promise"), real);
        try (FolderWatch watch = FolderWatch.start()) {
            watch.watch(List.of(link));
            assertThat(watch.complete()).isFalse();
        }
    }

    @Test
    void noWatchAndAClosedOneTellNothingAndAreNeverComplete() throws Exception {
        Path promises = Files.createDirectory(dir.resolve("monitor-promise"));
        FolderWatch none = FolderWatch.none();
        none.watch(List.of(promises));
        Files.writeString(promises.resolve("a.cfg"), "[service]\n");
        assertThat(none.complete()).isFalse();
        assertThat(none.changed()).isFalse();

        FolderWatch closed = FolderWatch.start();
        closed.watch(List.of(promises));
        closed.close();
        assertThat(closed.complete()).isFalse();
        assertThat(closed.changed()).isFalse();
    }
}
