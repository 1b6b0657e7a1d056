package io.promisemonitor.cli;

import io.promisemonitor.cgi.SpoolBackend;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.web.MonitorServer;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the web server alone, in the foreground, beside a 'monitor executor' in another"
                + " process: reruns reach that executor through the rerun spool. It runs no promise itself.",
            "", "Example:", "  monitor serve --instance /srv/slapgrid/slappart3"})
final class ServeCommand implements Callable<Integer> {

    @Mixin
    Foreground foreground;

    @Override
    public Integer call() throws Exception {
        MonitorConfig monitor = foreground.start();
        try (SpoolBackend reruns = SpoolBackend.of(monitor, Clock.systemDefaultZone())) {
            MonitorServer server = MonitorServer.start(monitor, reruns);
            try {
                ExecutorCommand.awaitShutdown();
            } finally {
                server.close();
            }
        }
        return 0;
    }
}
