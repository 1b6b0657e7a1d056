package io.promisemonitor.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ViaSpare writes of {@link AtomicFiles}: a file exchanged with its spare, and every case that must not be. */
class SpareExchangeTest {

    @TempDir
    Path dir;
    Path file;
    Path spare;

    @BeforeEach
    void names() throws Exception {
        file = dir.resolve("s1.status.json");
        spare = dir.resolve(".s1.status.json.spare");
        assertThat(SpareExchange.available()).as("JNA and glibc on this Linux").isTrue();
        // a file system that cannot exchange two names (some overlays) takes the plain way, tested elsewhere
        Path a = Files.writeString(dir.resolve("probe-a"), "a");
        Path b = Files.writeString(dir.resolve("probe-b"), "b");
        int done = SpareExchange.Calls.renameat2(-100, (a + "\0").getBytes(StandardCharsets.US_ASCII), -100,
                (b + "\0").getBytes(StandardCharsets.US_ASCII), 2);
        Assumptions.assumeTrue(done == 0 && Files.readString(a).equals("b"),
                "the file system of " + dir + " cannot exchange two files (errno " + Glibc.errno() + ")");
        Files.delete(a);
        Files.delete(b);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Object inode(Path p) throws Exception {
        return Files.readAttributes(p, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    @Test
    void theOldFileBecomesTheSpareAndIsOverwrittenInPlaceTheNextTime() throws Exception {
        AtomicFiles.writeIfChangedViaSpare(file, bytes("first, long content"), Optional.empty());
        Object first = inode(file);
        assertThat(Files.exists(spare)).as("the first write renames its spare into place").isFalse();

        AtomicFiles.writeIfChangedViaSpare(file, bytes("second"), AtomicFiles.readExisting(file));
        Object second = inode(file);
        assertThat(Files.readString(file)).isEqualTo("second");
        assertThat(inode(spare)).as("exchanged, not renamed over").isEqualTo(first);
        assertThat(Files.readString(spare)).isEqualTo("first, long content");

        byte[] buffer = bytes("third!xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        AtomicFiles.writeIfChangedViaSpare(file, buffer, 6);
        assertThat(inode(file)).as("the first file again, written in place").isEqualTo(first);
        assertThat(Files.readString(file)).as("cut to its new length").isEqualTo("third!");
        assertThat(inode(spare)).isEqualTo(second);
        try (var list = Files.list(dir)) {
            assertThat(list).containsExactlyInAnyOrder(file, spare);
        }
    }

    @Test
    void theWholeLastPageIsWrittenAndTheZerosAfterTheContentCutOff() throws Exception {
        // sizes on both sides of the page boundary, over spares longer and shorter than the content
        int[] sizes = {1, 900, 4095, 4096, 4097, 9000, 8192, 300, 12_000, 0, 5};
        for (int i = 0; i < sizes.length; i++) {
            String content = String.valueOf((char) ('a' + i)).repeat(sizes[i]);
            AtomicFiles.writeIfChangedViaSpare(file, bytes(content), AtomicFiles.readExisting(file));
            assertThat(Files.readString(file)).as("%d bytes", sizes[i]).isEqualTo(content);
            assertThat(Files.size(file)).isEqualTo(sizes[i]);
        }
        assertThat(SpareExchange.lastPageStart(4096)).isZero();
        assertThat(SpareExchange.lastPageStart(4097)).isEqualTo(4096);
        assertThat(SpareExchange.padded(1)).isEqualTo(4096);
        assertThat(SpareExchange.padded(8192)).isEqualTo(8192);
    }

    @Test
    void theFileKeepsItsModeWhateverTheSpareHad() throws Exception {
        AtomicFiles.writeIfChangedViaSpare(file, bytes("one"), Optional.empty());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        AtomicFiles.writeIfChangedViaSpare(file, bytes("two"), AtomicFiles.readExisting(file));
        AtomicFiles.writeIfChangedViaSpare(file, bytes("three"), AtomicFiles.readExisting(file));

        assertThat(Files.readString(file)).isEqualTo("three");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
    }

    @Test
    void aLinkPlantedAsTheSpareIsNeitherFollowedNorWrittenThrough() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "precious");
        AtomicFiles.writeIfChangedViaSpare(file, bytes("one"), Optional.empty());
        Files.createSymbolicLink(spare, victim);

        AtomicFiles.writeIfChangedViaSpare(file, bytes("two"), AtomicFiles.readExisting(file));

        assertThat(Files.readString(file)).isEqualTo("two");
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(Files.isSymbolicLink(spare)).isTrue();
    }

    @Test
    void aSpareWithASecondNameIsNotWrittenThrough() throws Exception {
        AtomicFiles.writeIfChangedViaSpare(file, bytes("one"), Optional.empty());
        AtomicFiles.writeIfChangedViaSpare(file, bytes("two"), AtomicFiles.readExisting(file));
        Path other = dir.resolve("other-name");
        Files.createLink(other, spare);

        AtomicFiles.writeIfChangedViaSpare(file, bytes("three"), AtomicFiles.readExisting(file));

        assertThat(Files.readString(file)).isEqualTo("three");
        assertThat(Files.readString(other)).as("the linked file is left alone").isEqualTo("one");
    }

    @Test
    void aSpareLockedByAnotherWriterIsLeftToIt() throws Exception {
        AtomicFiles.writeIfChangedViaSpare(file, bytes("one"), Optional.empty());
        AtomicFiles.writeIfChangedViaSpare(file, bytes("two"), AtomicFiles.readExisting(file));
        Path ready = dir.resolve("locked");
        Process holder = new ProcessBuilder("flock", "-x", spare.toString(), "sh", "-c",
                "touch " + ready + "; sleep 30").start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(ready) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(ready).exists();
            Object spareBefore = inode(spare);

            AtomicFiles.writeIfChangedViaSpare(file, bytes("three"), AtomicFiles.readExisting(file));

            assertThat(Files.readString(file)).isEqualTo("three");
            assertThat(inode(spare)).isEqualTo(spareBefore);
            assertThat(Files.readString(spare)).as("the other writer's spare untouched").isEqualTo("one");
        } finally {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void deletingTheFileDeletesItsSpare() throws Exception {
        AtomicFiles.writeIfChangedViaSpare(file, bytes("one"), Optional.empty());
        AtomicFiles.writeIfChangedViaSpare(file, bytes("two"), AtomicFiles.readExisting(file));
        assertThat(spare).exists();

        assertThat(AtomicFiles.deleteWithSpare(file)).isTrue();

        try (var list = Files.list(dir)) {
            assertThat(list).isEmpty();
        }
    }

    @Test
    void unchangedContentIsNotWrittenAndALargeFileTakesThePlainWay() throws Exception {
        AtomicFiles.writeIfChangedViaSpare(file, bytes("same"), Optional.empty());
        AtomicFiles.writeIfChangedViaSpare(file, bytes("same2"), AtomicFiles.readExisting(file));
        Object inode = inode(file);
        assertThat(AtomicFiles.writeIfChangedViaSpare(file, bytes("same2"), 5)).isFalse();
        assertThat(inode(file)).isEqualTo(inode);

        Path big = dir.resolve("index.html");
        byte[] large = new byte[SpareExchange.MAX_SIZE + 1];
        AtomicFiles.writeIfChangedViaSpare(big, large, large.length);
        large[0] = 1;
        AtomicFiles.writeIfChangedViaSpare(big, large, large.length);
        assertThat(Files.readAllBytes(big)).isEqualTo(large);
        assertThat(dir.resolve(".index.html.spare")).doesNotExist();
    }

    /** {@code n} bytes, every one telling its place and {@code seed}. */
    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    /** Writes {@code content} streamed, in uneven pieces as a renderer's buffer gives them. */
    private void stream(Path target, byte[] content) {
        AtomicFiles.writeStreamViaSpare(target, out -> {
            int at = 0;
            int piece = 1;
            while (at < content.length) {
                int n = Math.min(content.length - at, piece);
                out.write(content, at, n);
                at += n;
                piece = piece * 7 + 13;
            }
        });
    }

    @Test
    void aLargeFileWrittenPieceByPieceIsExchangedWithItsSpareAtAnySize() throws Exception {
        Path big = dir.resolve("rows.json");
        Path bigSpare = dir.resolve(".rows.json.spare");
        // sizes around the pieces and pages, growing and shrinking over the spare each time
        int piece = SpareExchange.MAX_SIZE;
        int[] sizes = {3 * piece + 5, 100, piece, piece + 4096, 2 * piece - 1, 0, 4097, 6_500_000, 1_000_000};
        Object previous = null;
        for (int i = 0; i < sizes.length; i++) {
            byte[] content = pattern(sizes[i], i);
            stream(big, content);
            assertThat(Files.readAllBytes(big)).as("%d bytes", sizes[i]).isEqualTo(content);
            if (previous != null) {
                assertThat(inode(bigSpare)).as("exchanged with the spare, not renamed over").isEqualTo(previous);
            }
            previous = inode(big);
        }
        try (var list = Files.list(dir)) {
            assertThat(list).containsExactlyInAnyOrder(big, bigSpare);
        }
    }

    @Test
    void aLargeFileKeepsItsModeAndALinkPlantedAsItsSpareIsNotWrittenThrough() throws Exception {
        Path big = dir.resolve("index.html");
        Path bigSpare = dir.resolve(".index.html.spare");
        stream(big, pattern(700_000, 1));
        Files.setPosixFilePermissions(big, PosixFilePermissions.fromString("rw-r-----"));
        stream(big, pattern(600_000, 2));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(big))).isEqualTo("rw-r-----");

        Path victim = Files.writeString(dir.resolve("victim"), "precious");
        Files.delete(bigSpare);
        Files.createSymbolicLink(bigSpare, victim);
        byte[] third = pattern(800_000, 3);
        stream(big, third);

        assertThat(Files.readAllBytes(big)).isEqualTo(third);
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(Files.isSymbolicLink(bigSpare)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(big))).isEqualTo("rw-r-----");
    }

    @Test
    void whenTheBytesCannotBeMadeTheFileIsLeftAsItWas() throws Exception {
        Path big = dir.resolve("index.html");
        byte[] first = pattern(400_000, 1);
        stream(big, first);
        stream(big, pattern(500_000, 2));
        byte[] second = Files.readAllBytes(big);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AtomicFiles.writeStreamViaSpare(big, out -> {
            out.write(pattern(300_000, 3));
            throw new IllegalStateException("rows.json failed");
        })).hasMessage("rows.json failed");

        assertThat(Files.readAllBytes(big)).isEqualTo(second);
    }

    @Test
    void aFolderInTheFilesPlaceIsNotMovedAsideAndTheWriteFails() throws Exception {
        stream(file, pattern(10, 1));
        stream(file, pattern(20, 2));
        Files.delete(file);
        Files.createDirectories(file.resolve("inside"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> stream(file, pattern(30, 3)))
                .hasMessageContaining(file.toString());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AtomicFiles.writeIfChangedViaSpare(file,
                pattern(30, 3), 30)).hasMessageContaining(file.toString());

        assertThat(file.resolve("inside")).isDirectory();
        assertThat(spare).isRegularFile();
    }
}
