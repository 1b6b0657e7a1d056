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
}
