package io.promisemonitor.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --instance DIR}, shared by every subcommand. */
final class InstanceOption {

    @Option(names = "--instance", paramLabel = "DIR", defaultValue = ".",
            description = "The instance root, holding etc/monitor.conf (default: the current directory)")
    Path instance;

    Path root() {
        return instance.toAbsolutePath().normalize();
    }
}
