package io.promisemonitor.core.io;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replaces a file that is rewritten again and again (a status file at every run, a service's page at every render)
 * by writing its spare, {@code .<name>.spare} beside it, and exchanging the two names in one
 * {@code renameat2(RENAME_EXCHANGE)}: a reader opening the name finds the old or the new file, whole, as with a
 * rename over it; the old file becomes the next spare, and is overwritten in place the next time.
 *
 * <p>Why: a rename over a file frees the old inode and its blocks (on a disk mounted {@code discard}, trimmed at
 * once), and the new temporary file needs a new inode and new blocks, which ext4 writes out within the rename while
 * holding the folder's lock. With eight promises finishing at once in one folder of ten thousand files, that was
 * 85 microseconds of system time a file; writing into the spare's blocks and exchanging is 10 (and the later
 * write-back by the kernel is smaller too: no block allocated, none freed).
 *
 * <p>The spare is written only while this writer holds an exclusive {@code flock} on it, and only after checking that
 * the file it opened is still the one named as the spare, a regular file of this user with one link (the name is
 * opened without following a link). Anything else (another writer at it, a planted link, a file system without
 * {@code RENAME_EXCHANGE}, a name outside ASCII, no JNA) answers {@code false}, and the caller writes a temporary
 * file and renames it, as for any other file.
 */
final class SpareExchange {

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.io");
    /** The suffix of a spare's name, after a dot and the file's own name. */
    static final String SUFFIX = ".spare";

    private static final int O_WRONLY = 0x1;
    private static final int O_CREAT = 0x40;
    private static final int O_EXCL = 0x80;
    private static final int O_CLOEXEC = 0x80000;
    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;
    private static final int RENAME_EXCHANGE = 2;
    private static final int ENOENT = 2;
    private static final int EINVAL = 22;
    private static final int ENOSYS = 38;
    /**
     * Larger files take the plain way: each thread keeps a native buffer as large as the largest file it wrote
     * through here, and the few large files (the index, rows.json) are not the ones rewritten at every run.
     */
    static final int MAX_SIZE = 256 * 1024;
    /** The page size of the file cache a write is counted in (4 KiB on every Linux this runs on). */
    static final int PAGE = 4096;

    /** {@code O_NOFOLLOW} of this architecture, or 0 where the exchange is not used. */
    private static final int O_NOFOLLOW = noFollowFlag();
    private static final boolean AVAILABLE = O_NOFOLLOW != 0 && bind();
    private static final int EUID = AVAILABLE ? Calls.geteuid() : -1;
    /** Folders whose file system refused the exchange: not asked again. */
    private static final Set<String> REFUSED = ConcurrentHashMap.newKeySet();
    /** Each thread's native buffer for the content, grown to the largest file written. */
    private static final ThreadLocal<Memory[]> CONTENT = ThreadLocal.withInitial(() -> new Memory[1]);

    private SpareExchange() {
    }

    /** glibc's calls, bound when this class is first used on a Linux it knows. */
    static final class Calls {
        private Calls() {
        }

        static native int open(byte[] path, int flags, int mode);

        static native int close(int fd);

        static native int flock(int fd, int operation);

        static native int statx(int dirFd, byte[] path, int flags, int mask, Pointer buffer);

        static native long pwrite(int fd, Pointer buffer, long count, long offset);

        static native int ftruncate(int fd, long length);

        static native int fchmod(int fd, int mode);

        static native int renameat2(int oldDirFd, byte[] oldPath, int newDirFd, byte[] newPath, int flags);

        static native int unlink(byte[] path);

        static native int geteuid();
    }

    private static int noFollowFlag() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.equals("Linux")) {
            return 0;
        }
        return switch (arch) {
            case "amd64", "x86_64" -> 0x20000;
            case "aarch64", "riscv64" -> 0x8000;
            default -> 0;
        };
    }

    private static boolean bind() {
        try {
            Glibc.register(Calls.class);
            return true;
        } catch (LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "files are replaced by renaming temporary files: " + e);
            return false;
        }
    }

    /** Whether this JVM can exchange files at all (Linux on a known architecture, JNA and glibc present). */
    static boolean available() {
        return AVAILABLE;
    }

    /** The spare of {@code file}: {@code .<name>.spare} in the same folder. */
    static Path spareOf(Path file) {
        return file.resolveSibling("." + file.getFileName() + SUFFIX);
    }

    /**
     * Writes the first {@code length} bytes of {@code content} to {@code file} through its spare, with {@code mode}
     * (permission bits); returns whether it did. {@code false} leaves {@code file} untouched (the spare may hold
     * part of the content: it is nobody's file).
     */
    static boolean write(Path file, byte[] content, int length, int mode) {
        if (length > MAX_SIZE) {
            return false;
        }
        return exchange(file, mode, (fd, size) -> {
            // The spare's last page, left from two writes ago, is cold by now (the kernel reclaims file pages not
            // used for a minute): a write over part of it reads it from the disk first. Covering the whole page
            // (the content and zeros) needs no read; the truncate then cuts the zeros off.
            int written = size > lastPageStart(length) ? padded(length) : length;
            return writeAll(fd, content, length, written)
                    && (Math.max(size, written) <= length || Calls.ftruncate(fd, length) == 0);
        });
    }

    /**
     * As {@link #write(Path, byte[], int, int)}, for a file of any size whose bytes {@code bytes} writes as it makes
     * them: they go to the spare in pieces of {@link #MAX_SIZE} through a native buffer, so a file of
     * megabytes rewritten at every render (the index, rows.json) neither allocates new blocks nor frees the old ones.
     * {@code false} when the spare could not be used, perhaps after {@code bytes} wrote part of the file: the caller
     * then asks {@code bytes} again, for a temporary file.
     */
    static boolean writeStream(Path file, AtomicFiles.ByteWriter bytes, int mode) {
        return exchange(file, mode, (fd, size) -> {
            // a buffer of its own, freed at once: a stream's bytes may wait on another file written by the same
            // thread meanwhile (the index waits for rows.json, which its own thread may then write)
            try (Memory buffer = new Memory(MAX_SIZE)) {
                Pieces out = new Pieces(fd, size, buffer);
                bytes.writeTo(out);
                return out.finish();
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Fills the spare, open as {@code fd}, whose size was {@code size}; truncates it to the content's end. */
    @FunctionalInterface
    private interface Filler {
        boolean fill(int fd, long size);
    }

    /**
     * The bytes of a file as they come, into the spare {@code fd} in whole pages at increasing offsets; the last page
     * padded with zeros where the spare was longer (as {@link #write(Path, byte[], int, int)} does), then cut.
     */
    private static final class Pieces extends java.io.OutputStream {
        private final int fd;
        private final long oldSize;
        private final Memory buffer;
        private int filled;
        private long offset;

        Pieces(int fd, long oldSize, Memory buffer) {
            this.fd = fd;
            this.oldSize = oldSize;
            this.buffer = buffer;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, MAX_SIZE - filled);
                buffer.write(filled, b, off, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == MAX_SIZE) {
                    flushPiece(filled);
                }
            }
        }

        private void flushPiece(int count) throws IOException {
            long at = 0;
            while (at < count) {
                long n = Calls.pwrite(fd, at == 0 ? buffer : buffer.share(at), count - at, offset + at);
                if (n <= 0) {
                    throw new IOException("pwrite: errno " + Glibc.errno());
                }
                at += n;
            }
            offset += count;
            filled = 0;
        }

        /** Writes what is left, and cuts the spare at the content's end; false when a call failed. */
        boolean finish() throws IOException {
            long length = offset + filled;
            int count = filled;
            if (length % PAGE != 0 && oldSize > length / PAGE * PAGE) {
                // whole last page, as write() pads it: no read of the spare's cold page first
                int pad = (int) (PAGE - length % PAGE);
                buffer.setMemory(filled, pad, (byte) 0);
                count += pad;
            }
            if (count > 0) {
                flushPiece(count);
            }
            return offset <= length && oldSize <= length || Calls.ftruncate(fd, length) == 0;
        }
    }

    /**
     * Opens and checks the spare of {@code file}, has {@code filler} write it, gives it {@code mode} and exchanges
     * it with {@code file}; returns whether all of that was done.
     */
    private static boolean exchange(Path file, int mode, Filler filler) {
        if (!AVAILABLE) {
            return false;
        }
        Path absolute = file.toAbsolutePath();
        String folder = String.valueOf(absolute.getParent());
        if (REFUSED.contains(folder)) {
            return false;
        }
        byte[] target = ascii(absolute.toString());
        byte[] spare = ascii(spareOf(absolute).toString());
        if (target == null || spare == null) {
            return false;
        }
        int fd = Calls.open(spare, O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0);
        if (fd < 0 && Glibc.errno() == ENOENT) {
            fd = Calls.open(spare, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        }
        if (fd < 0) {
            return false; // a link or something else planted there, no folder, no space: the plain way says why
        }
        try {
            if (Calls.flock(fd, LOCK_EX | LOCK_NB) != 0) {
                return false; // another writer is at this spare
            }
            Memory stat = Statx.BUFFER.get();
            if (Calls.statx(fd, Statx.EMPTY_PATH, Statx.AT_EMPTY_PATH, Statx.BASIC_STATS, stat) != 0) {
                return false;
            }
            long inode = stat.getLong(Statx.INO);
            long device = stat.getLong(Statx.DEV);
            int fileMode = stat.getShort(Statx.MODE) & 0xffff;
            long size = stat.getLong(Statx.FILE_SIZE);
            if ((fileMode & Statx.S_IFMT) != Statx.S_IFREG || stat.getInt(Statx.NLINK) != 1
                    || stat.getInt(Statx.UID) != EUID) {
                return false;
            }
            // still the file named as the spare (not one a concurrent writer has just exchanged into place)
            if (Calls.statx(Statx.AT_FDCWD, spare, Statx.AT_SYMLINK_NOFOLLOW, Statx.BASIC_STATS, stat) != 0
                    || stat.getLong(Statx.INO) != inode || stat.getLong(Statx.DEV) != device) {
                return false;
            }
            // in the file's place, a file or nothing: a folder or anything else there is left to the plain way,
            // which fails and says so (an exchange would move it aside, as the next spare)
            if (Calls.statx(Statx.AT_FDCWD, target, Statx.AT_SYMLINK_NOFOLLOW, Statx.BASIC_STATS, stat) == 0
                    && (stat.getShort(Statx.MODE) & Statx.S_IFMT) != Statx.S_IFREG) {
                return false;
            }
            if (!filler.fill(fd, size)) {
                return false;
            }
            if ((fileMode & 07777) != mode && Calls.fchmod(fd, mode) != 0) {
                return false;
            }
            if (Calls.renameat2(Statx.AT_FDCWD, spare, Statx.AT_FDCWD, target, RENAME_EXCHANGE) == 0) {
                return true;
            }
            int errno = Glibc.errno();
            if (errno == ENOENT) {
                // no file yet: the spare becomes it, and the next write makes a new spare
                return Calls.renameat2(Statx.AT_FDCWD, spare, Statx.AT_FDCWD, target, 0) == 0;
            }
            if (errno == EINVAL || errno == ENOSYS) {
                REFUSED.add(folder);
                Calls.unlink(spare);
                LOG.log(System.Logger.Level.INFO, "the file system of " + folder + " cannot exchange two files"
                        + " (errno " + errno + "): its files are replaced by renaming temporary files");
            }
            return false;
        } finally {
            Calls.close(fd);
        }
    }

    /** Where the page holding the last byte of {@code length} bytes starts. */
    static int lastPageStart(int length) {
        return length == 0 ? 0 : (length - 1) / PAGE * PAGE;
    }

    /** {@code length} rounded up to whole pages. */
    static int padded(int length) {
        return (length + PAGE - 1) / PAGE * PAGE;
    }

    /** Writes {@code length} bytes of {@code content}, then zeros up to {@code written} bytes. */
    private static boolean writeAll(int fd, byte[] content, int length, int written) {
        if (written == 0) {
            return true;
        }
        Memory[] held = CONTENT.get();
        if (held[0] == null || held[0].size() < written) {
            held[0] = new Memory(Math.max(written, 16 * 1024));
        }
        Memory buffer = held[0];
        buffer.write(0, content, 0, length);
        if (written > length) {
            buffer.setMemory(length, written - length, (byte) 0);
        }
        long at = 0;
        while (at < written) {
            long n = Calls.pwrite(fd, at == 0 ? buffer : buffer.share(at), written - at, at);
            if (n <= 0) {
                return false;
            }
            at += n;
        }
        return true;
    }

    /** Deletes the spare of {@code file}, if any: when {@code file} itself is deleted. */
    static void deleteSpare(Path file) {
        try {
            Files.deleteIfExists(spareOf(file));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot delete the spare of " + file + ": " + e);
        }
    }

    private static byte[] ascii(String path) {
        return Glibc.asciiPath(path);
    }
}
