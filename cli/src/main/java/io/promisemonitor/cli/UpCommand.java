package io.promisemonitor.cli;

import io.promisemonitor.cgi.InProcessBackend;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.web.MonitorServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Runs the monitor in the foreground: the promise executor and the web server in one process"
                + " (reruns go straight to the executor). Stop it with Ctrl-C or SIGTERM.",
            "", "Example:", "  monitor up --instance /srv/slapgrid/slappart3"})
final class UpCommand implements Callable<Integer> {

    @Mixin
    Foreground foreground;

    @Override
    public Integer call() throws Exception {
        MonitorConfig monitor = foreground.start();
        ExecutorCommand.Started started = ExecutorCommand.startWithDashboard(monitor);
        try {
            MonitorServer server = MonitorServer.start(monitor, InProcessBackend.of(started.executor()));
            try {
                ExecutorCommand.awaitShutdown();
            } finally {
                server.close();
            }
        } finally {
            started.close();
        }
        return 0;
    }
}
