package io.promisemonitor.core.run;

import com.sun.jna.Pointer;
import io.promisemonitor.core.io.Glibc;

/**
 * The glibc calls {@link NativeSpawner} makes, bound by JNA's direct mapping (a JNI call each, no proxy and no
 * reflection per call). Loading this class fails with a {@link LinkageError} when JNA or a symbol is missing (a libc
 * other than glibc, or a glibc older than 2.34, which lacks {@code posix_spawn_file_actions_addclosefrom_np}).
 * Every buffer is native memory: a Java array pinned across a blocking {@code read} could hold up the GC.
 */
final class Libc {

    static final int EINTR = 4;
    static final int ENOENT = 2;
    static final int ENOEXEC = 8;
    static final int EINVAL = 22;
    static final int EAGAIN = 11;
    static final int EPERM = 1;
    static final int ENOSYS = 38;

    static final int F_SETFL = 4;
    /** 04000 on x86_64, aarch64 and riscv64. */
    static final int O_NONBLOCK = 0x800;

    /** The same number on x86_64, aarch64 and riscv64 (Linux 5.3+); glibc's wrapper needs 2.36. */
    static final long SYS_PIDFD_OPEN = 434;

    static final short POLLIN = 0x1;
    static final short POLLERR = 0x8;
    static final short POLLHUP = 0x10;
    static final short POLLNVAL = 0x20;
    /** struct pollfd: int fd, short events, short revents. */
    static final int POLLFD_SIZE = 8;

    static final int O_RDONLY = 0;
    /** 02000000 on every 64-bit Linux architecture NativeSpawner accepts (not on alpha, sparc or parisc). */
    static final int O_CLOEXEC = 0x80000;

    static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    static final short POSIX_SPAWN_SETSID = 0x80;

    static final int P_PID = 1;
    static final int WEXITED = 4;
    static final int WNOWAIT = 0x01000000;
    static final int SIGKILL = 9;
    static final int WNOHANG = 1;

    static final int PR_SET_CHILD_SUBREAPER = 36;

    /** Generous upper bounds of glibc's opaque types (80, 336 and 128 bytes on x86_64 and aarch64). */
    static final int FILE_ACTIONS_SIZE = 128;
    static final int SPAWNATTR_SIZE = 512;
    static final int SIGSET_SIZE = 128;
    static final int SIGINFO_SIZE = 128;

    static {
        Glibc.register(Libc.class);
    }

    private Libc() {
    }

    static native int posix_spawn(int[] pid, Pointer path, Pointer fileActions, Pointer attr, Pointer argv,
            Pointer envp);

    static native int posix_spawn_file_actions_init(Pointer fileActions);

    static native int posix_spawn_file_actions_destroy(Pointer fileActions);

    static native int posix_spawn_file_actions_addopen(Pointer fileActions, int fd, Pointer path, int flags, int mode);

    static native int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newFd);

    static native int posix_spawn_file_actions_addchdir_np(Pointer fileActions, Pointer path);

    static native int posix_spawn_file_actions_addclosefrom_np(Pointer fileActions, int from);

    static native int posix_spawnattr_init(Pointer attr);

    static native int posix_spawnattr_destroy(Pointer attr);

    static native int posix_spawnattr_setflags(Pointer attr, short flags);

    static native int posix_spawnattr_setsigmask(Pointer attr, Pointer set);

    static native int posix_spawnattr_setsigdefault(Pointer attr, Pointer set);

    static native int sigemptyset(Pointer set);

    static native int sigfillset(Pointer set);

    static native int pipe2(int[] fds, int flags);

    static native int open(Pointer path, int flags, int mode);

    static native int dup2(int fd, int newFd);

    static native int close(int fd);

    static native long read(int fd, Pointer buffer, long count);

    static native int waitid(int idType, int id, Pointer info, int options);

    static native int waitpid(int pid, int[] status, int options);

    static native int kill(int pid, int signal);

    /** Variadic in C; the four optional arguments are passed as longs in registers on those ABIs. */
    static native int prctl(int option, long a2, long a3, long a4, long a5);

    static native int poll(Pointer fds, long count, int timeoutMillis);

    /** Variadic in C; one int argument is passed the same way on the 64-bit ABIs NativeSpawner accepts. */
    static native int fcntl(int fd, int command, int argument);

    /** Variadic in C; integer arguments are passed as longs in registers on those ABIs. */
    static native long syscall(long number, long a, long b);

    static native String strerror(int errno);

    static int errno() {
        return Glibc.errno();
    }
}
