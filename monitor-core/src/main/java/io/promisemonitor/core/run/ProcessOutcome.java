package io.promisemonitor.core.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What one run of a program did: how it ended, what it printed (capped), when it started and how long it took.
 * Immutable; the byte accessors return copies.
 */
public final class ProcessOutcome {

    /** Shell convention for "found but could not be executed". */
    public static final int CANNOT_EXECUTE = 126;
    /** Shell convention for "not found". */
    public static final int NOT_FOUND = 127;

    private static final String[] SIGNAL_NAMES = {
        null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE",
        "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM",
        "PROF", "WINCH", "IO", "PWR", "SYS",
    };

    private final String program;
    private final long pid;
    private final int exitCode;
    private final boolean timedOut;
    private final byte[] stdout;
    private final boolean stdoutTruncated;
    private final long stdoutPrinted;
    private final byte[] stderr;
    private final boolean stderrTruncated;
    private final Instant start;
    private final Duration elapsed;
    private final String startFailure;

    private ProcessOutcome(Builder b) {
        this.program = Objects.requireNonNull(b.program, "program");
        this.pid = b.pid;
        this.exitCode = b.exitCode;
        this.timedOut = b.timedOut;
        this.stdout = b.stdout.clone();
        this.stdoutTruncated = b.stdoutTruncated;
        this.stdoutPrinted = Math.max(b.stdoutPrinted, this.stdout.length);
        this.stderr = b.stderr.clone();
        this.stderrTruncated = b.stderrTruncated;
        this.start = Objects.requireNonNull(b.start, "start");
        this.elapsed = Objects.requireNonNull(b.elapsed, "elapsed");
        this.startFailure = b.startFailure;
    }

    static Builder builder(String program, Instant start) {
        return new Builder(program, start);
    }

    /** The program that was run (the first element of the argv). */
    public String program() {
        return program;
    }

    /** The process id, which is also its process group and session id; empty when it never started. */
    public OptionalLong pid() {
        return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
    }

    /**
     * The exit status as a shell reports it: the program's exit code, 128+N when a signal N killed it, 126 when
     * it could not be executed, 127 when it does not exist, -1 when it outlived even the kill after a timeout.
     */
    public int exitCode() {
        return exitCode;
    }

    /**
     * The signal that killed the program. The JVM reports death by signal N as exit code 128+N, like a shell, so a
     * program that itself exits with 129 to 159 reads as killed too; shells make the same guess.
     */
    public OptionalInt signal() {
        if (startFailure == null && exitCode > 128 && exitCode - 128 < SIGNAL_NAMES.length) {
            return OptionalInt.of(exitCode - 128);
        }
        return OptionalInt.empty();
    }

    public boolean timedOut() {
        return timedOut;
    }

    public byte[] stdout() {
        return stdout.clone();
    }

    public boolean stdoutTruncated() {
        return stdoutTruncated;
    }

    /** How many bytes the program printed on stdout, those beyond the cap included. */
    public long stdoutPrinted() {
        return stdoutPrinted;
    }

    public byte[] stderr() {
        return stderr.clone();
    }

    public boolean stderrTruncated() {
        return stderrTruncated;
    }

    public Instant start() {
        return start;
    }

    public Duration elapsed() {
        return elapsed;
    }

    /** Why the program could not be started, in plain words naming it; empty when it started. */
    public Optional<String> startFailure() {
        return Optional.ofNullable(startFailure);
    }

    /** {@code KILL} for 9; {@code SIG41} for a number without a common name. */
    public static String signalName(int signal) {
        if (signal > 0 && signal < SIGNAL_NAMES.length) {
            return SIGNAL_NAMES[signal];
        }
        return "SIG" + signal;
    }

    @Override
    public String toString() {
        if (startFailure != null) {
            return program + ": " + startFailure;
        }
        return program + ": exit " + exitCode + (timedOut ? " (timed out)" : "") + " after " + elapsed.toMillis()
                + " ms, " + stdout.length + " bytes out, " + stderr.length + " bytes err";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ProcessOutcome)) {
            return false;
        }
        ProcessOutcome other = (ProcessOutcome) o;
        return program.equals(other.program) && pid == other.pid && exitCode == other.exitCode
                && timedOut == other.timedOut && Arrays.equals(stdout, other.stdout)
                && stdoutTruncated == other.stdoutTruncated && stdoutPrinted == other.stdoutPrinted
                && Arrays.equals(stderr, other.stderr)
                && stderrTruncated == other.stderrTruncated && start.equals(other.start)
                && elapsed.equals(other.elapsed) && Objects.equals(startFailure, other.startFailure);
    }

    @Override
    public int hashCode() {
        return Objects.hash(program, pid, exitCode, timedOut, Arrays.hashCode(stdout), Arrays.hashCode(stderr), start,
                elapsed);
    }

    /** Package-private: outcomes come from {@link ProcessRunner}, and from tests of the parser. */
    static final class Builder {
        private final String program;
        private final Instant start;
        private long pid = -1;
        private int exitCode;
        private boolean timedOut;
        private byte[] stdout = new byte[0];
        private boolean stdoutTruncated;
        private long stdoutPrinted;
        private byte[] stderr = new byte[0];
        private boolean stderrTruncated;
        private Duration elapsed = Duration.ZERO;
        private String startFailure;

        private Builder(String program, Instant start) {
            this.program = program;
            this.start = start;
        }

        Builder pid(long value) {
            this.pid = value;
            return this;
        }

        Builder exitCode(int value) {
            this.exitCode = value;
            return this;
        }

        Builder timedOut(boolean value) {
            this.timedOut = value;
            return this;
        }

        Builder stdout(byte[] bytes, boolean truncated) {
            this.stdout = bytes;
            this.stdoutTruncated = truncated;
            return this;
        }

        /** What the program printed in all; the kept bytes when not given. */
        Builder stdoutPrinted(long value) {
            this.stdoutPrinted = value;
            return this;
        }

        Builder stderr(byte[] bytes, boolean truncated) {
            this.stderr = bytes;
            this.stderrTruncated = truncated;
            return this;
        }

        Builder elapsed(Duration value) {
            this.elapsed = value;
            return this;
        }

        Builder startFailure(String message, int code) {
            this.startFailure = message;
            this.exitCode = code;
            return this;
        }

        ProcessOutcome build() {
            return new ProcessOutcome(this);
        }
    }
}
