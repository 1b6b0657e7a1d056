package io.promisemonitor.cli;

import io.promisemonitor.core.executor.RunReason;
import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.dashboard.OneRun;
import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.core.executor.ServiceRunner;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.status.ServiceStatus;
import io.promisemonitor.core.status.StatusStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run-promise", mixinStandardHelpOptions = true,
        description = {"Runs one service's promise now, honouring its lock, writes its status file and prints it."
                + " The run is recorded as the executor's are: in the history and the feeds, and a status change"
                + " runs the notification hooks (once: the executor does not notify it again)."
                + " Exits 0/1/2/3 for OK/WARNING/ERROR/UNKNOWN, and 4 when another run holds the lock.",
            "", "Example:", "  monitor run-promise --instance /srv/slapgrid/slappart3 kvm-log-parse"})
final class RunPromiseCommand implements Callable<Integer> {

    static final int LOCK_HELD = 4;

    @Mixin
    InstanceOption instance;

    @Parameters(paramLabel = "SERVICE", description = "The service name (its .cfg file's base name)")
    String service;

    @Option(names = "--wait", description = "When another process runs the service, wait for that run to end (up to"
            + " the service's timeout and 30 s more) and run after it, instead of exiting 4")
    boolean waitForLock;

    @Option(names = "--cron", description = "As a cron line runs it: always exits 0 (the log says what happened), and"
            + " a service that no longer exists is logged once, not at every firing")
    boolean cron;

    @Spec
    CommandSpec spec;

    /** Where the result is printed when picocli did not build this command (the cron fast path). */
    PrintWriter plainOut;

    private PrintWriter out() {
        return spec != null ? spec.commandLine().getOut() : plainOut;
    }

    @Override
    public Integer call() {
        MonitorConfig monitor = instance.monitor();
        if (cron) {
            return fromCron(monitor);
        }
        return runOnce(monitor);
    }

    private int fromCron(MonitorConfig monitor) {
        CronLog.rotate(monitor);
        PrintWriter out = out();
        try {
            runOnce(monitor);
        } catch (UserError e) {
            if (e.exitCode() == LOCK_HELD) {
                out.println(e.getMessage());
            } else if (GoneServices.firstTime(monitor, service)) {
                out.println(java.time.LocalDateTime.now(java.time.Clock.systemDefaultZone()).withNano(0) + " " + service
                        + ": no such service (" + e.getMessage() + "); said once: remove its cron line (monitor"
                        + " crontab prints the current ones)");
            }
        }
        return 0;
    }

    private int runOnce(MonitorConfig monitor) {
        PrintWriter out = out();
        Path cfg = ServiceLookup.cfgOf(monitor, service);
        PromiseExecutor.prepareFolders(monitor);
        // read from now on, beside the service's configuration and its run
        OneRun.Opening dashboard = OneRun.open(monitor, Clock.systemDefaultZone());
        InstanceConfig.Loaded loaded = InstanceConfig.loadOrPlaceholder(monitor, cfg);
        GoneServices.forget(monitor, service);
        ServiceRunner.RunRecord record = OneRun.run(dashboard,
                PromiseRegistry.withInstanceLib(monitor.instanceRoot().resolve("lib")), loaded, RunReason.COMMAND_LINE,
                waitForLock);
        if (!record.outcome().ran()) {
            throw new UserError(service + ": not run, " + record.outcome().skippedBecause(), LOCK_HELD);
        }
        ServiceStatus s = record.outcome().status().get();
        out.println(service + ": " + s.status() + ": " + s.message());
        out.println("written to " + StatusStore.of(monitor, Clock.systemDefaultZone()).statusFile(service));
        return s.status().exitCode();
    }
}
