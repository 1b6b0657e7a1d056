package io.promisemonitor.core.io;

import com.sun.jna.Memory;

/**
 * Linux's {@code struct statx} (the same layout on every architecture) and the flags of {@code statx(2)}, for the
 * glibc calls of the monitor ({@link SpareExchange}, {@link FolderStat}, the service locks).
 */
public final class Statx {

    /** Size of the struct, and where its fields are. */
    public static final int SIZE = 256;
    public static final int NLINK = 16;
    public static final int UID = 20;
    public static final int MODE = 28;
    public static final int INO = 32;
    public static final int FILE_SIZE = 40;
    public static final int MTIME_SEC = 112;
    public static final int MTIME_NSEC = 120;
    /** stx_dev_major and stx_dev_minor, read together as one long. */
    public static final int DEV = 136;

    public static final int AT_FDCWD = -100;
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    public static final int AT_EMPTY_PATH = 0x1000;
    /** The path given with {@link #AT_EMPTY_PATH}: the descriptor itself. */
    public static final byte[] EMPTY_PATH = {0};

    public static final int BASIC_STATS = 0x7ff;
    public static final int MODE_INO_SIZE_MTIME = 0x2 | 0x100 | 0x200 | 0x40;

    public static final int S_IFMT = 0170000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFDIR = 0040000;

    /** Each thread's struct, filled by one call and read before its next. */
    public static final ThreadLocal<Memory> BUFFER = ThreadLocal.withInitial(() -> new Memory(SIZE));

    private Statx() {
    }
}
