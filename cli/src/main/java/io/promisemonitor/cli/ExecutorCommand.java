package io.promisemonitor.cli;

import io.promisemonitor.core.alert.AlertLoop;
import io.promisemonitor.core.alert.Alerting;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.dashboard.Dashboard;
import io.promisemonitor.core.executor.ExecutorPresence;
import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.fleet.FleetLimits;
import io.promisemonitor.core.fleet.FleetLoop;
import io.promisemonitor.web.metrics.MetricsTextfile;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "executor", mixinStandardHelpOptions = true,
        description = {"Runs every service's promise on its schedule, in the foreground, without the web server"
                + " (run 'monitor serve' beside it, or use 'monitor up' for both). Logs one line per run.",
            "", "Example:", "  monitor executor --instance /srv/slapgrid/slappart3"})
final class ExecutorCommand implements Callable<Integer> {

    @Mixin
    Foreground foreground;

    @Override
    public Integer call() throws Exception {
        MonitorConfig monitor = foreground.start();
        Started started = startWithDashboard(monitor);
        try {
            awaitShutdown();
        } finally {
            started.close();
        }
        return 0;
    }

    /** The executor and its dashboard (history, pages, feeds, notification hooks); closing stops both. */
    record Started(PromiseExecutor executor, Dashboard dashboard, Optional<AlertLoop> alerts,
            Optional<FleetLoop> fleet, Optional<MetricsTextfile> textfile, ExecutorPresence presence)
            implements AutoCloseable {
        @Override
        public void close() {
            try {
                alerts.ifPresent(AlertLoop::close);
                fleet.ifPresent(FleetLoop::close);
                textfile.ifPresent(MetricsTextfile::close);
                executor.close();
                dashboard.close();
            } finally {
                presence.close();
            }
        }
    }

    /**
     * Starts the executor with its dashboard; the web side's rerun path may call {@code dashboard().renderNow()}
     * (a run queued with reason "rerun" is rendered at once anyway).
     */
    static Started startWithDashboard(MonitorConfig monitor) {
        ExecutorPresence presence = ExecutorPresence.hold(monitor).orElseThrow(() -> new UserError(
                "another executor runs on " + monitor.instanceRoot() + " (" + ExecutorPresence.holder(monitor)
                        .orElse("its lock " + monitor.stateFolder().resolve(ExecutorPresence.FILE) + " is held")
                        + "): stop it first, or run 'monitor serve' beside it", 2));
        try {
            return startHolding(monitor, presence);
        } catch (RuntimeException | Error e) {
            presence.close();
            throw e;
        }
    }

    private static Started startHolding(MonitorConfig monitor, ExecutorPresence presence) {
        PromiseRegistry registry = PromiseRegistry.withInstanceLib(monitor.instanceRoot().resolve("lib"));
        for (String problem : registry.loadProblems()) {
            System.getLogger("io.promisemonitor.cli").log(System.Logger.Level.WARNING, problem);
        }
        Clock clock = Clock.systemDefaultZone();
        PromiseExecutor executor = new PromiseExecutor(monitor, clock, registry, System::nanoTime);
        Dashboard dashboard = Dashboard.attach(executor, clock);
        Optional<AlertLoop> alerts = Alerting.services(monitor, clock, executor::service);
        executor.start();
        dashboard.start();
        alerts.ifPresent(AlertLoop::start);
        // The related monitors are read on threads of the fleet's own, within time and size limits.
        Optional<FleetLoop> fleet = FleetLoop.of(monitor, clock, FleetLimits.DEFAULT);
        fleet.ifPresent(FleetLoop::start);
        Optional<MetricsTextfile> textfile = MetricsTextfile.of(monitor, clock);
        textfile.ifPresent(MetricsTextfile::start);
        System.getLogger("io.promisemonitor.cli").log(System.Logger.Level.INFO, "executor started for "
                + monitor.instanceRoot() + "; status files in " + monitor.publicFolder() + ", dashboard in "
                + monitor.webFolder().resolve("index.html"));
        return new Started(executor, dashboard, alerts, fleet, textfile, presence);
    }

    /** Blocks until SIGTERM or Ctrl-C; the shutdown hook lets the try-with-resources close the executor. */
    static void awaitShutdown() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                closed.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown"));
        try {
            stop.await();
        } finally {
            closed.countDown();
        }
    }
}
