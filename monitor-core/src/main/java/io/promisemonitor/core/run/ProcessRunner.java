package io.promisemonitor.core.run;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one program in its own process session and group, with a timeout and capped output.
 *
 * <p>On timeout the whole group is killed, grandchildren included. When the program exits by itself, whatever it
 * left running in its group is killed too, so a background child cannot hold the output open. The calling thread
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
    private static final int HEAD_BYTES = 256;

    /**
     * Readers of stdout and stderr. Both streams are read off the calling thread so that it can stop waiting at its
     * deadline even when a child that escaped the group keeps a pipe open (a blocked pipe read cannot be
     * interrupted). A cached pool reuses its threads, so a run costs two task hand-offs, not two new threads.
     */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(new ReaderThreads());

    private final Clock clock;
    private final int outputCap;

    private ProcessRunner(Clock clock, int outputCap) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.outputCap = outputCap;
    }

    public static ProcessRunner create(Clock clock) {
        return new ProcessRunner(clock, DEFAULT_OUTPUT_CAP);
    }

    /** The most bytes kept of stdout and of stderr each; the rest is read and thrown away. */
    public ProcessRunner withOutputCap(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("output cap " + bytes + " must be 0 or more bytes");
        }
        return new ProcessRunner(clock, bytes);
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
        if (refusal.isEmpty()) {
            refusal = checkProgram(program, workingDirectory);
        }
        if (refusal.isPresent()) {
            return outcome.startFailure(refusal.get().message(), refusal.get().exitCode())
                    .elapsed(Duration.ofNanos(System.nanoTime() - t0)).build();
        }

        List<String> command = new ArrayList<>(argv.size() + 1);
        command.add(SETSID);
        command.addAll(argv);
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(Redirect.from(DEV_NULL));
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return outcome.startFailure("promise " + program + " cannot be started: " + e.getMessage(),
                    ProcessOutcome.CANNOT_EXECUTE).elapsed(Duration.ofNanos(System.nanoTime() - t0)).build();
        }
        outcome.pid(process.pid());
        OutputCapture out = new OutputCapture(process.getInputStream(), outputCap);
        OutputCapture err = new OutputCapture(process.getErrorStream(), outputCap);
        READERS.execute(out);
        READERS.execute(err);

        boolean timedOut = false;
        try {
            long deadline = t0 + timeout.toNanos();
            timedOut = !process.waitFor(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            // also when it exited by itself: its leftover children would hold the output open or run on unseen
            GroupKiller.killGroup(process.pid());
            if (timedOut) {
                process.waitFor(KILL_GRACE.toNanos(), TimeUnit.NANOSECONDS);
            }
            long outputDeadline = System.nanoTime() + OUTPUT_GRACE.toNanos();
            out.awaitEnd(outputDeadline - System.nanoTime());
            err.awaitEnd(outputDeadline - System.nanoTime());
        } catch (InterruptedException e) {
            GroupKiller.killGroup(process.pid());
            Thread.currentThread().interrupt();
            throw new CancellationException("run of " + program + " was interrupted; its process group was killed");
        } finally {
            out.close();
            err.close();
        }
        byte[] stdout = out.bytes();
        byte[] stderr = err.bytes();
        int exitCode = process.isAlive() ? -1 : process.exitValue();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        Optional<String> execFailure = execFailure(program, exitCode, stdout, stderr);
        if (execFailure.isPresent()) {
            return outcome.startFailure(execFailure.get(), exitCode).elapsed(elapsed).build();
        }
        return outcome.exitCode(exitCode).timedOut(timedOut)
                .stdout(stdout, out.truncated())
                .stderr(stderr, err.truncated())
                .elapsed(elapsed)
                .build();
    }

    /** Why a program will not be started, and the exit status a shell would give for it. */
    private record Refusal(String message, int exitCode) {
        static Optional<Refusal> notFound(String message) {
            return Optional.of(new Refusal(message, ProcessOutcome.NOT_FOUND));
        }

        static Optional<Refusal> cannotExecute(String message) {
            return Optional.of(new Refusal(message, ProcessOutcome.CANNOT_EXECUTE));
        }
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
    private static Optional<Refusal> checkProgram(String program, Path workingDirectory) {
        if (!program.contains("/")) {
            return Optional.empty(); // looked up in PATH by setsid; a failure is read from its message
        }
        Path path = Paths.get(program);
        if (!path.isAbsolute() && workingDirectory != null) {
            path = workingDirectory.resolve(path);
        }
        if (!Files.exists(path)) {
            return Refusal.notFound("promise " + program + " does not exist");
        }
        if (Files.isDirectory(path)) {
            return Refusal.cannotExecute("promise " + program + " is a directory, not a program");
        }
        if (!Files.isExecutable(path)) {
            return Refusal.cannotExecute("promise " + program + " is not executable (chmod +x it)");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(HEAD_BYTES);
        } catch (IOException e) {
            return Optional.empty(); // executable but unreadable is legal for a binary: let exec decide
        }
        if (head.length >= 2 && head[0] == '#' && head[1] == '!') {
            return checkInterpreter(program, head);
        }
        if (isElf(head)) {
            return checkMachine(program, head);
        }
        for (byte b : head) {
            if (b == 0) {
                return Refusal.cannotExecute("promise " + program + " cannot be executed: it is neither a script"
                        + " starting with #! nor a program for this machine (exec format error)");
            }
        }
        return Optional.empty(); // text without #!: /bin/sh runs it, as execvp always did
    }

    private static Optional<Refusal> checkInterpreter(String program, byte[] head) {
        String line = new String(head, 2, head.length - 2, StandardCharsets.UTF_8);
        int end = line.indexOf('\n');
        line = (end < 0 ? line : line.substring(0, end)).strip();
        String interpreter = line.split("[ \t]+", 2)[0];
        if (interpreter.isEmpty()) {
            return Refusal.cannotExecute("promise " + program
                    + " cannot be executed: its #! line names no interpreter");
        }
        Path path = Paths.get(interpreter);
        if (!Files.exists(path)) {
            return Refusal.notFound("promise " + program + " names interpreter " + interpreter
                    + " in its #! line, which does not exist");
        }
        if (Files.isDirectory(path) || !Files.isExecutable(path)) {
            return Refusal.cannotExecute("promise " + program + " names interpreter " + interpreter
                    + " in its #! line, which is not executable");
        }
        return Optional.empty();
    }

    private static boolean isElf(byte[] head) {
        return head.length >= 20 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
    }

    private static Optional<Refusal> checkMachine(String program, byte[] head) {
        boolean littleEndian = head[5] == 1;
        int low = littleEndian ? 18 : 19;
        int high = littleEndian ? 19 : 18;
        int machine = (head[low] & 0xff) | (head[high] & 0xff) << 8;
        int expected = elfMachine(System.getProperty("os.arch", ""));
        if (expected != 0 && machine != expected) {
            return Refusal.cannotExecute("promise " + program + " cannot be executed: it is a program for another"
                    + " kind of machine (exec format error)");
        }
        return Optional.empty();
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
