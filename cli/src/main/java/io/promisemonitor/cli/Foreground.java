package io.promisemonitor.cli;

import io.promisemonitor.core.config.MonitorConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What the long-running commands share: the instance, {@code --verbose}, and one log line per event. */
final class Foreground {

    @Mixin
    InstanceOption instance;

    @Option(names = "--verbose", description = "Log stack traces and library messages too")
    boolean verbose;

    /** Sets up logging and reads {@code etc/monitor.conf}. */
    MonitorConfig start() {
        LogSetup.configure(verbose);
        return instance.monitor();
    }
}
