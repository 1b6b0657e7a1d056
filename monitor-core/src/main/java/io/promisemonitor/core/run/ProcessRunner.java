package io.promisemonitor.core.run;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;

/**
 * Runs one program in its own process session and group, with a timeout and capped output.
 *
 * <p>On timeout the whole group is killed, grandchildren included. When the program exits by itself, whatever it
 * left running in its group is killed too, so a background child cannot hold the output open. Either way, so are
 * the descendants that left the group or the session ({@link Descendants}). The calling thread
 * blocks until the run is over; many runs may proceed at once from a thread pool.
 *
 * <pre>{@code
 * ProcessOutcome outcome = ProcessRunner.create(Clock.systemUTC())
 *         .run(List.of(promise.toString()), Map.of("MONITOR_SERVICE", "disk"), root, Duration.ofSeconds(20));
 * }</pre>
 */
public final class ProcessRunner {

    public static final int DEFAULT_OUTPUT_CAP = 1024 * 1024;

    /** util-linux setsid: from a JVM child (never a group leader) it calls setsid() and execs, without forking. */
    static final String SETSID = "/usr/bin/setsid";

    /** How long the output may stay open after the program ended; only a child that left the group keeps it. */
    static final Duration OUTPUT_GRACE = Duration.ofSeconds(1);
    /** How long a SIGKILLed program may take to be reaped (a process stuck in the kernel may take longer). */
    static final Duration KILL_GRACE = Duration.ofSeconds(5);

    private static final File DEV_NULL = new File("/dev/null");
    /** glibc's execvp search path when PATH is unset. */
    private static final String DEFAULT_PATH = "/bin:/usr/bin";
    private static final String SETSID_FAILED = "setsid: failed to execute ";
    private static final int HEAD_BYTES = 256;

    /**
     * Readers of stdout and stderr. Both streams are read off the calling thread so that it can stop waiting at its
     * deadline even when a child that escaped the group keeps a pipe open (a blocked pipe read cannot be
     * interrupted). A cached pool reuses its threads, so a run costs two task hand-offs, not two new threads.
     */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(new ReaderThreads());

    private final Clock clock;
    private final int outputCap;
    private final boolean processBuilderOnly;

    private ProcessRunner(Clock clock, int outputCap, boolean processBuilderOnly) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.outputCap = outputCap;
        this.processBuilderOnly = processBuilderOnly;
    }

    public static ProcessRunner create(Clock clock) {
        return new ProcessRunner(clock, DEFAULT_OUTPUT_CAP, false);
    }

    /** This runner, starting programs the way used where posix_spawn is not available; for tests. */
    ProcessRunner withProcessBuilderOnly() {
        return new ProcessRunner(clock, outputCap, true);
    }

    /** The most bytes kept of stdout and of stderr each; the rest is read and thrown away. */
    public ProcessRunner withOutputCap(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("output cap " + bytes + " must be 0 or more bytes");
        }
        return new ProcessRunner(clock, bytes, processBuilderOnly);
    }

    public int outputCap() {
        return outputCap;
    }

    /**
     * Runs {@code argv} in {@code workingDirectory} with the JVM's environment plus {@code environment}, stdin from
     * /dev/null. Never throws for a program that fails: that is in the outcome.
     *
     * @throws CancellationException when the calling thread is interrupted; the group is killed first and the
     *     thread's interrupt flag is set again
     */
    public ProcessOutcome run(List<String> argv, Map<String, String> environment, Path workingDirectory,
            Duration timeout) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("nothing to run: the argv is empty");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout " + timeout + " must be positive");
        }
        String program = argv.get(0);
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        ProcessOutcome.Builder outcome = ProcessOutcome.builder(program, start);

        Optional<Refusal> refusal = checkDirectory(workingDirectory);
        if (refusal.isPresent()) {
            return outcome.startFailure(refusal.get().message(), refusal.get().exitCode())
                    .elapsed(Duration.ofNanos(System.nanoTime() - t0)).build();
        }

        Started child;
        try {
            child = start(argv, environment, workingDirectory);
        } catch (StartFailure e) {
            return outcome.startFailure(e.getMessage(), e.exitCode)
                    .elapsed(Duration.ofNanos(System.nanoTime() - t0)).build();
        }
        outcome.pid(child.pid());
        Ended ended;
        try {
            ended = child.runToEnd(t0 + timeout.toNanos(), outputCap);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("run of " + program + " was interrupted; its process group was killed");
        }
        int exitCode = ended.exitCode();
        boolean timedOut = ended.timedOut();
        byte[] stdout = ended.stdout().bytes();
        byte[] stderr = ended.stderr().bytes();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        Optional<String> execFailure = child.viaSetsid() ? execFailure(program, exitCode, stdout, stderr)
                : Optional.empty();
        if (execFailure.isPresent()) {
            Optional<Refusal> why = program.contains("/") ? lookAgain(program, resolve(program, workingDirectory))
                    : Optional.empty();
            return (why.isPresent() ? outcome.startFailure(why.get().message(), why.get().exitCode())
                    : outcome.startFailure(execFailure.get(), exitCode)).elapsed(elapsed).build();
        }
        return outcome.exitCode(exitCode).timedOut(timedOut)
                .stdout(stdout, ended.stdout().truncated())
                .stdoutPrinted(ended.stdout().printed())
                .stderr(stderr, ended.stderr().truncated())
                .elapsed(elapsed)
                .build();
    }

    /** A started program, whichever way it was started. */
    interface Started {
        long pid();

        /**
         * Waits for the program until {@code deadline} ({@link System#nanoTime()}), kills its group (leftovers too,
         * while the leader's pid is still held), reads its output, and reaps it.
         *
         * @throws InterruptedException when the calling thread was interrupted; the group was killed first
         */
        Ended runToEnd(long deadline, int outputCap) throws InterruptedException;

        /** Started by setsid, whose message on stderr tells an exec failure. */
        default boolean viaSetsid() {
            return false;
        }
    }

    /** How a run ended: the exit code (-1 when the program still runs), whether it timed out, and its output. */
    record Ended(int exitCode, boolean timedOut, OutputCapture stdout, OutputCapture stderr) {
    }

    /**
     * A program waited for by a blocking wait, its two outputs read by two pooled threads: the way where no pidfd
     * can be polled (ProcessBuilder, or a kernel without pidfd_open).
     */
    interface Threaded extends Started {
        OutputCapture.Source stdout();

        OutputCapture.Source stderr();

        /** True when the program exited within {@code nanos}. */
        boolean waitFor(long nanos) throws InterruptedException;

        void killGroup();

        /** Called once at the end: the exit code, or -1 when the program still runs. */
        int release();

        @Override
        default Ended runToEnd(long deadline, int outputCap) throws InterruptedException {
            OutputCapture out = new OutputCapture(stdout(), outputCap);
            OutputCapture err = new OutputCapture(stderr(), outputCap);
            READERS.execute(out);
            READERS.execute(err);
            boolean timedOut;
            int exitCode;
            try {
                timedOut = !waitFor(deadline - System.nanoTime());
                // also when it exited by itself: its leftover children would hold the output open or run on unseen
                killGroup();
                if (timedOut) {
                    waitFor(KILL_GRACE.toNanos());
                }
                long outputDeadline = System.nanoTime() + OUTPUT_GRACE.toNanos();
                out.awaitEnd(outputDeadline - System.nanoTime());
                err.awaitEnd(outputDeadline - System.nanoTime());
            } catch (InterruptedException e) {
                killGroup();
                throw e;
            } finally {
                out.close();
                err.close();
                exitCode = release();
            }
            return new Ended(exitCode, timedOut, out, err);
        }
    }

    /** A program that could not be started, with the exit status a shell would give. */
    private static final class StartFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        StartFailure(String message, int exitCode) {
            super(message, null, false, false);
            this.exitCode = exitCode;
        }
    }

    private Started start(List<String> argv, Map<String, String> given, Path workingDirectory)
            throws StartFailure {
        String program = argv.get(0);
        // marks each process of the run, wherever it goes, so that the run's end can find and kill it
        Map<String, String> environment = new LinkedHashMap<>(given);
        environment.put(Descendants.RUN_ID, Descendants.newRunId());
        boolean nativeSpawn = !processBuilderOnly && NativeSpawner.available();
        Check check = Check.PASSED;
        Path checked = null;
        if (program.contains("/")) {
            checked = resolve(program, workingDirectory);
            check = LOOKS.check(program, checked);
        } else if (nativeSpawn) {
            // setsid looks the name up in PATH and says what failed; posix_spawn is given the file found here
            String found = searchPath(program, environment, workingDirectory);
            checked = Paths.get(found);
            check = LOOKS.check(program, checked).foundAt(found);
        }
        if (check.refusal() != null) {
            throw new StartFailure(check.refusal().message(), check.refusal().exitCode());
        }
        if (nativeSpawn) {
            Optional<Started> started;
            try {
                started = startNative(argv, check.foundAt() == null ? program : check.foundAt(),
                        check.textWithoutShebang(), environment, workingDirectory);
            } catch (StartFailure e) {
                Optional<Refusal> why = checked == null ? Optional.empty() : lookAgain(program, checked);
                if (why.isPresent()) {
                    throw new StartFailure(why.get().message(), why.get().exitCode());
                }
                throw e;
            }
            if (started.isPresent()) {
                return started.get();
            }
        }
        return startWithSetsid(argv, environment, workingDirectory);
    }

    /** Empty when posix_spawn turned out not to work here (and is now off): the caller falls back. */
    private static Optional<Started> startNative(List<String> argv, String path, boolean textWithoutShebang,
            Map<String, String> environment, Path workingDirectory) throws StartFailure {
        String program = argv.get(0);
        boolean viaShell = textWithoutShebang;
        for (int attempt = 0; ; attempt++) {
            try {
                return Optional.of(NativeSpawner.spawn(path, argv, viaShell, environment, workingDirectory));
            } catch (NativeSpawner.SpawnException e) {
                if (e.errno() == Libc.ENOEXEC && !viaShell && attempt == 0) {
                    viaShell = true; // as execvp does for a file without #! it could not read before
                } else if (e.errno() == Libc.EINVAL && e.fromSpawn()) {
                    NativeSpawner.disable("posix_spawn refused its flags (" + e.getMessage() + ")");
                    return Optional.empty();
                } else if (e.errno() == Libc.ENOENT && e.fromSpawn()) {
                    throw new StartFailure("promise " + program + " does not exist", ProcessOutcome.NOT_FOUND);
                } else if (e.fromSpawn()) {
                    throw new StartFailure("promise " + program + " cannot be executed: " + e.getMessage(),
                            ProcessOutcome.CANNOT_EXECUTE);
                } else {
                    throw new StartFailure("promise " + program + " cannot be started: " + e.getMessage(),
                            ProcessOutcome.CANNOT_EXECUTE);
                }
            }
        }
    }

    /**
     * Finds {@code name} in the PATH the program will get, as execvp would: the first executable regular file;
     * a file found but not executable is "Permission denied" when nothing better comes later.
     */
    private static String searchPath(String name, Map<String, String> environment, Path workingDirectory)
            throws StartFailure {
        String searchPath = environment.containsKey("PATH") ? environment.get("PATH") : System.getenv("PATH");
        if (searchPath == null) {
            searchPath = DEFAULT_PATH;
        }
        boolean denied = false;
        for (String entry : searchPath.split(":", -1)) {
            Path candidate = resolve(entry.isEmpty() ? "." : entry, workingDirectory).resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
            denied |= Files.exists(candidate);
        }
        if (denied) {
            throw new StartFailure("promise " + name + " cannot be executed: Permission denied",
                    ProcessOutcome.CANNOT_EXECUTE);
        }
        throw new StartFailure("promise " + name + " does not exist in PATH", ProcessOutcome.NOT_FOUND);
    }

    private static Path resolve(String path, Path workingDirectory) {
        Path p = Paths.get(path);
        return p.isAbsolute() || workingDirectory == null ? p : workingDirectory.resolve(p);
    }

    private static Started startWithSetsid(List<String> argv, Map<String, String> environment,
            Path workingDirectory) throws StartFailure {
        List<String> command = new ArrayList<>(argv.size() + 1);
        command.add(SETSID);
        command.addAll(argv);
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(Redirect.from(DEV_NULL));
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        builder.environment().putAll(environment);
        Lock spawning = Descendants.spawning();
        spawning.lock();
        try {
            Process process = builder.start();
            Descendants.leaderStarted(process.pid());
            process.onExit().thenRun(() -> Descendants.leaderReaped(process.pid()));
            return new SetsidChild(process, environment.get(Descendants.RUN_ID));
        } catch (IOException e) {
            throw new StartFailure("promise " + argv.get(0) + " cannot be started: " + e.getMessage(),
                    ProcessOutcome.CANNOT_EXECUTE);
        } finally {
            spawning.unlock();
        }
    }

    /** A program started by ProcessBuilder through setsid. */
    private static final class SetsidChild implements Threaded {
        private final Process process;
        private final String runId;

        SetsidChild(Process process, String runId) {
            this.process = process;
            this.runId = runId;
        }

        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public OutputCapture.Source stdout() {
            return OutputCapture.source(process.getInputStream());
        }

        @Override
        public OutputCapture.Source stderr() {
            return OutputCapture.source(process.getErrorStream());
        }

        @Override
        public boolean waitFor(long nanos) throws InterruptedException {
            return process.waitFor(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void killGroup() {
            GroupKiller.killGroup(process.pid());
            // the JDK reaps the leader as soon as it exits: its children are looked for only while it runs
            Descendants.killAll(process.pid(), process.isAlive(), runId);
        }

        @Override
        public int release() {
            return process.isAlive() ? -1 : process.exitValue();
        }

        @Override
        public boolean viaSetsid() {
            return true;
        }
    }

    /** Why a program will not be started, and the exit status a shell would give for it. */
    private record Refusal(String message, int exitCode) {
        static Optional<Refusal> notFound(String message) {
            return Optional.of(new Refusal(message, ProcessOutcome.NOT_FOUND));
        }
    }

    /**
     * What the look at a program found: a refusal, or whether it is text without #! (which execvp hands to
     * /bin/sh and posix_spawn does not), and the file found in PATH.
     */
    private record Check(Refusal refusal, boolean textWithoutShebang, String foundAt) {
        static final Check PASSED = new Check(null, false, null);
        static final Check TEXT_WITHOUT_SHEBANG = new Check(null, true, null);

        static Check notFound(String message) {
            return new Check(new Refusal(message, ProcessOutcome.NOT_FOUND), false, null);
        }

        static Check cannotExecute(String message) {
            return new Check(new Refusal(message, ProcessOutcome.CANNOT_EXECUTE), false, null);
        }

        Check foundAt(String path) {
            return new Check(refusal, textWithoutShebang, path);
        }
    }

    /**
     * The last look at each program, reused while one stat finds the file unchanged (same inode, size, mode and
     * modification time): looking afresh costs eight system calls and a read per run, for a script that rarely
     * changes.
     */
    private static final Looks LOOKS = new Looks();

    private static final class Looks {
        private record Look(Object fileKey, long size, long modified, Set<PosixFilePermission> mode, Check check) {
        }

        private final ConcurrentMap<Path, Look> looks = new ConcurrentHashMap<>();

        Check check(String program, Path path) {
            PosixFileAttributes now;
            try {
                now = Files.readAttributes(path, PosixFileAttributes.class);
            } catch (IOException | UnsupportedOperationException e) {
                looks.remove(path);
                return checkProgram(program, path);
            }
            Look last = looks.get(path);
            long modified = now.lastModifiedTime().to(TimeUnit.NANOSECONDS);
            if (last != null && Objects.equals(last.fileKey, now.fileKey()) && last.size == now.size()
                    && last.modified == modified && last.mode.equals(now.permissions())) {
                return last.check;
            }
            Check check = checkProgram(program, path);
            if (now.isRegularFile() && now.fileKey() != null) {
                if (looks.size() >= 10_000) {
                    looks.clear(); // promises come from .cfg files: more than this means names that keep changing
                }
                looks.put(path, new Look(now.fileKey(), now.size(), modified, now.permissions(), check));
            }
            return check;
        }

        Looks forget(Path path) {
            looks.remove(path);
            return this;
        }
    }

    /**
     * After an exec failed although the look at the program passed: a look kept from an earlier run may be out of
     * date (its #! interpreter removed since), so look afresh to say why.
     */
    private static Optional<Refusal> lookAgain(String program, Path path) {
        return Optional.ofNullable(LOOKS.forget(path).check(program, path).refusal());
    }

    private static Optional<Refusal> checkDirectory(Path workingDirectory) {
        if (workingDirectory != null && !Files.isDirectory(workingDirectory)) {
            return Refusal.notFound("working directory " + workingDirectory + " does not exist");
        }
        return Optional.empty();
    }

    /**
     * Explains, before starting it, why a program cannot run: setsid would only say "failed to execute", and
     * execvp runs a file it cannot execute with /bin/sh, which turns binary junk into shell syntax errors.
     */
    private static Check checkProgram(String program, Path path) {
        if (!Files.exists(path)) {
            return Check.notFound("promise " + program + " does not exist");
        }
        if (Files.isDirectory(path)) {
            return Check.cannotExecute("promise " + program + " is a directory, not a program");
        }
        if (!Files.isExecutable(path)) {
            return Check.cannotExecute("promise " + program + " is not executable (chmod +x it)");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(HEAD_BYTES);
        } catch (IOException e) {
            return Check.PASSED; // executable but unreadable is legal for a binary: let exec decide
        }
        if (head.length >= 2 && head[0] == '#' && head[1] == '!') {
            return checkInterpreter(program, head);
        }
        if (isElf(head)) {
            return checkMachine(program, head);
        }
        for (byte b : head) {
            if (b == 0) {
                return Check.cannotExecute("promise " + program + " cannot be executed: it is neither a script"
                        + " starting with #! nor a program for this machine (exec format error)");
            }
        }
        return Check.TEXT_WITHOUT_SHEBANG; // /bin/sh runs it, as execvp always did
    }

    private static Check checkInterpreter(String program, byte[] head) {
        String line = new String(head, 2, head.length - 2, StandardCharsets.UTF_8);
        int end = line.indexOf('\n');
        line = (end < 0 ? line : line.substring(0, end)).strip();
        String interpreter = line.split("[ \t]+", 2)[0];
        if (interpreter.isEmpty()) {
            return Check.cannotExecute("promise " + program
                    + " cannot be executed: its #! line names no interpreter");
        }
        Path path = Paths.get(interpreter);
        if (!Files.exists(path)) {
            return Check.notFound("promise " + program + " names interpreter " + interpreter
                    + " in its #! line, which does not exist");
        }
        if (Files.isDirectory(path) || !Files.isExecutable(path)) {
            return Check.cannotExecute("promise " + program + " names interpreter " + interpreter
                    + " in its #! line, which is not executable");
        }
        return Check.PASSED;
    }

    private static boolean isElf(byte[] head) {
        return head.length >= 20 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
    }

    private static Check checkMachine(String program, byte[] head) {
        boolean littleEndian = head[5] == 1;
        int low = littleEndian ? 18 : 19;
        int high = littleEndian ? 19 : 18;
        int machine = (head[low] & 0xff) | (head[high] & 0xff) << 8;
        int expected = elfMachine(System.getProperty("os.arch", ""));
        if (expected != 0 && machine != expected) {
            return Check.cannotExecute("promise " + program + " cannot be executed: it is a program for another"
                    + " kind of machine (exec format error)");
        }
        return Check.PASSED;
    }

    private static int elfMachine(String osArch) {
        switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64": case "x86_64": return 62;
            case "aarch64": return 183;
            case "x86": case "i386": case "i686": return 3;
            case "arm": return 40;
            case "riscv64": return 243;
            case "ppc64le": case "ppc64": return 21;
            case "s390x": return 22;
            default: return 0; // unknown: do not guess
        }
    }

    /** setsid reports an exec that failed after our checks (a race, or a name looked up in PATH). */
    private static Optional<String> execFailure(String program, int exitCode, byte[] stdout, byte[] stderr) {
        if ((exitCode != ProcessOutcome.CANNOT_EXECUTE && exitCode != ProcessOutcome.NOT_FOUND)
                || stdout.length > 0) {
            return Optional.empty();
        }
        String text = new String(stderr, StandardCharsets.UTF_8).strip();
        if (!text.startsWith(SETSID_FAILED) || text.contains("\n")) {
            return Optional.empty();
        }
        if (exitCode == ProcessOutcome.NOT_FOUND) {
            return Optional.of("promise " + program + " does not exist" + (program.contains("/") ? "" : " in PATH"));
        }
        int colon = text.lastIndexOf(": ");
        String cause = colon < 0 ? text : text.substring(colon + 2);
        return Optional.of("promise " + program + " cannot be executed: " + cause);
    }

    private static final class ReaderThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "promise-output-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
