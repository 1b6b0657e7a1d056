package io.promisemonitor.core.run;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.promisemonitor.core.io.Glibc;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;

/**
 * Starts promises with glibc's {@code posix_spawn}: one clone(CLONE_VM|CLONE_VFORK) and one exec, where the JDK
 * path needs {@code /usr/bin/setsid} as a second exec to give the child its own session. The child gets its own
 * session and group ({@code POSIX_SPAWN_SETSID}), an empty signal mask and default signal dispositions (the JVM's
 * signal state is not the promise's business), stdin from /dev/null, stdout and stderr to pipes, and no other
 * descriptor: {@code closefrom(3)} keeps lock files and listening sockets of the JVM out of promises.
 *
 * <p>{@link #whyUnavailable()} says why this cannot work here (no JNA, not glibc 2.34+ on a 64-bit Linux we know
 * the constants of); {@link Spawner#best()} then starts promises through ProcessBuilder and setsid.
 */
final class NativeSpawner {

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.run");

    /** Why the native path cannot be used here, or null when it can: a fact of the machine, probed once. */
    private static final String UNAVAILABLE = probe();

    /** Held open for {@link NativePipe#stop()}: dup2'ed over a pipe descriptor so that its next read ends. */
    private static final int DEV_NULL_FD = UNAVAILABLE == null ? openDevNull() : -1;

    private static final Charset NATIVE = nativeCharset();
    private static final byte[] DEV_NULL = bytes("/dev/null");
    private static final byte[] SHELL = bytes("/bin/sh");
    private static final List<Map.Entry<String, byte[]>> BASE_ENVIRONMENT = baseEnvironment();

    /** How long one poll may block: the calling thread checks for an interrupt between two. */
    private static final int POLL_SLICE_MILLIS = 100;

    private static final ThreadLocal<Memory> POLL_FDS = ThreadLocal.withInitial(
            () -> new Memory(3L * Libc.POLLFD_SIZE));
    private static final ThreadLocal<byte[]> CHUNK = ThreadLocal.withInitial(() -> new byte[16 * 1024]);
    private static final ThreadLocal<Memory> READ_BUFFER = ThreadLocal.withInitial(() -> new Memory(16 * 1024));
    /** Each thread's block for a spawn's arguments (a bigger one is allocated for the rare run that needs it). */
    private static final ThreadLocal<Memory> SPAWN_BLOCK = ThreadLocal.withInitial(() -> new Memory(16 * 1024));
    private static final ThreadLocal<Memory> SIGINFO = ThreadLocal.withInitial(() -> new Memory(Libc.SIGINFO_SIZE));

    private NativeSpawner() {
    }

    /** Why posix_spawn cannot be used here; empty where it can. */
    static Optional<String> whyUnavailable() {
        return Optional.ofNullable(UNAVAILABLE);
    }

    private static String probe() {
        Optional<String> other = Glibc.otherPlatform();
        String why = null;
        if (other.isPresent()) {
            why = "posix_spawn is only used on 64-bit Linux (amd64, aarch64, riscv64), not " + other.get();
        } else {
            try {
                Libc.errno(); // loads JNA and binds every symbol
            } catch (LinkageError e) {
                why = "JNA or glibc 2.34+ is missing: " + e;
            }
        }
        if (why != null) {
            LOG.log(System.Logger.Level.INFO, "promises start through ProcessBuilder and setsid: " + why);
        }
        return why;
    }

    private static int openDevNull() {
        try (Memory path = cString(bytes("/dev/null"))) {
            return Libc.open(path, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        }
    }

    /** A failed posix_spawn, with its errno. */
    static final class SpawnException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int errno;
        private final boolean fromSpawn;

        SpawnException(int errno, String message, boolean fromSpawn) {
            super(message);
            this.errno = errno;
            this.fromSpawn = fromSpawn;
        }

        SpawnException(int errno, String message) {
            this(errno, message, false);
        }

        int errno() {
            return errno;
        }

        /** From posix_spawn itself (the exec failed), not from preparing it. */
        boolean fromSpawn() {
            return fromSpawn;
        }
    }

    /**
     * Starts {@code path} with {@code argv} (argv[0] included); with {@code viaShell}, /bin/sh runs {@code path} as
     * execvp does for a text file without #!; stdin is read from {@code stdin}, or /dev/null when null. A
     * {@code spawner} without pidfds has the child waited for by its threads.
     *
     * @throws SpawnException when posix_spawn failed; its errno says why (ENOENT, EACCES, EINVAL...)
     */
    static Child spawn(Spawner spawner, String path, List<String> argv, boolean viaShell,
            Map<String, String> environment, Path workingDirectory, Path stdin) throws SpawnException {
        int[] out = pipe();
        int[] err;
        try {
            err = pipe();
        } catch (SpawnException e) {
            closeQuietly(out);
            throw e;
        }
        int pid;
        Lock spawning = Descendants.spawning();
        spawning.lock();
        try {
            pid = spawn(path, argv, viaShell, environment, workingDirectory, stdin, out[1], err[1]);
            Descendants.leaderStarted(pid);
        } catch (SpawnException e) {
            closeQuietly(out);
            closeQuietly(err);
            throw e;
        } finally {
            spawning.unlock();
        }
        Libc.close(out[1]);
        Libc.close(err[1]);
        return new Child(spawner, pid, pollable(spawner, pid, out[0], err[0]), new NativePipe(out[0]),
                new NativePipe(err[0]), environment.get(Descendants.RUN_ID));
    }

    /**
     * A pidfd of the child, with both read ends made non-blocking, so that the calling thread can wait for the exit
     * and the output in one poll; or -1 where that cannot be had (no pidfd_open: Linux before 5.3, or a seccomp
     * filter), and the child is then waited for by a reaper and two reader threads.
     */
    private static int pollable(Spawner spawner, int pid, int stdout, int stderr) {
        if (!spawner.pidfds()) {
            return -1;
        }
        int pidfd = (int) Libc.syscall(Libc.SYS_PIDFD_OPEN, pid, 0); // O_CLOEXEC is implied
        if (pidfd < 0) {
            int errno = Libc.errno();
            if (errno == Libc.ENOSYS || errno == Libc.EPERM) {
                spawner.stopPidfds(Libc.strerror(errno));
            }
            return -1;
        }
        // only the read ends: the write ends are the child's stdout and stderr, which must block
        if (Libc.fcntl(stdout, Libc.F_SETFL, Libc.O_NONBLOCK) != 0
                || Libc.fcntl(stderr, Libc.F_SETFL, Libc.O_NONBLOCK) != 0) {
            Libc.fcntl(stdout, Libc.F_SETFL, 0);
            Libc.close(pidfd);
            return -1;
        }
        return pidfd;
    }

    private static int spawn(String path, List<String> argv, boolean viaShell, Map<String, String> environment,
            Path workingDirectory, Path stdinFile, int stdout, int stderr) throws SpawnException {
        List<byte[]> args = new ArrayList<>(argv.size() + 1);
        byte[] program = encode(path, "command");
        if (viaShell) {
            args.add(SHELL);
            args.add(program);
        } else {
            args.add(encode(argv.get(0), "command"));
        }
        for (int i = 1; i < argv.size(); i++) {
            args.add(encode(argv.get(i), "command"));
        }
        List<byte[]> env = environment(environment);
        byte[] dir = workingDirectory == null ? null : encode(workingDirectory.toString(), "directory");
        byte[] stdin = stdinFile == null ? DEV_NULL : encode(stdinFile.toString(), "stdin");

        // one block: file actions, attributes, two signal sets, argv and envp pointer arrays, then the strings
        long fixed = Libc.FILE_ACTIONS_SIZE + Libc.SPAWNATTR_SIZE + 2L * Libc.SIGSET_SIZE;
        long pointers = 8L * (args.size() + 1 + env.size() + 1);
        long strings = size(args) + size(env) + size(program) + size(stdin) + (dir == null ? 0 : size(dir));
        long size = fixed + pointers + strings;
        Memory reused = SPAWN_BLOCK.get();
        try (Memory fresh = size > reused.size() ? new Memory(size) : null) {
            Memory block = fresh != null ? fresh : reused;
            long base = Pointer.nativeValue(block);
            // plain pointers into the block: share() would make a Memory object for each
            Pointer actions = new Pointer(base);
            Pointer attr = new Pointer(base + Libc.FILE_ACTIONS_SIZE);
            Pointer mask = new Pointer(base + Libc.FILE_ACTIONS_SIZE + Libc.SPAWNATTR_SIZE);
            Pointer defaults = new Pointer(base + Libc.FILE_ACTIONS_SIZE + Libc.SPAWNATTR_SIZE + Libc.SIGSET_SIZE);
            long argvAt = fixed;
            long envpAt = argvAt + 8L * (args.size() + 1);
            // The pointer arrays and the strings are laid out in Java and copied in two writes: a JNA call per
            // string and per pointer (a hundred per run) cost more than the spawn's own system calls.
            long[] pointerArray = new long[args.size() + 1 + env.size() + 1];
            byte[] text = new byte[(int) strings];
            int at = 0;
            int slot = 0;
            for (byte[] arg : args) {
                pointerArray[slot++] = base + fixed + pointers + at;
                at = put(text, at, arg);
            }
            pointerArray[slot++] = 0;
            for (byte[] variable : env) {
                pointerArray[slot++] = base + fixed + pointers + at;
                at = put(text, at, variable);
            }
            pointerArray[slot] = 0;
            long programAt = fixed + pointers + at;
            at = put(text, at, viaShell ? SHELL : program);
            long stdinAt = fixed + pointers + at;
            at = put(text, at, stdin);
            long dirAt = fixed + pointers + at;
            if (dir != null) {
                put(text, at, dir);
            }
            block.write(argvAt, pointerArray, 0, pointerArray.length);
            block.write(fixed + pointers, text, 0, text.length);

            check(Libc.posix_spawn_file_actions_init(actions), "file actions");
            check(Libc.posix_spawnattr_init(attr), "attributes");
            try {
                check(Libc.posix_spawn_file_actions_addopen(actions, 0, new Pointer(base + stdinAt), Libc.O_RDONLY, 0),
                        "stdin");
                // dup2 clears close-on-exec on the targets; the pipes' own descriptors close at exec
                check(Libc.posix_spawn_file_actions_adddup2(actions, stdout, 1), "stdout");
                check(Libc.posix_spawn_file_actions_adddup2(actions, stderr, 2), "stderr");
                if (dir != null) {
                    check(Libc.posix_spawn_file_actions_addchdir_np(actions, new Pointer(base + dirAt)), "directory");
                }
                check(Libc.posix_spawn_file_actions_addclosefrom_np(actions, 3), "closefrom");
                check(Libc.sigemptyset(mask) == 0 ? 0 : Libc.errno(), "signal mask");
                check(Libc.sigfillset(defaults) == 0 ? 0 : Libc.errno(), "signal defaults");
                check(Libc.posix_spawnattr_setsigmask(attr, mask), "signal mask");
                check(Libc.posix_spawnattr_setsigdefault(attr, defaults), "signal defaults");
                check(Libc.posix_spawnattr_setflags(attr, (short) (Libc.POSIX_SPAWN_SETSID
                        | Libc.POSIX_SPAWN_SETSIGMASK | Libc.POSIX_SPAWN_SETSIGDEF)), "flags");
                int[] pid = new int[1];
                int error = Libc.posix_spawn(pid, new Pointer(base + programAt), actions, attr, new Pointer(base + argvAt),
                        new Pointer(base + envpAt));
                if (error != 0) {
                    throw new SpawnException(error, Libc.strerror(error), true);
                }
                return pid[0];
            } finally {
                Libc.posix_spawnattr_destroy(attr);
                Libc.posix_spawn_file_actions_destroy(actions);
            }
        }
    }

    private static void check(int error, String what) throws SpawnException {
        if (error != 0) {
            throw new SpawnException(error, what + ": " + Libc.strerror(error));
        }
    }

    private static int[] pipe() throws SpawnException {
        int[] fds = new int[2];
        if (Libc.pipe2(fds, Libc.O_CLOEXEC) != 0) {
            int errno = Libc.errno();
            throw new SpawnException(errno, Libc.strerror(errno));
        }
        return fds;
    }

    private static void closeQuietly(int[] fds) {
        Libc.close(fds[0]);
        Libc.close(fds[1]);
    }

    private static long put(Memory block, long at, byte[] value) {
        block.write(at, value, 0, value.length);
        block.setByte(at + value.length, (byte) 0);
        return at + value.length + 1;
    }

    /** Copies {@code value} and a NUL into {@code text} at {@code at}; returns where the next string goes. */
    private static int put(byte[] text, int at, byte[] value) {
        System.arraycopy(value, 0, text, at, value.length);
        text[at + value.length] = 0;
        return at + value.length + 1;
    }

    private static long size(List<byte[]> values) {
        long total = 0;
        for (byte[] value : values) {
            total += value.length + 1;
        }
        return total;
    }

    private static long size(byte[] value) {
        return value.length + 1L;
    }

    private static Memory cString(byte[] value) {
        Memory memory = new Memory(value.length + 1L);
        put(memory, 0, value);
        return memory;
    }

    /** ProcessBuilder's own checks and messages, so that both paths refuse the same things the same way. */
    private static byte[] encode(String value, String what) throws SpawnException {
        if (value.indexOf('\u0000') >= 0) {
            throw new SpawnException(Libc.EINVAL, "invalid null character in " + what);
        }
        return value.getBytes(NATIVE);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.US_ASCII);
    }

    /** The JVM's environment (encoded once: it never changes) with the run's variables over it. */
    private static List<byte[]> environment(Map<String, String> extra) {
        List<byte[]> env = new ArrayList<>(BASE_ENVIRONMENT.size() + extra.size());
        for (Map.Entry<String, byte[]> entry : BASE_ENVIRONMENT) {
            if (!extra.containsKey(entry.getKey())) {
                env.add(entry.getValue());
            }
        }
        for (Map.Entry<String, String> entry : extra.entrySet()) {
            String name = entry.getKey();
            String value = entry.getValue();
            if (name.indexOf('=') >= 0 || name.indexOf('\u0000') >= 0) {
                throw new IllegalArgumentException("Invalid environment variable name: \"" + name + "\"");
            }
            if (value.indexOf('\u0000') >= 0) {
                throw new IllegalArgumentException("Invalid environment variable value: \"" + value + "\"");
            }
            env.add((name + "=" + value).getBytes(NATIVE));
        }
        return env;
    }

    private static List<Map.Entry<String, byte[]>> baseEnvironment() {
        List<Map.Entry<String, byte[]>> env = new ArrayList<>();
        for (Map.Entry<String, String> entry : System.getenv().entrySet()) {
            env.add(Map.entry(entry.getKey(), (entry.getKey() + "=" + entry.getValue()).getBytes(NATIVE)));
        }
        return List.copyOf(env);
    }

    private static Charset nativeCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** The exit code in the JDK's convention: the status, or 128 + N for a signal N. */
    static int exitCode(int status) {
        int signal = status & 0x7f;
        return signal == 0 ? (status >> 8) & 0xff : 0x80 + signal;
    }

    /** Sends SIGKILL to process group {@code pgid}; no such group is fine. */
    static void killGroup(long pgid) {
        Libc.kill((int) -pgid, Libc.SIGKILL);
    }

    /**
     * A spawned promise. With a pidfd the calling thread polls the pidfd and both pipes itself ({@link Poll}): no
     * thread hand-off at all. Without one, a reaper waits for the exit ({@code WNOWAIT}) and two pooled threads read
     * the output. Either way the child is reaped only after its group was killed, so the group kill never targets a
     * new process that got the same pid.
     */
    static final class Child implements ProcessRunner.Threaded {
        private static final int RUNNING = 0;
        private static final int EXITED = 1;
        private static final int ABANDONED = 2;

        private final int pid;
        private final int pidfd;
        private final NativePipe stdout;
        private final NativePipe stderr;
        private final AtomicInteger state = new AtomicInteger(RUNNING);
        private final CompletableFuture<Void> exited = new CompletableFuture<>();
        private final String runId;
        private final Spawner spawner;
        private int exitCode = -1;

        private Child(Spawner spawner, int pid, int pidfd, NativePipe stdout, NativePipe stderr, String runId) {
            this.pid = pid;
            this.pidfd = pidfd;
            this.stdout = stdout;
            this.stderr = stderr;
            this.runId = runId;
            this.spawner = spawner;
            if (pidfd < 0) {
                spawner.threads().execute(this::awaitExit);
            }
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public ExecutorService readers() {
            return spawner.threads();
        }

        @Override
        public ProcessRunner.Ended runToEnd(long deadline, int outputCap) throws InterruptedException {
            if (pidfd < 0) {
                return ProcessRunner.Threaded.super.runToEnd(deadline, outputCap);
            }
            return new Poll(outputCap).run(deadline);
        }

        @Override
        public OutputCapture.Source stdout() {
            return stdout;
        }

        @Override
        public OutputCapture.Source stderr() {
            return stderr;
        }

        private void awaitExit() {
            Memory info = SIGINFO.get();
            while (Libc.waitid(Libc.P_PID, pid, info, Libc.WEXITED | Libc.WNOWAIT) != 0
                    && Libc.errno() == Libc.EINTR) {
                // a signal came in: wait on
            }
            if (state.compareAndSet(RUNNING, EXITED)) {
                exited.complete(null);
            } else {
                reap(); // the caller gave up on it: nobody else will
            }
        }

        /** True when the child exited within {@code nanos}. */
        @Override
        public boolean waitFor(long nanos) throws InterruptedException {
            try {
                exited.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e); // never completed exceptionally
            }
        }

        /** Kills the child's group; until {@link #release()} the pid is still this child's (a zombie at worst). */
        @Override
        public void killGroup() {
            killGroup(false);
        }

        /**
         * With {@code knownExited} (its pidfd said so) the child is a zombie that has no children left: they were
         * handed on (to the JVM, its subreaper, or to init) and are found among the orphans by the run's id, so
         * /proc need not be asked about the child itself.
         */
        private void killGroup(boolean knownExited) {
            if (state.get() != ABANDONED) {
                spawner.killGroup(pid);
                Descendants.killAll(pid, !knownExited, runId, spawner.jna());
            }
        }

        /** Reaps the child if it exited (its exit code), else leaves that to the reaper (-1). Call once. */
        @Override
        public int release() {
            if (state.compareAndSet(RUNNING, ABANDONED)) {
                return -1;
            }
            return reap();
        }

        private int reap() {
            int[] status = new int[1];
            try {
                while (Libc.waitpid(pid, status, 0) < 0) {
                    if (Libc.errno() != Libc.EINTR) {
                        return exitCode;
                    }
                }
            } finally {
                Descendants.leaderReaped(pid);
            }
            exitCode = exitCode(status[0]);
            return exitCode;
        }

        /**
         * One run on the calling thread: poll(pidfd, stdout, stderr) in slices, reading what comes (the rest
         * beyond the cap is drained and dropped). When the pidfd is readable the child is a zombie: its pid stays
         * its own until the waitpid at the end, after the group kill.
         */
        private final class Poll {
            private final OutputCapture out;
            private final OutputCapture err;
            private final Memory fds = POLL_FDS.get();
            private final Memory buffer = READ_BUFFER.get();
            private final byte[] chunk = CHUNK.get();
            private boolean exited;
            private boolean outOpen = true;
            private boolean errOpen = true;

            Poll(int outputCap) {
                out = new OutputCapture(stdout, outputCap);
                err = new OutputCapture(stderr, outputCap);
            }

            ProcessRunner.Ended run(long deadline) throws InterruptedException {
                boolean timedOut;
                try {
                    timedOut = !pump(deadline, true);
                    // also when it exited by itself: its leftover children would hold the output open or run on
                    killGroup(exited);
                    if (timedOut) {
                        pump(System.nanoTime() + ProcessRunner.KILL_GRACE.toNanos(), true);
                    }
                    pump(System.nanoTime() + ProcessRunner.OUTPUT_GRACE.toNanos(), false);
                } catch (InterruptedException | RuntimeException e) {
                    killGroup();
                    throw e;
                } finally {
                    stdout.readerEnded();
                    stderr.readerEnded();
                    Libc.close(pidfd);
                    if (exited) {
                        exitCode = reap();
                    } else {
                        spawner.threads().execute(Child.this::reap); // killed but not gone yet (stuck in the kernel)
                    }
                }
                return new ProcessRunner.Ended(exited ? exitCode : -1, timedOut, out, err);
            }

            /** Polls until the child exited ({@code forExit}) or both pipes ended, or {@code until}; true if so. */
            private boolean pump(long until, boolean forExit) throws InterruptedException {
                while (true) {
                    if (forExit ? exited : !outOpen && !errOpen) {
                        return true;
                    }
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    long left = until - System.nanoTime();
                    int wait = left <= 0 ? 0 : (int) Math.min(POLL_SLICE_MILLIS, (left + 999_999) / 1_000_000);
                    // a negative fd is skipped by poll
                    pollFd(0, exited ? -1 : pidfd);
                    pollFd(1, outOpen ? stdout.fd : -1);
                    pollFd(2, errOpen ? stderr.fd : -1);
                    if (Libc.poll(fds, 3, wait) < 0) {
                        int errno = Libc.errno();
                        if (errno == Libc.EINTR) {
                            continue;
                        }
                        throw new IllegalStateException("poll: " + Libc.strerror(errno));
                    }
                    if (!exited && fds.getShort(6) != 0) {
                        exited = true;
                    }
                    if (outOpen && fds.getShort(14) != 0) {
                        outOpen = drain(stdout.fd, out, fds.getShort(14));
                    }
                    if (errOpen && fds.getShort(22) != 0) {
                        errOpen = drain(stderr.fd, err, fds.getShort(22));
                    }
                    if (left <= 0) {
                        return forExit ? exited : !outOpen && !errOpen;
                    }
                }
            }

            private void pollFd(int index, int fd) {
                long at = (long) index * Libc.POLLFD_SIZE;
                fds.setInt(at, fd);
                fds.setShort(at + 4, Libc.POLLIN);
                fds.setShort(at + 6, (short) 0);
            }

            /** Reads what the pipe holds; false at its end. */
            private boolean drain(int fd, OutputCapture capture, short revents) {
                boolean hungUp = (revents & (Libc.POLLHUP | Libc.POLLERR | Libc.POLLNVAL)) != 0;
                while (true) {
                    long n = Libc.read(fd, buffer, buffer.size());
                    if (n > 0) {
                        buffer.read(0, chunk, 0, (int) n);
                        capture.append(chunk, (int) n);
                        if (n < buffer.size() && !hungUp) {
                            return true; // emptied for now; the next poll tells when more comes
                        }
                    } else if (n == 0) {
                        return false;
                    } else {
                        int errno = Libc.errno();
                        if (errno != Libc.EINTR) {
                            return errno == Libc.EAGAIN;
                        }
                    }
                }
            }
        }
    }

    /**
     * The read end of a pipe, read with read(2). The reader owns the descriptor and closes it when it ends; stop()
     * dup2s /dev/null over it instead of closing it, so that the reader's next read ends and the number can never
     * be reused under a reader that is about to read.
     */
    static final class NativePipe implements OutputCapture.Source {
        final int fd;
        private boolean closed;

        NativePipe(int fd) {
            this.fd = fd;
        }

        @Override
        public int read(byte[] chunk) throws IOException {
            Memory buffer = READ_BUFFER.get();
            long n;
            do {
                n = Libc.read(fd, buffer, Math.min(chunk.length, buffer.size()));
            } while (n < 0 && Libc.errno() == Libc.EINTR);
            if (n < 0) {
                throw new IOException(Libc.strerror(Libc.errno()));
            }
            if (n == 0) {
                return -1;
            }
            buffer.read(0, chunk, 0, (int) n);
            return (int) n;
        }

        @Override
        public synchronized void stop() {
            if (!closed) {
                Libc.dup2(DEV_NULL_FD, fd);
            }
        }

        @Override
        public synchronized void readerEnded() {
            if (!closed) {
                closed = true;
                Libc.close(fd);
            }
        }
    }
}
