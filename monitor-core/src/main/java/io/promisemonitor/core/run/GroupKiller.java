package io.promisemonitor.core.run;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * Sends SIGKILL to a whole process group where JNA cannot be used ({@link Spawner#withoutJna()}): as
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

    /** Kills group {@code pgid} (checked by the caller, {@link Spawner#killGroup}) through the shared shell. */
    static void killGroup(long pgid) {
        SHARED.kill(pgid);
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
