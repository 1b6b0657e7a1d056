package io.promisemonitor.promises.pagekite;

import io.promisemonitor.core.testing.Eventually;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * A stand-in for pagekite.py: a shell script named {@code pagekite} that writes its PID file and, on SIGSEGV,
 * appends {@code SEGV} to a journal before exiting, the proof that the watchdog sent that very signal.
 */
final class FakePagekite implements AutoCloseable {

    final Path pidFile;
    final Path journal;
    final Process process;

    private FakePagekite(Path pidFile, Path journal, Process process) {
        this.pidFile = pidFile;
        this.journal = journal;
        this.process = process;
    }

    static FakePagekite start(Path dir) throws IOException {
        Path script = dir.resolve("bin/pagekite");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/bin/sh\n"
                + "trap 'echo SEGV >> \"$2\"; exit 139' SEGV\n"
                + "trap 'echo TERM >> \"$2\"; exit 143' TERM\n"
                + "echo $$ > \"$1\"\n"
                + "while :; do sleep 1 & wait $!; done\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path pidFile = dir.resolve("run/pagekite.pid");
        Files.createDirectories(pidFile.getParent());
        Path journal = dir.resolve("journal");
        Process p = new ProcessBuilder(script.toString(), pidFile.toString(), journal.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Eventually.await("the fake pagekite wrote its pid file", Duration.ofSeconds(10),
                () -> Files.exists(pidFile) && readable(pidFile));
        return new FakePagekite(pidFile, journal, p);
    }

    private static boolean readable(Path pidFile) {
        try {
            return Files.readString(pidFile).strip().matches("\\d+");
        } catch (IOException e) {
            return false;
        }
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
