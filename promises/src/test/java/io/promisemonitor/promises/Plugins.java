package io.promisemonitor.promises;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real monitoring-plugins binaries the tests compare with or run. A missing one fails the test, naming its
 * Debian package: no test is skipped.
 */
public final class Plugins {

    public static final Path FOLDER = Path.of("/usr/lib/nagios/plugins");
    public static final String PACKAGE = "monitoring-plugins";

    private Plugins() {
    }

    /** The plugin's path, or a failed test saying which package to install. */
    public static Path require(String name) {
        return require(FOLDER.resolve(name), PACKAGE);
    }

    public static Path require(Path program, String debianPackage) {
        if (!Files.isExecutable(program)) {
            fail(program + " is missing: install the Debian package " + debianPackage + " (apt-get install -y "
                    + debianPackage + "; bin/test does it)");
        }
        return program;
    }

    /** Output and exit code of a program run to its end (at most 30 s). */
    public record Output(int code, String stdout) {
    }

    public static Output run(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(argv + " did not end within 30 s");
        }
        return new Output(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
