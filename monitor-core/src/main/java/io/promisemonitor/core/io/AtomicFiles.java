package io.promisemonitor.core.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes files that other processes read: to a temporary file in the same folder, then renamed over the old one,
 * so a reader sees the old or the new content, never half of one. A file whose content is unchanged is not
 * rewritten, to spare flash storage. A file rewritten again and again (the {@code ViaSpare} methods: a status file,
 * a service's page) is written into its spare beside it, which is then exchanged with it (see
 * {@link SpareExchange}); delete such a file with {@link #deleteWithSpare}.
 */
public final class AtomicFiles {

    private static final Set<PosixFilePermission> DEFAULT_MODE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<StandardOpenOption> CREATE_NEW = Set.of(StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY = PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------"));
    /** Each thread's buffer for comparing an old file with new content. */
    private static final ThreadLocal<byte[]> CHUNK = ThreadLocal.withInitial(() -> new byte[16 * 1024]);
    private static final AtomicLong TEMP_COUNTER = new AtomicLong(
            ProcessHandle.current().pid() << 40 ^ System.nanoTime() << 8);

    private AtomicFiles() {
    }

    /** Writes {@code content} unless the file already holds exactly it; returns whether it wrote. */
    public static boolean writeIfChanged(Path file, byte[] content) {
        return writeIfChanged(file, content, content.length);
    }

    /**
     * Like {@link #writeIfChanged(Path, byte[])} for the first {@code length} bytes of {@code content}, a buffer the
     * caller reuses: the old file is compared chunk by chunk, never read whole, so that comparing thousands of
     * pages (the dashboard after a restart) allocates next to nothing.
     */
    public static boolean writeIfChanged(Path file, byte[] content, int length) {
        return writeIfChanged(file, content, length, false);
    }

    /**
     * Like {@link #writeIfChanged(Path, byte[], int)} for a file rewritten again and again: through its spare.
     */
    public static boolean writeIfChangedViaSpare(Path file, byte[] content, int length) {
        return writeIfChanged(file, content, length, true);
    }

    private static boolean writeIfChanged(Path file, byte[] content, int length, boolean viaSpare) {
        Set<PosixFilePermission> mode = DEFAULT_MODE;
        try {
            // one stat tells the type, the size and the mode the new file must keep
            PosixFileAttributes old = Files.readAttributes(file, PosixFileAttributes.class);
            mode = old.permissions();
            if (old.isRegularFile() && old.size() == length && holds(file, content, length)) {
                return false;
            }
        } catch (IOException | UnsupportedOperationException e) {
            // no old file, or an unreadable one: replace it
        }
        if (!viaSpare || !SpareExchange.write(file, content, length, bits(mode))) {
            replace(file, out -> out.write(content, 0, length), mode);
        }
        return true;
    }

    /**
     * Replaces {@code file}, a file rewritten again and again, with the first {@code length} bytes of {@code content}
     * and the permission bits {@code mode}, through its spare as {@link #writeIfChangedViaSpare(Path, byte[], int)}, without looking at it
     * first: for a caller that knows it differs (and its mode).
     */
    public static void replaceViaSpare(Path file, byte[] content, int length, int mode) {
        if (!SpareExchange.write(file, content, length, mode)) {
            replace(file, out -> out.write(content, 0, length), permissions(mode));
        }
    }

    /** Whether {@code file} holds exactly the first {@code length} bytes of {@code content}. */
    private static boolean holds(Path file, byte[] content, int length) throws IOException {
        byte[] chunk = CHUNK.get();
        try (InputStream in = Files.newInputStream(file)) {
            int at = 0;
            while (at < length) {
                int n = in.read(chunk, 0, Math.min(chunk.length, length - at));
                if (n < 0 || !Arrays.equals(chunk, 0, n, content, at, at + n)) {
                    return false;
                }
                at += n;
            }
            return in.read() < 0;
        }
    }

    /** What a regular file holds and its mode, as {@link #readExisting} found them. */
    public static final class Existing {
        private final byte[] bytes;
        private final Set<PosixFilePermission> mode;

        private Existing(byte[] bytes, Set<PosixFilePermission> mode) {
            this.bytes = bytes;
            this.mode = mode;
        }

        /** What a file holds after {@link #writeIfChanged(Path, byte[], Optional)} wrote {@code bytes} to it. */
        public static Existing after(byte[] bytes, Optional<Existing> before) {
            return new Existing(bytes, before.map(b -> b.mode).orElse(DEFAULT_MODE));
        }

        public byte[] bytes() {
            return bytes;
        }
    }

    /**
     * The content and mode of {@code file} with one stat and one read, for a caller that looks at the old content
     * before replacing it; empty when there is no regular file (a FIFO would block the read) or it cannot be read.
     */
    public static Optional<Existing> readExisting(Path file) {
        try {
            PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(new Existing(Files.readAllBytes(file), attributes.permissions()));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty(); // none, being replaced, or unreadable: all count as no content
        }
    }

    /**
     * Writes {@code content} unless {@code current} (from {@link #readExisting}) already holds exactly it; the new
     * file keeps the old one's mode, or gets rw-r--r-- when there was none. Returns whether it wrote.
     */
    public static boolean writeIfChanged(Path file, byte[] content, Optional<Existing> current) {
        return writeIfChanged(file, content, current, false);
    }

    /**
     * Like {@link #writeIfChanged(Path, byte[], Optional)} for a file rewritten again and again: through its spare.
     */
    public static boolean writeIfChangedViaSpare(Path file, byte[] content, Optional<Existing> current) {
        return writeIfChanged(file, content, current, true);
    }

    private static boolean writeIfChanged(Path file, byte[] content, Optional<Existing> current, boolean viaSpare) {
        if (current.isPresent() && Arrays.equals(current.get().bytes, content)) {
            return false;
        }
        Set<PosixFilePermission> mode = current.map(c -> c.mode).orElse(DEFAULT_MODE);
        if (!viaSpare || !SpareExchange.write(file, content, content.length, bits(mode))) {
            replace(file, out -> out.write(content), mode);
        }
        return true;
    }

    /**
     * Deletes a file written by the {@code ViaSpare} methods, and its spare; returns whether the file was there.
     *
     * @throws IOException when the file cannot be deleted
     */
    public static boolean deleteWithSpare(Path file) throws IOException {
        boolean deleted = Files.deleteIfExists(file);
        SpareExchange.deleteSpare(file);
        return deleted;
    }

    /** The permissions of the bits {@code mode} (0644: rw-r--r--). */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out = java.util.EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : PosixFilePermission.values()) {
            if ((mode & (0400 >> p.ordinal())) != 0) {
                out.add(p);
            }
        }
        return out;
    }

    /** Permission bits as a number, 0644 for rw-r--r--. */
    static int bits(Set<PosixFilePermission> mode) {
        int bits = 0;
        for (PosixFilePermission p : mode) {
            bits |= 0400 >> p.ordinal();
        }
        return bits;
    }

    public static boolean writeIfChanged(Path file, String content) {
        return writeIfChanged(file, content.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path file, byte[] content) {
        replace(file, out -> out.write(content), null);
    }

    /** Writes text as it is produced, into the temporary file: a large page never sits whole in memory. */
    @FunctionalInterface
    public interface TextWriter {
        void writeTo(Writer out) throws IOException;
    }

    /** Like {@link #write(Path, String)}, for text produced piece by piece (UTF-8). */
    public static void write(Path file, TextWriter text) {
        replace(file, out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 16 * 1024);
            text.writeTo(writer);
            writer.flush();
        }, null);
    }

    /** Bytes written as they are produced, into the temporary file. */
    @FunctionalInterface
    public interface ByteWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Like {@link #write(Path, byte[])}, for bytes produced piece by piece. */
    public static void writeStream(Path file, ByteWriter bytes) {
        replace(file, bytes, null);
    }

    /**
     * Like {@link #writeStream}, for a large file rewritten again and again (the index, rows.json): through its spare
     * as {@link #writeIfChangedViaSpare(Path, byte[], int)}, whatever its size, keeping its mode. {@code bytes} may be
     * asked twice: when the spare cannot be used after it began, the file is written the plain way.
     */
    public static void writeStreamViaSpare(Path file, ByteWriter bytes) {
        Set<PosixFilePermission> mode = permissionsFor(file);
        if (!SpareExchange.writeStream(file, bytes, bits(mode))) {
            replace(file, bytes, mode);
        }
    }

    /**
     * Fills a new temporary file beside {@code file}, gives it {@code file}'s mode ({@code mode} when the caller
     * already knows it, else looked up) and renames it over {@code file}.
     */
    private static void replace(Path file, ByteWriter fill, Set<PosixFilePermission> mode) {
        Path folder = file.toAbsolutePath().getParent();
        String prefix = "." + file.getFileName() + ".";
        Path temp = null;
        try {
            OutputStream out;
            try {
                temp = folder.resolve(prefix + nextTempName());
                out = newTemp(temp);
            } catch (NoSuchFileException e) {
                // the folder is there nearly always: create it only when missing, not with a mkdir on every write
                Files.createDirectories(folder);
                out = newTemp(temp);
            } catch (FileAlreadyExistsException e) {
                // left by a crashed writer, or another process's counter met ours: one more name
                temp = folder.resolve(prefix + nextTempName());
                out = newTemp(temp);
            }
            try (OutputStream o = out) {
                fill.writeTo(o);
            }
            // New files are owner-only; another user's web server (nginx) must still read them.
            Files.setPosixFilePermissions(temp, mode != null ? mode : permissionsFor(file));
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * One open with O_EXCL and mode 0600 (the content may be private until its mode is set): not
     * Files.createTempFile, which draws each name from SecureRandom and has the file opened a second time.
     */
    private static OutputStream newTemp(Path temp) throws IOException {
        return Channels.newOutputStream(Files.newByteChannel(temp, CREATE_NEW, OWNER_ONLY));
    }

    /** Unique within this process; the pid and start time keep two processes writing one folder apart. */
    private static String nextTempName() {
        return Long.toHexString(TEMP_COUNTER.incrementAndGet()) + ".tmp";
    }

    private static Set<PosixFilePermission> permissionsFor(Path file) {
        try {
            return Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException e) {
            return DEFAULT_MODE;
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort: a stray temp file is harmless and named after its target
            }
        }
    }

    public static void write(Path file, String content) {
        write(file, content.getBytes(StandardCharsets.UTF_8));
    }
}
