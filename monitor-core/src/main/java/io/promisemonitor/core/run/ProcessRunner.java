package io.promisemonitor.core.run;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
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
    private static final String SETSID_FAILED = "setsid: failed to execute ";

    private final Clock clock;
    private final int outputCap;
    private final Spawner spawner;
    private final ProgramCheck looks;

    private ProcessRunner(Clock clock, int outputCap, Spawner spawner, ProgramCheck looks) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.outputCap = outputCap;
        this.spawner = Objects.requireNonNull(spawner, "spawner");
        this.looks = looks;
    }

    /** A runner starting programs the best way this machine offers ({@link Spawner#best()}). */
    public static ProcessRunner create(Clock clock) {
        return create(clock, Spawner.best());
    }

    public static ProcessRunner create(Clock clock, Spawner spawner) {
        return new ProcessRunner(clock, DEFAULT_OUTPUT_CAP, spawner, new ProgramCheck());
    }

    /** This runner, starting programs through {@code other}. */
    public ProcessRunner withSpawner(Spawner other) {
        return new ProcessRunner(clock, outputCap, other, looks);
    }

    public Spawner spawner() {
        return spawner;
    }

    /** The most bytes kept of stdout and of stderr each; the rest is read and thrown away. */
    public ProcessRunner withOutputCap(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("output cap " + bytes + " must be 0 or more bytes");
        }
        return new ProcessRunner(clock, bytes, spawner, looks);
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
        return run(argv, environment, workingDirectory, timeout, null);
    }

    /** As {@link #run(List, Map, Path, Duration)}, stdin read from the file {@code stdin} (null: /dev/null). */
    public ProcessOutcome run(List<String> argv, Map<String, String> environment, Path workingDirectory,
            Duration timeout, Path stdin) {
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

        Optional<ProgramCheck.Refusal> refusal = ProgramCheck.checkDirectory(workingDirectory);
        if (refusal.isPresent()) {
            return outcome.startFailure(refusal.get().message(), refusal.get().exitCode())
                    .elapsed(Duration.ofNanos(System.nanoTime() - t0)).build();
        }

        Started child;
        try {
            child = start(argv, environment, workingDirectory, stdin);
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
            Optional<ProgramCheck.Refusal> why = program.contains("/")
                    ? looks.lookAgain(program, ProgramCheck.resolve(program, workingDirectory)) : Optional.empty();
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
        /** The spawner's threads, which read the output and wait for the exit. */
        ExecutorService readers();

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
            readers().execute(out);
            readers().execute(err);
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

    private Started start(List<String> argv, Map<String, String> given, Path workingDirectory, Path stdin)
            throws StartFailure {
        String program = argv.get(0);
        // marks each process of the run, wherever it goes, so that the run's end can find and kill it
        Map<String, String> environment = new LinkedHashMap<>(given);
        environment.put(Descendants.RUN_ID, Descendants.newRunId());
        boolean nativeSpawn = spawner.posixSpawn();
        ProgramCheck.Check check = ProgramCheck.Check.PASSED;
        Path checked = null;
        if (program.contains("/")) {
            checked = ProgramCheck.resolve(program, workingDirectory);
            check = looks.check(program, checked);
        } else if (nativeSpawn) {
            // setsid looks the name up in PATH and says what failed; posix_spawn is given the file found here
            ProgramCheck.Check inPath = ProgramCheck.searchPath(program, environment, workingDirectory);
            if (inPath.refusal() == null) {
                checked = Paths.get(inPath.foundAt());
                check = looks.check(program, checked).foundAt(inPath.foundAt());
            } else {
                check = inPath;
            }
        }
        if (check.refusal() != null) {
            throw new StartFailure(check.refusal().message(), check.refusal().exitCode());
        }
        if (nativeSpawn) {
            Optional<Started> started;
            try {
                started = startNative(argv, check.foundAt() == null ? program : check.foundAt(),
                        check.textWithoutShebang(), environment, workingDirectory, stdin);
            } catch (StartFailure e) {
                Optional<ProgramCheck.Refusal> why = checked == null ? Optional.empty()
                        : looks.lookAgain(program, checked);
                if (why.isPresent()) {
                    throw new StartFailure(why.get().message(), why.get().exitCode());
                }
                throw e;
            }
            if (started.isPresent()) {
                return started.get();
            }
        }
        return startWithSetsid(argv, environment, workingDirectory, stdin);
    }

    /** Empty when posix_spawn turned out not to work here (and is now off): the caller falls back. */
    private Optional<Started> startNative(List<String> argv, String path, boolean textWithoutShebang,
            Map<String, String> environment, Path workingDirectory, Path stdin) throws StartFailure {
        String program = argv.get(0);
        boolean viaShell = textWithoutShebang;
        for (int attempt = 0; ; attempt++) {
            try {
                return Optional.of(NativeSpawner.spawn(spawner, path, argv, viaShell, environment,
                        workingDirectory, stdin));
            } catch (NativeSpawner.SpawnException e) {
                if (e.errno() == Libc.ENOEXEC && !viaShell && attempt == 0) {
                    viaShell = true; // as execvp does for a file without #! it could not read before
                } else if (e.errno() == Libc.EINVAL && e.fromSpawn()) {
                    spawner.stopPosixSpawn("posix_spawn refused its flags (" + e.getMessage() + ")");
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

    private Started startWithSetsid(List<String> argv, Map<String, String> environment,
            Path workingDirectory, Path stdin) throws StartFailure {
        List<String> command = new ArrayList<>(argv.size() + 1);
        command.add(SETSID);
        command.addAll(argv);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(Redirect.from(stdin == null ? DEV_NULL : stdin.toFile()));
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
            return new SetsidChild(spawner, process, environment.get(Descendants.RUN_ID));
        } catch (IOException e) {
            throw new StartFailure("promise " + argv.get(0) + " cannot be started: " + e.getMessage(),
                    ProcessOutcome.CANNOT_EXECUTE);
        } finally {
            spawning.unlock();
        }
    }

    /** A program started by ProcessBuilder through setsid. */
    private static final class SetsidChild implements Threaded {
        private final Spawner spawner;
        private final Process process;
        private final String runId;

        SetsidChild(Spawner spawner, Process process, String runId) {
            this.spawner = spawner;
            this.process = process;
            this.runId = runId;
        }

        @Override
        public ExecutorService readers() {
            return spawner.threads();
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
            spawner.killGroup(process.pid());
            // the JDK reaps the leader as soon as it exits: its children are looked for only while it runs
            Descendants.killAll(process.pid(), process.isAlive(), runId, spawner.jna());
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
}
