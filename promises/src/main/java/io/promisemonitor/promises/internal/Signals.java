package io.promisemonitor.promises.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Sends any signal to a process. Java's ProcessHandle sends only TERM and KILL, so this runs procps's
 * {@code /usr/bin/kill -s NAME PID}: a fork per signal, fine for a watchdog that signals rarely.
 */
public final class Signals {

    public static final String KILL_PROGRAM = "/usr/bin/kill";
    /** The signals a configuration may name. */
    public static final Set<String> NAMES = Set.of("SEGV", "ABRT", "QUIT", "TERM", "KILL", "HUP", "INT", "USR1",
            "USR2");

    private Signals() {
    }

    /**
     * Sends {@code SIG<name>} to {@code pid}; returns why it failed, if it did.
     *
     * @throws IllegalArgumentException for PID 1, this JVM, its parent, or a signal not in {@link #NAMES}
     */
    public static Optional<String> send(long pid, String name) {
        if (Proc.untouchable(pid)) {
            throw new IllegalArgumentException("refusing to signal pid " + pid + ": never PID 1, the monitor itself or"
                    + " its parent");
        }
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("signal '" + name + "'; allowed: " + String.join(", ",
                    new java.util.TreeSet<>(NAMES)));
        }
        try {
            Process p = new ProcessBuilder(KILL_PROGRAM, "-s", name, Long.toString(pid)).redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.of(KILL_PROGRAM + " did not end within 10 s");
            }
            return p.exitValue() == 0 ? Optional.empty() : Optional.of(KILL_PROGRAM + " -s " + name + " " + pid
                    + " failed (exit " + p.exitValue() + (out.isEmpty() ? "" : ": " + Values.cut(out, 200)) + ")");
        } catch (IOException e) {
            return Optional.of("cannot run " + KILL_PROGRAM + ": " + e.getMessage() + " (Debian package procps)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted before the signal was sent");
        }
    }
}
