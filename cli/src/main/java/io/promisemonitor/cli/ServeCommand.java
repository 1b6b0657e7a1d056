package io.promisemonitor.cli;

import io.promisemonitor.cgi.ChildProcessBackend;
import io.promisemonitor.cgi.SpoolBackend;
import io.promisemonitor.cgi.WhereverBackend;
import io.promisemonitor.core.alert.AlertLoop;
import io.promisemonitor.core.alert.Alerting;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.web.MonitorServer;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the web server alone, in the foreground, beside a 'monitor executor' in another"
                + " process (reruns reach it through the rerun spool) or beside system cron (reruns start 'monitor"
                + " run-promise'). It runs no promise code itself.",
            "", "Example:", "  monitor serve --instance /srv/slapgrid/slappart3"})
final class ServeCommand implements Callable<Integer> {

    @Mixin
    Foreground foreground;

    @Override
    public Integer call() throws Exception {
        MonitorConfig monitor = foreground.start();
        Clock clock = Clock.systemDefaultZone();
        // The executor cannot say it stopped: the web side alerts MonitorDown when its heartbeat does.
        Optional<AlertLoop> alerts = Alerting.executorHeartbeat(monitor, clock);
        // Reruns go to the executor when one runs on the instance, else to a child 'monitor run-promise'.
        try (WhereverBackend reruns = WhereverBackend.of(monitor, SpoolBackend.of(monitor, clock),
                ChildProcessBackend.of(monitor, ThisMonitor.command()))) {
            MonitorServer server = MonitorServer.start(monitor, reruns);
            alerts.ifPresent(AlertLoop::start);
            try {
                ExecutorCommand.awaitShutdown();
            } finally {
                alerts.ifPresent(AlertLoop::close);
                server.close();
            }
        }
        return 0;
    }
}
