package io.promisemonitor.core.run;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.promisemonitor.core.io.Glibc;
import io.promisemonitor.core.io.Statx;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The system calls of {@link ServiceLock}'s lock files, made directly through JNA: the same POSIX record lock
 * ({@code fcntl F_SETLK} on the whole file) that {@code FileChannel.tryLock} takes, so that every process of the
 * monitor, whichever way it locks, excludes the others. Why: {@code FileChannel.open}, {@code tryLock} (whose lock
 * table stats the file again), a stat by name before and after, two truncates and two unlocks were seventeen system
 * calls and a dozen objects a run; here they are twelve (open, lock, and the file's identity against the name's, for
 * each file; the pid written; at the end one truncate and the two closes, which release the locks).
 *
 * <p>Used on 64-bit Linux (amd64, aarch64, riscv64: the same flags and {@code struct flock} layout) for paths in
 * ASCII; anything else takes the {@code FileChannel} way.
 */
final class NativeLocks {

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.executor");

    private static final int O_RDWR = 2;
    private static final int O_CREAT = 0x40;
    private static final int O_CLOEXEC = 0x80000;
    private static final int F_SETLK = 6;
    private static final short F_WRLCK = 1;
    private static final int FLOCK_SIZE = 32;
    private static final int EAGAIN = 11;
    private static final int EACCES = 13;
    private static final int ENOENT = 2;
    private static final int STATX_INO_SIZE = 0x100 | 0x200;

    private static final String UNAVAILABLE = probe();
    /** Each thread's {@code struct flock}: a write lock on the whole file (start 0, length 0). */
    private static final ThreadLocal<Memory> FLOCK = ThreadLocal.withInitial(() -> {
        Memory m = new Memory(FLOCK_SIZE);
        m.clear();
        m.setShort(0, F_WRLCK);
        return m;
    });

    private NativeLocks() {
    }

    /** glibc's calls, bound when this class is first used on a Linux it knows. */
    static final class Calls {
        private Calls() {
        }

        static native int open(byte[] path, int flags, int mode);

        static native int close(int fd);

        static native int fcntl(int fd, int command, Pointer lock);

        static native int statx(int dirFd, byte[] path, int flags, int mask, Pointer buffer);

        static native long pwrite(int fd, byte[] buffer, long count, long offset);

        static native int ftruncate(int fd, long length);

        static native String strerror(int errno);

        static {
            Glibc.register(Calls.class);
        }
    }

    /** Why the locks are taken the FileChannel way here; empty where they are taken through JNA. */
    static Optional<String> whyUnavailable() {
        return Optional.ofNullable(UNAVAILABLE);
    }

    private static String probe() {
        Optional<String> other = Glibc.otherPlatform();
        if (other.isPresent()) {
            return "only on 64-bit Linux (amd64, aarch64, riscv64), not " + other.get();
        }
        try {
            Calls.close(-1); // loads JNA and binds every symbol
            return null;
        } catch (LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "service locks through FileChannel: " + e);
            return "JNA or a glibc call is missing: " + e;
        }
    }

    /** The path as a C string, or null when it is not plain printable ASCII (then FileChannel locks it). */
    static byte[] cPath(Path file) {
        return Glibc.asciiPath(file.toString());
    }

    /** What {@link #lock} found: the descriptor locked and the file's size, or why there is no lock. */
    record Taken(int fd, long size, boolean busy) {
        static final Taken BUSY = new Taken(-1, 0, true);
        static final Taken REPLACED = new Taken(-1, 0, false);

        boolean locked() {
            return fd >= 0;
        }
    }

    /**
     * Opens (creating) and locks the file {@code path} names, and checks that the name still leads to the file
     * locked. {@link Taken#BUSY} when another process holds it, {@link Taken#REPLACED} when the name was given to
     * another file meanwhile (the lock taken would be on a file nobody else can find).
     *
     * @throws NoSuchFileException when its folder does not exist
     */
    static Taken lock(Path file, byte[] path) throws IOException {
        int fd = Calls.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        if (fd < 0) {
            int errno = Glibc.errno();
            if (errno == ENOENT) {
                throw new NoSuchFileException(file.toString());
            }
            throw new IOException("cannot open " + file + ": " + Calls.strerror(errno));
        }
        boolean kept = false;
        try {
            if (Calls.fcntl(fd, F_SETLK, FLOCK.get()) != 0) {
                int errno = Glibc.errno();
                if (errno == EAGAIN || errno == EACCES) {
                    return Taken.BUSY;
                }
                throw new IOException("cannot lock " + file + ": " + Calls.strerror(errno));
            }
            Memory stat = Statx.BUFFER.get();
            if (Calls.statx(fd, Statx.EMPTY_PATH, Statx.AT_EMPTY_PATH, STATX_INO_SIZE, stat) != 0) {
                throw new IOException("cannot stat " + file + ": " + Calls.strerror(Glibc.errno()));
            }
            long inode = stat.getLong(Statx.INO);
            long device = stat.getLong(Statx.DEV);
            long size = stat.getLong(Statx.FILE_SIZE);
            if (Calls.statx(Statx.AT_FDCWD, path, 0, STATX_INO_SIZE, stat) != 0
                    || stat.getLong(Statx.INO) != inode || stat.getLong(Statx.DEV) != device) {
                return Taken.REPLACED; // closing the descriptor releases the lock
            }
            kept = true;
            return new Taken(fd, size, false);
        } finally {
            if (!kept) {
                Calls.close(fd);
            }
        }
    }

    /** Writes {@code content} at the start of the file, cutting off what a longer content left after it. */
    static void write(int fd, byte[] content, long size) throws IOException {
        if (Calls.pwrite(fd, content, content.length, 0) != content.length
                || size > content.length && Calls.ftruncate(fd, content.length) != 0) {
            throw new IOException(Calls.strerror(Glibc.errno()));
        }
    }

    /** Empties the file. */
    static void truncate(int fd) {
        Calls.ftruncate(fd, 0);
    }

    /** Closes the descriptor, which releases the lock. */
    static void close(int fd) {
        Calls.close(fd);
    }
}
