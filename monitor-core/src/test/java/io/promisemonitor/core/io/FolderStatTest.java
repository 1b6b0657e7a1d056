package io.promisemonitor.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderStatTest {

    @TempDir
    Path dir;

    private Path page() throws Exception {
        Path page = Files.createDirectories(dir.resolve("web/service")).resolve("a.html");
        Files.writeString(page, "page\n");
        Files.setLastModifiedTime(page, FileTime.from(Instant.parse("2026-11-21T12:00:00.123456789Z")));
        return page;
    }

    @Test
    void isUsedOnThisLinuxMachineWithJna() {
        // the build and its tests run on 64-bit Linux with JNA and a glibc with statx: the fast path is the one tested
        assertThat(FolderStat.whyUnavailable()).isEmpty();
    }

    @Test
    void givesTheInodeSizeAndNanosecondTimeThatFilesGives() throws Exception {
        Path page = page();
        FolderStat folder = FolderStat.open(dir.resolve("web"));
        long[] id = new long[3];
        try {
            assertThat(folder.identity("service/a.html", id)).isTrue();
        } finally {
            folder.close();
        }

        assertThat(id[0]).isEqualTo((Long) Files.getAttribute(page, "unix:ino"));
        assertThat(id[1]).isEqualTo(5L);
        assertThat(id[2]).isEqualTo(Files.getLastModifiedTime(page).to(TimeUnit.NANOSECONDS))
                .isEqualTo(Instant.parse("2026-11-21T12:00:00.123456789Z").getEpochSecond() * 1_000_000_000L
                        + 123_456_789L);
    }

    @Test
    void aMissingFileAndAClosedFolderGiveNoIdentity() throws Exception {
        page();
        FolderStat folder = FolderStat.open(dir.resolve("web"));
        long[] id = new long[3];

        assertThat(folder.identity("service/missing.html", id)).isFalse();
        folder.close();
        assertThat(folder.identity("service/a.html", id)).isFalse();
    }

    @Test
    void aFolderThatIsMissingOrAFileIsNotOpened() throws Exception {
        Path file = page();

        assertThat(FolderStat.open(dir.resolve("nowhere"))).isNull();
        assertThat(FolderStat.open(file)).isNull();
    }

    @Test
    void aRecordMadeThroughTheOpenFolderIsTrustedThroughFilesAndTheOtherWayRound() throws Exception {
        Path web = Files.createDirectories(dir.resolve("web"));
        Path record = dir.resolve("state/known");
        Path page = web.resolve("service/a.html");
        byte[] bytes = "same\n".getBytes(StandardCharsets.UTF_8);
        KnownFiles first = KnownFiles.of(web, record);
        first.openFolder();
        first.writeIfChanged(page, bytes, bytes.length);
        first.closeFolder();
        first.save();
        // other bytes in place, same size and time: a writer that believes the record does not look at them
        FileTime time = Files.getLastModifiedTime(page);
        Files.writeString(page, "SAME\n");
        Files.setLastModifiedTime(page, time);

        KnownFiles plain = KnownFiles.throughFiles(web, record);
        assertThat(plain.writeIfChanged(page, bytes, bytes.length)).isFalse();
        KnownFiles open = KnownFiles.of(web, record);
        open.openFolder();
        try {
            assertThat(open.writeIfChanged(page, bytes, bytes.length)).isFalse();
        } finally {
            open.closeFolder();
        }
        assertThat(Files.readString(page)).isEqualTo("SAME\n");
    }

    @Test
    void aNameOutsideAsciiIsStatedThroughFiles() throws Exception {
        Path web = Files.createDirectories(dir.resolve("web"));
        Path page = web.resolve("service/café.html");
        byte[] bytes = "x\n".getBytes(StandardCharsets.UTF_8);
        KnownFiles known = KnownFiles.of(web, dir.resolve("known"));
        known.openFolder();
        try {
            assertThat(known.writeIfChanged(page, bytes, bytes.length)).isTrue();
            Object inode = Files.getAttribute(page, "unix:ino");
            assertThat(known.writeIfChanged(page, bytes, bytes.length)).isFalse();
            assertThat(Files.getAttribute(page, "unix:ino")).isEqualTo(inode);
        } finally {
            known.closeFolder();
        }
        assertThat(FolderStat.isAscii("service/café.html")).isFalse();
        assertThat(FolderStat.isAscii("service/cafe.html")).isTrue();
        assertThat(FolderStat.isAscii("a\0b")).isFalse();
    }

    @Test
    void aFolderReplacedDuringABatchIsSeenFromTheNextBatchOn() throws Exception {
        Path web = Files.createDirectories(dir.resolve("web"));
        Path page = web.resolve("a.html");
        byte[] bytes = "one\n".getBytes(StandardCharsets.UTF_8);
        KnownFiles known = KnownFiles.of(web, dir.resolve("known"));
        known.openFolder();
        known.writeIfChanged(page, bytes, bytes.length);
        // another process moves the folder away and puts an empty one in its place, as a restore might
        Files.move(web, dir.resolve("old-web"));
        Files.createDirectories(web);

        // the batch's stats look into the folder it opened, which still holds the page
        assertThat(known.writeIfChanged(page, bytes, bytes.length)).isFalse();
        known.closeFolder();
        known.openFolder();
        try {
            assertThat(known.writeIfChanged(page, bytes, bytes.length)).isTrue();
        } finally {
            known.closeFolder();
        }
        assertThat(Files.readString(page)).isEqualTo("one\n");
    }
}
