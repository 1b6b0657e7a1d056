package io.promisemonitor.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void aNewFileIsReadableByOtherUsersSoAnotherWebServerCanServeIt() throws Exception {
        Path file = dir.resolve("x.status.json");

        AtomicFiles.write(file, "{}");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        assertThat(Files.readString(file)).isEqualTo("{}");
    }

    @Test
    void aReplacedFileKeepsItsMode() throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        AtomicFiles.write(file, "new");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo("new");
    }

    @Test
    void unchangedContentIsNotRewrittenAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("a.json");
        AtomicFiles.write(file, "same");
        Object inode = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        boolean wrote = AtomicFiles.writeIfChanged(file, "same");

        assertThat(wrote).isFalse();
        assertThat(Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .isEqualTo(inode);
        try (var list = Files.list(dir)) {
            assertThat(list).containsExactly(file);
        }
    }

    @Test
    void aLeftoverTemporaryFileDoesNotStopTheNextWrite() throws Exception {
        Path file = dir.resolve("b.json");
        AtomicFiles.write(file, "one");
        // a writer that crashed before its rename leaves a file named as the next temporary file may be
        for (int i = 0; i < 3; i++) {
            Files.writeString(dir.resolve(".b.json.crashed" + i + ".tmp"), "half");
        }

        AtomicFiles.write(file, "two");

        assertThat(Files.readString(file)).isEqualTo("two");
    }

    @Test
    void readExistingGivesTheContentAndNothingForAFolderOrAMissingFile() throws Exception {
        Path file = dir.resolve("c.json");
        AtomicFiles.write(file, "content");

        assertThat(AtomicFiles.readExisting(file).orElseThrow().bytes()).asString().isEqualTo("content");
        assertThat(AtomicFiles.readExisting(dir)).isEmpty();
        assertThat(AtomicFiles.readExisting(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void writingWhatWasReadLeavesTheFileAloneAndNewContentKeepsItsMode() throws Exception {
        Path file = dir.resolve("private.json");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        var before = AtomicFiles.readExisting(file);

        assertThat(AtomicFiles.writeIfChanged(file, "old".getBytes(java.nio.charset.StandardCharsets.UTF_8), before))
                .isFalse();
        assertThat(AtomicFiles.writeIfChanged(file, "new".getBytes(java.nio.charset.StandardCharsets.UTF_8), before))
                .isTrue();
        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var list = Files.list(dir)) {
            assertThat(list).containsExactly(file);
        }
    }

    @Test
    void thePrefixOfAReusedBufferIsWrittenOnlyWhenTheFileDoesNotHoldExactlyIt() throws Exception {
        byte[] buffer = java.util.Arrays.copyOf("<p>héllo</p>".getBytes(java.nio.charset.StandardCharsets.UTF_8), 64);
        int length = "<p>héllo</p>".getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        Path file = dir.resolve("page.html");

        assertThat(AtomicFiles.writeIfChanged(file, buffer, length)).as("missing").isTrue();
        assertThat(Files.readString(file)).isEqualTo("<p>héllo</p>");
        assertThat(AtomicFiles.writeIfChanged(file, buffer, length)).as("the same").isFalse();
        Files.writeString(file, "<p>hallo!</p>");
        assertThat(AtomicFiles.writeIfChanged(file, buffer, length)).as("same length, other bytes").isTrue();
        Files.writeString(file, "<p>héllo</p>\n");
        assertThat(AtomicFiles.writeIfChanged(file, buffer, length)).as("longer").isTrue();
        assertThat(Files.readString(file)).isEqualTo("<p>héllo</p>");
    }
}
