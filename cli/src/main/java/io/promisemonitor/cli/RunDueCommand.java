package io.promisemonitor.cli;

import io.promisemonitor.core.alert.AlertLoop;
import io.promisemonitor.core.alert.Alerting;
import io.promisemonitor.core.fleet.FleetLimits;
import io.promisemonitor.core.fleet.FleetLoop;
import io.promisemonitor.core.config.ConfigProblem;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.MonitorKeys;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.dashboard.Dashboard;
import io.promisemonitor.core.dashboard.DashboardSettings;
import io.promisemonitor.core.history.AvailabilityReports;
import io.promisemonitor.core.history.HistoryStore;
import io.promisemonitor.core.executor.ExecutorPresence;
import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.core.executor.RunReason;
import io.promisemonitor.core.executor.ServiceRunner;
import io.promisemonitor.core.catalogue.CatalogueChange;
import io.promisemonitor.core.catalogue.CatalogueEntry;
import io.promisemonitor.core.catalogue.ServiceCatalogue;
import io.promisemonitor.core.liveness.Heartbeat;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.publish.Publisher;
import io.promisemonitor.core.publish.LinkReport;
import io.promisemonitor.core.publish.UrlLayout;
import io.promisemonitor.core.status.ServiceStatus;
import io.promisemonitor.core.status.StatusStore;
import io.promisemonitor.web.metrics.MetricsTextfile;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "run-due", mixinStandardHelpOptions = true,
        description = {"Runs, in this one process, every service due now: those whose schedule fired since their last"
                + " run, and those that never ran. Meant for one system cron line a minute ('monitor crontab'"
                + " prints it); a service whose last run still holds its lock is left to that run. Exits 0 unless"
                + " monitor.conf is unreadable.",
            "", "Example:", "  * * * * * monitor run-due --instance /srv/slapgrid/slappart3"})
final class RunDueCommand implements Callable<Integer> {

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.cron");

    @Mixin
    InstanceOption instance;

    private final Clock clock;

    RunDueCommand() {
        this(Clock.systemDefaultZone());
    }

    RunDueCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        LogSetup.configure(false);
        MonitorConfig monitor = instance.monitor();
        PromiseExecutor.prepareFolders(monitor);
        CronLog.rotate(monitor);
        if (ExecutorPresence.running(monitor)) {
            // Its runs are offset inside each minute: cron's at second 0 would run every service twice a minute.
            LOG.log(System.Logger.Level.INFO, "an executor runs on this instance ("
                    + ExecutorPresence.holder(monitor).orElse("its lock is held") + "): the runs are its own, not"
                    + " cron's; remove this cron line or stop the executor");
            return 0;
        }
        Instant now = clock.instant();
        ZoneId zone = monitor.settings().get(MonitorKeys.TIMEZONE).orElse(clock.getZone());

        // What the executor's catalogue and publisher do at its start, once: a broken .cfg is a service (ERROR).
        CatalogueChange catalogue = ServiceCatalogue.readOnce(monitor, now);
        Map<String, ServiceConfig> candidates = new LinkedHashMap<>();
        Map<String, List<ConfigProblem>> problems = new LinkedHashMap<>();
        for (CatalogueEntry entry : catalogue.services().values()) {
            candidates.put(entry.name(), entry.config());
            if (!entry.problems().isEmpty()) {
                problems.put(entry.name(), entry.problems());
            }
        }
        StatusStore store = StatusStore.of(monitor, clock);
        Publisher publisher = new Publisher(monitor, clock,
                Publisher.StatusFiles.of(store::recordedServices, store::remove), name -> false);
        publisher.changed(catalogue);
        LinkReport links = publisher.links();
        List<ServiceConfig> due = DueServices.select(candidates.values(), store::read, now, zone);
        if (due.isEmpty()) {
            afterRuns(monitor, candidates);
            return 0;
        }
        ExecutorService builtIns = Executors.newCachedThreadPool(daemon("built-in"));
        int concurrency = monitor.settings().get(MonitorKeys.CONCURRENCY);
        ExecutorService slots = Executors.newFixedThreadPool(Math.min(concurrency, due.size()), daemon("promise"));
        // The executor's recording path: history, feeds and hooks for each run; closing it publishes what changed.
        try (Dashboard dashboard = Dashboard.withoutExecutor(monitor, clock, List.copyOf(candidates.values()))) {
            ServiceRunner runner = new ServiceRunner(monitor, clock,
                    PromiseRegistry.withInstanceLib(monitor.instanceRoot().resolve("lib")), builtIns,
                    links::forService, dashboard);
            List<Future<?>> runs = new ArrayList<>();
            for (ServiceConfig service : due) {
                runs.add(slots.submit(() -> runOne(runner, service,
                        problems.getOrDefault(service.name(), List.of()))));
            }
            for (Future<?> run : runs) {
                try {
                    run.get();
                } catch (ExecutionException e) {
                    LOG.log(System.Logger.Level.ERROR, "run failed: " + e.getCause() + "; the others go on",
                            e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            slots.shutdownNow();
            builtIns.shutdownNow();
        }
        afterRuns(monitor, candidates);
        return 0;
    }

    /**
     * What the executor does beside its runs, once a cron minute: its heartbeat (so that {@code monitor serve} and
     * the dashboard know runs still happen), its alerts, re-sent every minute while they hold, and the related
     * monitors read into fleet.json (within {@link FleetLimits#CRON_MINUTE}).
     */
    private void afterRuns(MonitorConfig monitor, Map<String, ServiceConfig> services) {
        try {
            Heartbeat.write(monitor, clock.instant());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "heartbeat: " + e.getMessage());
        }
        Alerting.services(monitor, clock, name -> Optional.ofNullable(services.get(name))).ifPresent(AlertLoop::round);
        try {
            // last week's and last month's reports, once each is over; the history is read only then
            DashboardSettings settings = DashboardSettings.of(monitor);
            ZoneId zone = monitor.settings().get(MonitorKeys.TIMEZONE).orElse(clock.getZone());
            AvailabilityReports.catchUp(monitor, clock.instant().atZone(zone), settings.unknownAs(),
                    () -> HistoryStore.open(monitor.historyFolder(), monitor.publicFolder(), clock,
                            monitor.baseUrl().map(UrlLayout::withTrailingSlash)
                                    .orElse(monitor.instanceRoot().toString()), settings.historyRuns(),
                            settings.historyChanges(), settings.feedItems(), settings.historyKeep()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "availability reports: " + e.getMessage());
        }
        MetricsTextfile.of(monitor, clock).ifPresent(MetricsTextfile::writeSafely);
        FleetLoop.roundOnce(monitor, clock, FleetLimits.CRON_MINUTE);
    }

    private static void runOne(ServiceRunner runner, ServiceConfig service, List<ConfigProblem> problems) {
        String name = service.name();
        ServiceRunner.RunRecord record = runner.run(service, problems, RunReason.CRON);
        if (record.outcome().ran()) {
            ServiceStatus s = record.outcome().status().get();
            LOG.log(System.Logger.Level.INFO, name + ": " + s.status() + " in "
                    + String.format(java.util.Locale.ROOT, "%.2f", s.executionTime().toMillis() / 1000.0)
                    + "s: " + s.message().replace('\n', ' '));
        } else {
            LOG.log(System.Logger.Level.INFO, name + ": not run, " + record.outcome().skippedBecause());
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
