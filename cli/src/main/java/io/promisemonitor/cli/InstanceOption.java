package io.promisemonitor.cli;

import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
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

    /** The instance's {@code etc/monitor.conf}, read. */
    MonitorConfig monitor() {
        return InstanceConfig.loadMonitor(root());
    }
}
