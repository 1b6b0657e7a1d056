package io.promisemonitor.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run with stats relative to the open web folder where this machine allows them; the subclass runs it through Files. */
class KnownFilesTest {

    @TempDir
    Path dir;

    private final List<KnownFiles> opened = new ArrayList<>();

    /** A writer for the web folder as the renderer holds one during a render: its folder open. */
    KnownFiles make(Path folder, Path record) {
        return KnownFiles.of(folder, record);
    }

    private KnownFiles known() {
        try {
            Files.createDirectories(web());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        KnownFiles known = make(web(), record());
        known.openFolder();
        opened.add(known);
        return known;
    }

    @AfterEach
    void closeFolders() {
        opened.forEach(KnownFiles::closeFolder);
    }

    private Path web() {
        return dir.resolve("web");
    }

    private Path record() {
        return dir.resolve("state/known");
    }

    private static boolean write(KnownFiles known, Path file, String text) {
        return write(known, file, text, KnownFiles.NO_SOURCE);
    }

    /** As {@link #write(KnownFiles, Path, String)}, recording that the file was made from {@code source}. */
    private static boolean write(KnownFiles known, Path file, String text, long source) {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        // the caller's buffer is longer than the content, as the renderer's reused buffer is
        byte[] buffer = new byte[bytes.length + 10];
        System.arraycopy(bytes, 0, buffer, 0, bytes.length);
        return known.writeIfChanged(file, buffer, bytes.length, source);
    }

    /** p.html holding {@code text}, written by a writer whose record is then saved, as before a restart. */
    private Path pageSavedInARecord(String text) {
        KnownFiles before = known();
        Path page = web().resolve("p.html");
        write(before, page, text);
        before.save();
        assertThat(record()).exists();
        return page;
    }

    private static Object inode(Path file) throws Exception {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    @Test
    void theInodeReadFromAFileKeyIsTheUnixViewsOne() throws Exception {
        Path page = Files.createDirectories(web()).resolve("p.html");
        Files.writeString(page, "x");
        long inode = (Long) Files.getAttribute(page, "unix:ino");
        assertThat(KnownFiles.inode(inode(page))).isEqualTo(inode);
        assertThat(KnownFiles.inode("(dev=fe00,ino=2246171)")).isEqualTo(2246171L);
        assertThat(KnownFiles.inode("(dev=fe00,ino=)")).isEqualTo(-1L);
        assertThat(KnownFiles.inode("something else")).isEqualTo(-1L);
        assertThat(KnownFiles.inode(null)).isEqualTo(-1L);
    }

    @Test
    void writesNewAndChangedContentAndKeepsAnUnchangedFile() throws Exception {
        KnownFiles known = known();
        Path page = web().resolve("service/a.html");

        assertThat(write(known, page, "one")).isTrue();
        Object first = inode(page);
        assertThat(write(known, page, "one")).isFalse();
        assertThat(inode(page)).isEqualTo(first);
        assertThat(write(known, page, "two")).isTrue();

        assertThat(Files.readString(page)).isEqualTo("two\n");
        assertThat(inode(page)).isNotEqualTo(first);
        assertThat(known.size()).isEqualTo(1);
    }

    @Test
    void aRestartTrustsTheRecordWhileTheFileIsTheOneRecorded() throws Exception {
        Path page = pageSavedInARecord("same");

        // The same inode, size and modification time, other bytes: only a stat is made, so the record is believed.
        // (AtomicFiles never writes in place; this shows that the file is not read back.)
        FileTime time = Files.getLastModifiedTime(page);
        Files.writeString(page, "SAME\n");
        Files.setLastModifiedTime(page, time);
        KnownFiles after = known();

        assertThat(after.size()).isEqualTo(1);
        assertThat(write(after, page, "same")).isFalse();
        assertThat(Files.readString(page)).isEqualTo("SAME\n");
    }

    @Test
    void aFileChangedBehindTheRecordIsComparedAndRewritten() throws Exception {
        Path page = pageSavedInARecord("same");

        // Another writer replaced it (new inode), same size.
        Path other = web().resolve("other");
        Files.writeString(other, "SAME\n");
        Files.move(other, page, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        KnownFiles after = known();

        assertThat(write(after, page, "same")).isTrue();
        assertThat(Files.readString(page)).isEqualTo("same\n");
    }

    @Test
    void aFileHoldingWhatWasLastWrittenIsReplacedWithoutBeingReadBackAndKeepsItsMode() throws Exception {
        KnownFiles known = known();
        Path page = web().resolve("p.html");
        write(known, page, "one");
        Files.setPosixFilePermissions(page, PosixFilePermissions.fromString("rw-r-----"));
        // Other bytes in place, with the same inode, size and modification time: the record is believed, so new
        // content is written at once, without reading the file (which would find it holds the new content already).
        FileTime time = Files.getLastModifiedTime(page);
        Files.writeString(page, "two\n");
        Files.setLastModifiedTime(page, time);

        assertThat(write(known, page, "two")).isTrue();
        assertThat(Files.readString(page)).isEqualTo("two\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(page))).isEqualTo("rw-r-----");
        assertThat(write(known, page, "two")).isFalse();
    }

    @Test
    void aFileHoldsWhatItWasLastMadeFromWhileNobodyReplacedIt() throws Exception {
        KnownFiles known = known();
        Path page = web().resolve("p.html");
        assertThat(known.holdsFrom(page, 42)).as("never written").isFalse();
        write(known, page, "one", 42);
        assertThat(known.holdsFrom(page, 42)).isTrue();
        assertThat(known.holdsFrom(page, 43)).as("another source").isFalse();
        assertThat(known.holdsFrom(page, KnownFiles.NO_SOURCE)).as("no source").isFalse();
        write(known, page, "one");
        assertThat(known.holdsFrom(page, 42)).as("written since without its source").isFalse();
        write(known, page, "one", 42);

        Path other = web().resolve("other");
        Files.writeString(other, "one\n");
        Files.move(other, page, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(known.holdsFrom(page, 42)).as("replaced by another writer").isFalse();
        write(known, page, "one", 42);
        Files.delete(page);
        assertThat(known.holdsFrom(page, 42)).as("deleted").isFalse();
    }

    @Test
    void aFilesSourceIsKeptAcrossARestart() throws Exception {
        KnownFiles before = known();
        Path page = web().resolve("p.html");
        write(before, page, "one", 42);
        before.save();

        KnownFiles after = known();
        assertThat(after.holdsFrom(page, 42)).isTrue();
        assertThat(after.holdsFrom(page, 7)).isFalse();

        Path other = web().resolve("other");
        Files.writeString(other, "one\n");
        Files.move(other, page, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(known().holdsFrom(page, 42)).as("replaced while the writer was away").isFalse();
    }

    @Test
    void aRecordOfTheFormerFormatIsReadWithoutSources() throws Exception {
        Path page = Files.createDirectories(web()).resolve("p.html");
        byte[] bytes = "one\n".getBytes(StandardCharsets.UTF_8);
        Files.write(page, bytes);
        Files.createDirectories(record().getParent());
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(Files.newOutputStream(record()))) {
            out.writeInt(0x504d4b31);
            out.writeInt(1);
            out.writeUTF("p.html");
            out.writeLong((Long) Files.getAttribute(page, "unix:ino"));
            out.writeLong(bytes.length);
            out.writeLong(Files.getLastModifiedTime(page).to(java.util.concurrent.TimeUnit.NANOSECONDS));
            out.writeLong(KnownFiles.digest(bytes, bytes.length));
        }
        // The same inode, size and modification time, other bytes: believing the record shows it was read.
        FileTime time = Files.getLastModifiedTime(page);
        Files.writeString(page, "ONE\n");
        Files.setLastModifiedTime(page, time);
        KnownFiles known = known();

        assertThat(known.size()).isEqualTo(1);
        assertThat(known.holdsFrom(page, 42)).as("no source in that format").isFalse();
        assertThat(write(known, page, "one", 42)).isFalse();
        assertThat(Files.readString(page)).isEqualTo("ONE\n");
        known.save();
        assertThat(known().holdsFrom(page, 42)).as("saved in the new format").isTrue();
    }

    @Test
    void noInputsGiveTheSourceThatMeansNone() {
        byte[] inputs = "3:abc".getBytes(StandardCharsets.UTF_8);

        assertThat(KnownFiles.sourceOf(inputs, inputs.length)).isEqualTo(KnownFiles.digest(inputs, inputs.length))
                .isNotEqualTo(KnownFiles.NO_SOURCE);
        assertThat(KnownFiles.sourceOf(inputs, 0)).isNotEqualTo(KnownFiles.NO_SOURCE);
    }

    @Test
    void filesInSubfoldersAreToldApartAndAFolderReplacedBetweenTwoBatchesIsSeen() throws Exception {
        KnownFiles known = known();
        Path a = web().resolve("service/a.html");
        Path b = web().resolve("feeds/a.html");
        write(known, a, "one", 1);
        write(known, b, "two", 2);
        assertThat(known.holdsFrom(a, 1)).isTrue();
        assertThat(known.holdsFrom(b, 2)).isTrue();
        assertThat(write(known, a, "one", 1)).isFalse();
        assertThat(write(known, b, "two", 2)).isFalse();
        known.closeFolder();

        // another writer swaps the whole folder for one holding the same name and size: the next batch looks in it
        Path other = web().resolve("other");
        Files.createDirectories(other);
        Files.writeString(other.resolve("a.html"), "ONE\n");
        Files.move(web().resolve("service"), web().resolve("old"));
        Files.move(other, web().resolve("service"));
        known.openFolder();

        assertThat(known.holdsFrom(a, 1)).isFalse();
        assertThat(known.holdsFrom(b, 2)).isTrue();
        assertThat(write(known, a, "one")).isTrue();
        assertThat(Files.readString(a)).isEqualTo("one\n");
        assertThat(write(known, a, "one")).isFalse();
    }

    @Test
    void withoutARecordAnUnchangedFileIsFoundByReadingIt() throws Exception {
        Path page = web().resolve("p.html");
        Files.createDirectories(web());
        Files.writeString(page, "kept\n");
        Object inode = inode(page);
        KnownFiles known = known();

        assertThat(write(known, page, "kept")).isFalse();
        assertThat(inode(page)).isEqualTo(inode);
        assertThat(known.size()).isEqualTo(1);
    }

    @Test
    void aDamagedRecordIsIgnoredAndWrittenAnew() throws Exception {
        Files.createDirectories(record().getParent());
        Files.writeString(record(), "not a record");
        Path page = web().resolve("p.html");
        KnownFiles known = known();

        assertThat(known.size()).isZero();
        assertThat(write(known, page, "x")).isTrue();
        known.save();

        assertThat(known().size()).isEqualTo(1);
    }

    @Test
    void aRecordCutShortIsIgnored() throws Exception {
        KnownFiles before = known();
        write(before, web().resolve("a.html"), "a");
        write(before, web().resolve("b.html"), "b");
        before.save();
        byte[] whole = Files.readAllBytes(record());
        Files.write(record(), java.util.Arrays.copyOf(whole, whole.length - 3));

        assertThat(known().size()).isZero();
    }

    @Test
    void aForgottenFileIsLeftOutOfTheRecord() throws Exception {
        KnownFiles known = known();
        Path a = web().resolve("a.html");
        write(known, a, "a");
        write(known, web().resolve("b.html"), "b");
        Files.delete(a);
        known.forget(a);
        known.save();

        assertThat(known().size()).isEqualTo(1);
    }

    @Test
    void aFileOutsideTheFolderIsRefusedByName() {
        KnownFiles known = known();

        assertThatThrownBy(() -> write(known, web().resolve("../elsewhere.html"), "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("elsewhere.html").hasMessageContaining("is not under " + web());
    }

    @Test
    void theDigestTellsApartContentsOfOneLength() {
        byte[] a = "abcdef".getBytes(StandardCharsets.UTF_8);
        byte[] b = "abcdeg".getBytes(StandardCharsets.UTF_8);

        assertThat(KnownFiles.digest(a, 6)).isNotEqualTo(KnownFiles.digest(b, 6));
        assertThat(KnownFiles.digest(a, 5)).isEqualTo(KnownFiles.digest(b, 5));
    }
}
