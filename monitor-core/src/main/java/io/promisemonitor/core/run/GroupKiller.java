package io.promisemonitor.core.run;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * Sends SIGKILL to a whole process group: with kill(2) through JNA where {@link NativeSpawner} works. Otherwise, as
 * Java cannot signal a group and starting {@code /usr/bin/kill} for every run would double the number of processes
 * the executor starts, one long-lived shell per JVM reads {@code kill} lines on its stdin and runs its built-in
 * {@code kill}: a pipe write per run instead of a fork. The shell exits when the JVM does (its stdin closes). If it
 * cannot be used, {@code /usr/bin/kill} is started.
 */
final class GroupKiller {

    private static final GroupKiller SHARED = new GroupKiller();

    private Process shell;
    private OutputStream commands;

    private GroupKiller() {
    }

    static void killGroup(long pgid) {
        check(pgid);
        if (NativeSpawner.available()) {
            NativeSpawner.killGroup(pgid);
        } else {
            SHARED.kill(pgid);
        }
    }

    /** The path taken where JNA cannot be used; for tests. */
    static void killGroupWithShell(long pgid) {
        check(pgid);
        SHARED.kill(pgid);
    }

    private static void check(long pgid) {
        // -1 would be every process we may signal and 0 our own group: never let a bad pid get that far
        if (pgid <= 1 || pgid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("refusing to kill process group " + pgid);
        }
    }

    private synchronized void kill(long pgid) {
        byte[] line = ("kill -s KILL -- -" + pgid + "\n").getBytes(StandardCharsets.US_ASCII);
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                if (shell == null || !shell.isAlive()) {
                    start();
                }
                commands.write(line);
                commands.flush();
                return;
            } catch (IOException e) {
                stop();
            }
        }
        killWithProgram(pgid);
    }

    /** The helper shell's pid, for tests. */
    static OptionalLong shellPid() {
        synchronized (SHARED) {
            Process current = SHARED.shell;
            return current != null && current.isAlive() ? OptionalLong.of(current.pid())
                    : OptionalLong.empty();
        }
    }

    private void start() throws IOException {
        stop();
        shell = new ProcessBuilder("/bin/sh")
                .redirectOutput(Redirect.DISCARD)
                .redirectError(Redirect.DISCARD)
                .start();
        commands = shell.getOutputStream();
    }

    private void stop() {
        if (shell != null) {
            shell.destroyForcibly();
            shell = null;
            commands = null;
        }
    }

    private static void killWithProgram(long pgid) {
        try {
            Process kill = new ProcessBuilder("/usr/bin/kill", "-s", "KILL", "--", "-" + pgid)
                    .redirectOutput(Redirect.DISCARD)
                    .redirectError(Redirect.DISCARD)
                    .start();
            kill.waitFor();
        } catch (IOException e) {
            // nothing left to try; the caller still stops waiting for the group at its deadline
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
